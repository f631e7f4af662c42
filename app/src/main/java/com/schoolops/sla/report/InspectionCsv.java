package com.schoolops.sla.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The inspection record for machines: one row per device ({@code row} DEVICE), then one for the site ({@code row} SITE:
 * every device pooled, and the site's own figures in the last columns, empty on the device rows). The column names are
 * English and stable; numbers have a dot and no unit; instants are ISO-8601 (UTC); lists are joined with {@code ;}.
 */
public final class InspectionCsv {
    public static final List<String> COLUMNS = List.of("row", "siteId", "periodStart", "periodEnd", "zone", "deviceId", "deviceType", "days",
            "removedAt", "heartbeatsReceived", "heartbeatsExpected", "neverHeard", "availabilityPct", "outages", "outageMinutes",
            "longestOutageMinutes", "cpuAvgPct", "cpuPeakPct", "memAvgPct", "memPeakPct", "temperatureAvgC", "temperaturePeakC",
            "packetLossAvgPct", "packetLossP95Pct", "tickets", "firmware", "firmwareChanges", "firmwareReference", "firmwareStatus", "advice",
            "switchAvailabilityPct", "switchLossAvgPct", "switchLossP95Pct", "responseCompliancePct", "restoreCompliancePct", "repairRatePct",
            "satisfiedPct", "kpiDeviceAvailabilityPct", "obligationsDue", "obligationsMet", "obligationsMissed", "visitsCompleted",
            "visitSatisfaction");

    private InspectionCsv() {
    }

    public static String render(InspectionRecord r) {
        StringBuilder csv = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        Map<String, FirmwareDrift> driftOf = new TreeMap<>();
        r.drift().forEach(f -> {
            f.onReference().forEach(d -> driftOf.put(d, f));
            f.behind().keySet().forEach(d -> driftOf.put(d, f));
            f.ahead().keySet().forEach(d -> driftOf.put(d, f));
            f.unknown().forEach(d -> driftOf.put(d, f));
        });
        for (DeviceInspection d : r.devices()) {
            FirmwareDrift f = driftOf.get(d.deviceId());
            List<Object> row = new ArrayList<>(List.of("DEVICE", r.siteId(), r.period().firstDay(), r.period().lastDay(), r.zone().getId(),
                    d.deviceId(), d.type().name(), d.days()));
            row.add(d.removedAt() == null ? "" : Instant.ofEpochMilli(d.removedAt()));
            row.addAll(List.of(d.heartbeatsReceived(), d.heartbeatsExpected(), d.neverHeard()));
            row.add(num(d.availabilityPct()));
            row.addAll(List.of(d.outages().size(), minutes(d.outageSeconds()), minutes(d.longestOutageSeconds())));
            metric(row, d.cpu());
            metric(row, d.memory());
            metric(row, d.temperature());
            row.add(num(d.packetLoss().avg()));
            row.add(num(d.lossP95()));
            row.add(d.tickets().size());
            row.add(d.firmware() == null ? "" : d.firmware());
            row.add(d.firmwareChanges().stream().map(c -> Instant.ofEpochMilli(c.getAt()) + " " + (c.getFrom() == null ? "" : c.getFrom())
                    + ">" + c.getTo()).collect(Collectors.joining(";")));
            row.add(f == null || f.reference() == null ? "" : f.reference());
            row.add(status(f, d.deviceId()));
            row.add(r.advice().stream().filter(a -> a.deviceId().equals(d.deviceId())).map(a -> a.rule().name()).collect(Collectors.joining(";")));
            for (int i = 0; i < 13; i++) {
                row.add("");
            }
            line(csv, row);
        }
        List<Object> site = new ArrayList<>(List.of("SITE", r.siteId(), r.period().firstDay(), r.period().lastDay(), r.zone().getId(), "", "", ""));
        site.add("");
        site.add(r.devices().stream().mapToLong(DeviceInspection::heartbeatsReceived).sum());
        site.add(r.devices().stream().mapToLong(DeviceInspection::heartbeatsExpected).sum());
        site.add(r.neverHeard().size());
        long counted = r.devices().stream().mapToLong(DeviceInspection::countedSeconds).sum();
        long available = r.devices().stream().mapToLong(DeviceInspection::availableSeconds).sum();
        site.add(num(counted == 0 ? null : 100.0 * available / counted));
        site.add(r.devices().stream().mapToInt(d -> d.outages().size()).sum());
        site.add(minutes(r.devices().stream().mapToLong(DeviceInspection::outageSeconds).sum()));
        site.add(minutes(r.devices().stream().mapToLong(DeviceInspection::longestOutageSeconds).max().orElse(0)));
        metric(site, DeviceInspection.Metric.pool(r.devices().stream().map(DeviceInspection::cpu).toList()));
        metric(site, DeviceInspection.Metric.pool(r.devices().stream().map(DeviceInspection::memory).toList()));
        metric(site, DeviceInspection.Metric.pool(r.devices().stream().map(DeviceInspection::temperature).toList()));
        site.add(num(r.network().siteLoss().avg()));
        site.add(num(r.network().siteLossP95()));
        site.add(r.tickets());
        site.addAll(List.of("", "", "", r.drift().stream().mapToLong(f -> f.behind().size() + f.ahead().size()).sum()));
        site.add(r.advice().size());
        site.add(num(r.network().switchAvailabilityPct()));
        site.add(num(r.network().switchLoss().avg()));
        site.add(num(r.network().switchLossP95()));
        ServiceReview.Month m = r.sla();
        for (String field : List.of("responseCompliancePct", "restoreCompliancePct", "repairRatePct", "satisfiedPct", "deviceAvailabilityPct")) {
            site.add(num(m.figure(field)));
        }
        site.addAll(List.of(r.obligations().due(), r.obligations().met(), r.obligations().missed(), r.visits().size()));
        site.add(num(r.visitSatisfaction()));
        line(csv, site);
        return csv.toString();
    }

    private static String status(FirmwareDrift f, String deviceId) {
        if (f == null || f.unknown().contains(deviceId)) {
            return "UNKNOWN";
        }
        return f.behind().containsKey(deviceId) ? "BEHIND" : f.ahead().containsKey(deviceId) ? "AHEAD" : "ON_REFERENCE";
    }

    private static void metric(List<Object> row, DeviceInspection.Metric m) {
        row.add(num(m.avg()));
        row.add(num(m.peak()));
    }

    private static void line(StringBuilder csv, List<Object> row) {
        csv.append(row.stream().map(v -> quote(String.valueOf(v))).collect(Collectors.joining(","))).append('\n');
    }

    /** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
    private static String quote(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    private static String num(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String minutes(long seconds) {
        return String.format(Locale.ROOT, "%.1f", seconds / 60.0);
    }
}
