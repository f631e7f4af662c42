package com.schoolops.sla.report;

import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceDay;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.KpiScope;
import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.Site;
import com.schoolops.sla.avro.SlaKpi;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.avro.VisitType;
import com.schoolops.sla.policy.Contract;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The inspection record of a site for a month or a quarter (SPEC section 11; the seeds' 巡检报告 and 巡检记录表): per
 * device, its days of {@code device-daily} added up ({@link DeviceInspection}); per site, the network's stability, the
 * firmware drift, the devices never heard, the SLA compliance against the contract's targets, the obligations met and
 * missed, the visits and their satisfaction, and the maintenance advice by rule. Pure: built from records read elsewhere.
 * A device removed from the registry keeps its days: the record is made of the days, not of today's registry.
 *
 * @param siteName     the school's name as site-registry gives it; null when it gives none
 * @param contract     the contract's terms (its targets), if known
 * @param repeatFailures the REPEAT_FAILURE escalations of the period, by device
 * @param contradicted the INSPECTION_CONTRADICTED escalations of the period
 */
public record InspectionRecord(String siteId, String siteName, String contractId, ReportPeriod period, ZoneId zone,
                               List<DeviceInspection> devices, Network network, List<FirmwareDrift> drift, List<String> neverHeard,
                               List<TargetCheck> targets, ServiceReview.Month sla, ObligationsReview.Counts obligations,
                               List<ObligationsReview.Missed> obligationsMissed, List<Visit> visits, Map<String, Integer> repeatFailures,
                               List<Escalation> contradicted, List<MaintenanceAdvice.Advice> advice) {

    /** The switches carry the site: their availability, outages and packet loss; and the loss of every device at the site. */
    public record Network(int switches, Double switchAvailabilityPct, int switchOutages, long switchOutageSeconds,
                          DeviceInspection.Metric switchLoss, Double switchLossP95, DeviceInspection.Metric siteLoss, Double siteLossP95) {
    }

    /** A contract target and the period's figure: met when the figure is at least the target; null when nothing was judged. */
    public record TargetCheck(String field, double target, Double figure) {
        public Boolean met() {
            return figure == null ? null : figure >= target;
        }
    }

    /** A visit COMPLETED in the period (not withdrawn by a CANCELLED of the same id). */
    public record Visit(String visitId, String kind, String mode, long at, List<String> engineers, String findings, Integer satisfaction) {
    }

    /** Everything read, any site and time: the record keeps the site's and the period's. */
    public record Inputs(List<DeviceDay> days, List<Escalation> escalations, List<SlaKpi> kpis, List<TicketEvent> tickets,
                         List<ServiceVisit> visits, Map<String, Site> sites, Map<String, Device> devices) {
    }

    /**
     * The record of {@code siteId} for {@code period}, local days of {@code zone} (the contract calendar's, as the KPI days).
     *
     * @param contract the contract's terms in force at the period's end, if known (its targets)
     */
    public static InspectionRecord of(Inputs in, String siteId, ReportPeriod period, ZoneId zone, Contract contract) {
        Site site = in.sites().get(siteId);
        Map<String, List<DeviceDay>> byDevice = new TreeMap<>();
        for (DeviceDay d : in.days()) {
            if (siteId.equals(d.getSiteId()) && period.contains(LocalDate.parse(d.getDay()))) {
                byDevice.computeIfAbsent(d.getDeviceId(), k -> new ArrayList<>()).add(d);
            }
        }
        Map<String, Set<String>> ticketsByDevice = new TreeMap<>();
        for (TicketEvent t : in.tickets()) {
            if (t.getType() == TicketEventType.OPENED && siteId.equals(t.getSiteId()) && t.getDeviceId() != null
                    && period.contains(t.getTimestamp(), zone)) {
                ticketsByDevice.computeIfAbsent(t.getDeviceId(), k -> new HashSet<>()).add(t.getTicketId());
            }
        }
        List<DeviceInspection> devices = byDevice.entrySet().stream()
                .map(e -> DeviceInspection.of(distinctDays(e.getValue()), List.copyOf(ticketsByDevice.getOrDefault(e.getKey(), Set.of()))))
                .sorted(Comparator.comparing(DeviceInspection::type).thenComparing(DeviceInspection::deviceId)).toList();

        Map<DeviceType, String> firmwareTargets = contract == null ? Map.of() : contract.firmwareTargets();
        List<FirmwareDrift> drift = FirmwareDrift.of(devices, firmwareTargets);
        Map<String, Integer> repeat = new TreeMap<>();
        List<Escalation> contradicted = new ArrayList<>();
        Map<String, ObligationsReview.Missed> missed = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>(); // by escalation id: a record read twice counts once
        for (Escalation e : in.escalations()) {
            if (!siteId.equals(e.getSiteId()) || !seen.add(e.getEscalationId())) {
                continue;
            }
            if (e.getType() == EscalationType.REPEAT_FAILURE && e.getDeviceId() != null && period.contains(e.getAt(), zone)) {
                repeat.merge(e.getDeviceId(), 1, Integer::sum);
            } else if (e.getType() == EscalationType.INSPECTION_CONTRADICTED && period.contains(e.getAt(), zone)) {
                contradicted.add(e);
            } else if (e.getType() == EscalationType.OBLIGATION_MISSED && e.getPeriodStart() != null && e.getPeriodEnd() != null) {
                LocalDate lastDay = Instant.ofEpochMilli(e.getPeriodEnd() - 1).atZone(zone).toLocalDate();
                if (period.contains(lastDay)) { // an occurrence is its period's last day's, as its count is
                    missed.put(e.getEscalationId(), new ObligationsReview.Missed(e.getSiteId(), e.getObligationId(),
                            Instant.ofEpochMilli(e.getPeriodStart()).atZone(zone).toLocalDate(), lastDay));
                }
            }
        }
        contradicted.sort(Comparator.comparingLong(Escalation::getAt));

        List<SlaKpi> kpiDays = ServiceReview.days(in.kpis(), KpiScope.SITE, siteId, period.firstMonth(), period.lastMonth());
        ServiceReview.Month sla = ServiceReview.total(kpiDays);
        List<TargetCheck> targets = new ArrayList<>();
        if (contract != null) {
            Contract.KPI_TARGETS.stream().filter(contract.kpiTargets()::containsKey)
                    .forEach(f -> targets.add(new TargetCheck(f, contract.kpiTargets().get(f), sla.figure(f))));
        }
        return new InspectionRecord(siteId, site == null ? null : site.getName(),
                site != null ? site.getContractId() : contract != null ? contract.id() : null, period, zone, devices, network(devices), drift,
                devices.stream().filter(DeviceInspection::neverHeard).map(DeviceInspection::deviceId).toList(), targets, sla,
                ObligationsReview.Counts.of(kpiDays), missed.values().stream().sorted(Comparator.comparing(ObligationsReview.Missed::obligationId)
                        .thenComparing(ObligationsReview.Missed::firstDay)).toList(),
                visits(in.visits(), siteId, period, zone), repeat, List.copyOf(contradicted), MaintenanceAdvice.of(devices, drift, repeat));
    }

    /** One record per local day: a day read twice (a topic read from its start holds each once; files may not) counts once. */
    private static List<DeviceDay> distinctDays(List<DeviceDay> days) {
        Map<String, DeviceDay> byDay = new TreeMap<>();
        days.forEach(d -> byDay.put(d.getDay(), d));
        return List.copyOf(byDay.values());
    }

    private static Network network(List<DeviceInspection> devices) {
        List<DeviceInspection> switches = devices.stream().filter(d -> d.type() == DeviceType.SWITCH).toList();
        long counted = switches.stream().mapToLong(DeviceInspection::countedSeconds).sum();
        long available = switches.stream().mapToLong(DeviceInspection::availableSeconds).sum();
        return new Network(switches.size(), counted == 0 ? null : 100.0 * available / counted,
                switches.stream().mapToInt(d -> d.outages().size()).sum(), switches.stream().mapToLong(DeviceInspection::outageSeconds).sum(),
                DeviceInspection.Metric.pool(switches.stream().map(DeviceInspection::packetLoss).toList()), DeviceInspection.p95(buckets(switches)),
                DeviceInspection.Metric.pool(devices.stream().map(DeviceInspection::packetLoss).toList()), DeviceInspection.p95(buckets(devices)));
    }

    private static int[] buckets(List<DeviceInspection> devices) {
        int[] sum = new int[DeviceInspection.LOSS_BOUNDS.length];
        devices.forEach(d -> {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += d.lossBuckets()[i];
            }
        });
        return sum;
    }

    private static List<Visit> visits(List<ServiceVisit> visits, String siteId, ReportPeriod period, ZoneId zone) {
        Set<String> cancelled = new HashSet<>();
        visits.stream().filter(v -> v.getType() == VisitType.CANCELLED).forEach(v -> cancelled.add(v.getVisitId()));
        Map<String, Visit> completed = new TreeMap<>();
        for (ServiceVisit v : visits) {
            if (v.getType() == VisitType.COMPLETED && siteId.equals(v.getSiteId()) && !cancelled.contains(v.getVisitId())
                    && period.contains(v.getTimestamp(), zone)) {
                completed.put(v.getVisitId(), new Visit(v.getVisitId(), v.getKind().name(), v.getMode() == null ? null : v.getMode().name(),
                        v.getTimestamp(), List.copyOf(v.getEngineers()), v.getFindings() == null ? null : v.getFindings().name(),
                        v.getSatisfaction()));
            }
        }
        return completed.values().stream().sorted(Comparator.comparingLong(Visit::at)).toList();
    }

    /** The mean of the visits' ratings (1–5); null when none was rated. */
    public Double visitSatisfaction() {
        return visits.stream().filter(v -> v.satisfaction() != null).mapToInt(Visit::satisfaction).average().stream().boxed()
                .findFirst().orElse(null);
    }

    /** The tickets OPENED in the period naming a device of the site. */
    public int tickets() {
        return devices.stream().mapToInt(d -> d.tickets().size()).sum();
    }
}
