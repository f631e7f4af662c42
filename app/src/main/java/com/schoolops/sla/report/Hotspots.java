package com.schoolops.sla.report;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.KpiScope;
import com.schoolops.sla.avro.SlaKpi;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The month's worst sites and devices of a review, from the escalations the month raised (the KPI records hold no
 * device, and a site's records do not say their contract): a site ranks by its SLA breaches, then its site outages and
 * unticketed device outages, then its lower availability (its own DAILY KPI records); a device by its breaches, then
 * its outages (unticketed, resolved while still down, root cause of a site outage). Only what had trouble is listed.
 */
public record Hotspots(List<Site> sites, List<Device> devices) {
    /** How many of each a review shows. */
    public static final int TOP = 10;

    public record Site(String siteId, int breaches, int siteOutages, int deviceOutages, Double availabilityPct) {
        int trouble() {
            return breaches + siteOutages + deviceOutages;
        }
    }

    public record Device(String deviceId, String siteId, int breaches, int outages) {
        int trouble() {
            return breaches + outages;
        }
    }

    /**
     * The hotspots of {@code scopeId}'s {@code month} (local days of {@code zone}): for a contract, its escalations and
     * the site outages of its sites; for a site, the site's.
     */
    public static Hotspots of(List<Escalation> escalations, List<SlaKpi> kpis, KpiScope scope, String scopeId, YearMonth month,
                              ZoneId zone) {
        List<Escalation> ofMonth = escalations.stream()
                .filter(e -> YearMonth.from(Instant.ofEpochMilli(e.getAt()).atZone(zone)).equals(month)).toList();
        Set<String> sitesInScope = new HashSet<>();
        if (scope == KpiScope.SITE) {
            sitesInScope.add(scopeId);
        } else {
            ofMonth.stream().filter(e -> scopeId.equals(e.getContractId())).forEach(e -> sitesInScope.add(e.getSiteId()));
        }
        // A site outage names no contract: it is the contract's when the site is.
        List<Escalation> inScope = ofMonth.stream().filter(e -> scope == KpiScope.SITE ? scopeId.equals(e.getSiteId())
                : scopeId.equals(e.getContractId()) || e.getContractId() == null && sitesInScope.contains(e.getSiteId())).toList();

        Map<String, int[]> bySite = new TreeMap<>();
        Map<String, int[]> byDevice = new TreeMap<>();
        Map<String, String> siteOfDevice = new TreeMap<>();
        for (Escalation e : inScope) {
            int[] site = bySite.computeIfAbsent(e.getSiteId(), s -> new int[3]);
            int[] device = e.getDeviceId() == null ? new int[2] : byDevice.computeIfAbsent(e.getDeviceId(), d -> new int[2]);
            if (e.getDeviceId() != null) {
                siteOfDevice.put(e.getDeviceId(), e.getSiteId());
            }
            EscalationType type = e.getType();
            if (type == EscalationType.SLA_BREACH) {
                site[0]++;
                device[0]++;
            } else if (type == EscalationType.SITE_OUTAGE) {
                site[1]++;
                device[1]++;
            } else if (type == EscalationType.UNTICKETED_OUTAGE || type == EscalationType.RESOLVED_WHILE_DOWN) {
                site[2]++;
                device[1]++;
            }
        }
        List<Site> sites = bySite.entrySet().stream()
                .map(s -> new Site(s.getKey(), s.getValue()[0], s.getValue()[1], s.getValue()[2],
                        ServiceReview.of(kpis, KpiScope.SITE, s.getKey(), month, Map.of()).total().deviceAvailabilityPct()))
                .filter(s -> s.trouble() > 0)
                .sorted(Comparator.comparingInt(Site::breaches).reversed()
                        .thenComparing(Comparator.comparingInt((Site s) -> s.siteOutages() + s.deviceOutages()).reversed())
                        .thenComparing(s -> s.availabilityPct() == null ? 101.0 : s.availabilityPct())
                        .thenComparing(Site::siteId))
                .limit(TOP).toList();
        List<Device> devices = byDevice.entrySet().stream()
                .map(d -> new Device(d.getKey(), siteOfDevice.get(d.getKey()), d.getValue()[0], d.getValue()[1]))
                .filter(d -> d.trouble() > 0)
                .sorted(Comparator.comparingInt(Device::breaches).reversed()
                        .thenComparing(Comparator.comparingInt(Device::outages).reversed())
                        .thenComparing(Device::deviceId))
                .limit(TOP).toList();
        return new Hotspots(sites, devices);
    }
}
