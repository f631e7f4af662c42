package com.schoolops.sla.health;

import com.schoolops.sla.avro.DeviceHeartbeat;
import com.schoolops.sla.state.DeviceLiveness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tumbling windows of a device's metrics, aligned to the epoch: sums and counts of the current window live in
 * the device's liveness entry (a few bytes, not a window store per device). When a heartbeat falls into a later window,
 * the finished window's averages are compared with the thresholds; the verdict holds until the next window closes.
 */
public final class MetricWindow {
    private final HealthPolicy policy;

    public MetricWindow(HealthPolicy policy) {
        this.policy = policy;
    }

    /** Adds the heartbeat's metrics, closing the current window first if the heartbeat belongs to a later one. */
    public void add(DeviceLiveness state, DeviceHeartbeat heartbeat) {
        long size = policy.metricsWindow().toMillis();
        long start = heartbeat.getTimestamp() - Math.floorMod(heartbeat.getTimestamp(), size);
        if (start > state.getWindowStart()) {
            if (state.getWindowStart() > 0 || hasSamples(state)) {
                state.setMetricAlarm(verdict(state));
            }
            state.setWindowStart(start);
            state.setCpuSum(0f);
            state.setCpuCount(0);
            state.setLossSum(0f);
            state.setLossCount(0);
            state.setTempSum(0f);
            state.setTempCount(0);
        } else if (start < state.getWindowStart()) {
            return; // a late heartbeat for a window already judged
        }
        if (heartbeat.getCpuPct() != null) {
            state.setCpuSum(state.getCpuSum() + heartbeat.getCpuPct().floatValue());
            state.setCpuCount(state.getCpuCount() + 1);
        }
        if (heartbeat.getPacketLossPct() != null) {
            state.setLossSum(state.getLossSum() + heartbeat.getPacketLossPct().floatValue());
            state.setLossCount(state.getLossCount() + 1);
        }
        if (heartbeat.getTemperatureC() != null) {
            state.setTempSum(state.getTempSum() + heartbeat.getTemperatureC().floatValue());
            state.setTempCount(state.getTempCount() + 1);
        }
    }

    private static boolean hasSamples(DeviceLiveness s) {
        return s.getCpuCount() + s.getLossCount() + s.getTempCount() > 0;
    }

    /** Why the window in {@code state} counts as degraded, or null when every average is within its threshold. */
    String verdict(DeviceLiveness s) {
        String window = com.schoolops.sla.config.Durations.format(policy.metricsWindow());
        List<String> over = new ArrayList<>();
        check(over, window + " average CPU", s.getCpuSum(), s.getCpuCount(), policy.cpuPct(), "%");
        check(over, window + " average packet loss", s.getLossSum(), s.getLossCount(), policy.packetLossPct(), "%");
        check(over, window + " average temperature", s.getTempSum(), s.getTempCount(), policy.temperatureC(), " °C");
        return over.isEmpty() ? null : String.join(", ", over);
    }

    private static void check(List<String> over, String what, float sum, int count, double threshold, String unit) {
        if (count > 0 && sum / count > threshold) {
            over.add(String.format(Locale.ROOT, "%s %.1f%s over %s%s", what, sum / count, unit, fmt(threshold), unit));
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
