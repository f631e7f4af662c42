package com.schoolops.sla.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The inspection record's maintenance advice (维护建议, seed-004's 出具系统检查报告和维护建议), by documented rules only:
 * each rule names the device and the figure that set it off, so an engineer can check it. The thresholds are here and in
 * the README (The inspection record); the texts are {@code advice.<RULE>} of {@code i18n/inspection}.
 */
public final class MaintenanceAdvice {
    /** A device whose average temperature over the period is above this (°C): its cooling, dust and airflow need a look. */
    public static final double TEMPERATURE_AVG_C = 60;
    /** …or whose peak temperature is above this (°C). */
    public static final double TEMPERATURE_PEAK_C = 75;
    /** A device whose packet loss p95 is above this (%): its cabling, port or uplink needs a look. */
    public static final double PACKET_LOSS_P95_PCT = 2;

    private MaintenanceAdvice() {
    }

    public enum Rule {
        /** Average or peak temperature over the thresholds. */
        TEMPERATURE,
        /** Packet loss p95 over the threshold. */
        PACKET_LOSS,
        /** Firmware older than the contract's target or the fleet majority of its type. */
        FIRMWARE_BEHIND,
        /** A REPEAT_FAILURE escalation named the device in the period: find the root cause (S3: 对频繁出现故障的设备，排查根本原因). */
        REPEAT_FAILURE,
        /** Registered the whole record and never heard: installed, powered, its agent configured? */
        NEVER_HEARD
    }

    /** One piece of advice: the rule, the device, and the figures its text puts in ({@code {0}} …), already written. */
    public record Advice(Rule rule, String deviceId, List<String> figures) {
    }

    /**
     * The advice for the devices of a record.
     *
     * @param repeatFailures how many REPEAT_FAILURE escalations named each device in the period
     */
    public static List<Advice> of(List<DeviceInspection> devices, List<FirmwareDrift> drift, Map<String, Integer> repeatFailures) {
        List<Advice> advice = new ArrayList<>();
        for (DeviceInspection d : devices) {
            if (d.neverHeard()) {
                advice.add(new Advice(Rule.NEVER_HEARD, d.deviceId(), List.of(String.valueOf(d.days()))));
                continue; // nothing else can be said of it
            }
            if (repeatFailures.getOrDefault(d.deviceId(), 0) > 0) {
                advice.add(new Advice(Rule.REPEAT_FAILURE, d.deviceId(), List.of(String.valueOf(repeatFailures.get(d.deviceId())),
                        String.valueOf(d.outages().size()), String.valueOf(d.tickets().size()))));
            }
            DeviceInspection.Metric t = d.temperature();
            if (t.samples() > 0 && (t.avg() > TEMPERATURE_AVG_C || t.peak() > TEMPERATURE_PEAK_C)) {
                advice.add(new Advice(Rule.TEMPERATURE, d.deviceId(), List.of(one(t.avg()), one(t.peak()), one(TEMPERATURE_AVG_C),
                        one(TEMPERATURE_PEAK_C))));
            }
            Double p95 = d.lossP95();
            if (p95 != null && p95 > PACKET_LOSS_P95_PCT) {
                advice.add(new Advice(Rule.PACKET_LOSS, d.deviceId(), List.of(one(p95), two(d.packetLoss().avg()), one(PACKET_LOSS_P95_PCT))));
            }
        }
        for (FirmwareDrift f : drift) {
            Set<Map.Entry<String, String>> behind = f.behind().entrySet();
            for (Map.Entry<String, String> b : behind) {
                advice.add(new Advice(Rule.FIRMWARE_BEHIND, b.getKey(), List.of(b.getValue(), f.reference(), f.source().name())));
            }
        }
        return advice;
    }

    static String one(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String two(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
