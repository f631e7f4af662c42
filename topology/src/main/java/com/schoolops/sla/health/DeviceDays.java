package com.schoolops.sla.health;

import com.schoolops.sla.avro.DeviceDay;
import com.schoolops.sla.avro.FirmwareChange;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.avro.MetricDay;
import com.schoolops.sla.avro.ScheduleWindow;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.WindowKind;
import com.schoolops.sla.state.DayTelemetry;
import com.schoolops.sla.state.FirmwareStep;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A device's day as device-daily publishes it: what the liveness stage heard ({@link DayTelemetry}) joined with the
 * time it spent in each state ({@link StateDays.Totals}), the site's maintenance windows of that day, and what was
 * expected of it: one heartbeat per interval of its type over the time it was registered, maintenance left out.
 */
public final class DeviceDays {
    private DeviceDays() {
    }

    /** The record's key: {@code deviceId|YYYY-MM-DD}. */
    public static String key(DayTelemetry t) {
        return t.getDeviceId() + "|" + LocalDays.date(t.getDay());
    }

    /**
     * The day. {@code states} null: nothing of the states is known for it (zeros). {@code schedule} the site's calendar
     * now (its MAINTENANCE windows, the site's own and this device's); {@code interval} the type's heartbeat interval.
     */
    public static DeviceDay of(DayTelemetry t, StateDays.Totals states, String contractId, SiteSchedule schedule, Duration interval) {
        List<long[]> maintenance = maintenance(schedule, t.getDeviceId());
        long maintenanceMs = overlap(maintenance, t.getStart(), t.getEnd());
        int expected = 0;
        if (t.getRegisteredFrom() != null) {
            long from = Math.max(t.getStart(), t.getRegisteredFrom());
            long registeredMs = Math.max(0, t.getEnd() - from) - overlap(maintenance, from, t.getEnd());
            expected = (int) (registeredMs / interval.toMillis());
        }
        List<Long> m = t.getMetrics();
        int[] at = {0};
        MetricDay cpu = metric(m, at);
        MetricDay mem = metric(m, at);
        MetricDay temperature = metric(m, at);
        MetricDay loss = metric(m, at);
        List<Integer> buckets = new ArrayList<>();
        if (!t.getLossBuckets().isEmpty()) {
            for (int i = 0; i < TelemetryDay.LOSS_BOUNDS.length; i++) {
                buckets.add(i < t.getLossBuckets().size() ? t.getLossBuckets().get(i) : 0);
            }
        }
        List<FirmwareChange> changes = new ArrayList<>();
        for (FirmwareStep step : t.getFirmwareChanges()) {
            changes.add(new FirmwareChange(step.getAt(), step.getFrom(), step.getTo()));
        }
        int[] seconds = states == null ? new int[HealthState.values().length] : states.seconds();
        return DeviceDay.newBuilder()
                .setDeviceId(t.getDeviceId()).setSiteId(t.getSiteId()).setDeviceType(t.getDeviceType()).setContractId(contractId)
                .setDay(LocalDays.date(t.getDay())).setZone(t.getZone()).setDayStart(t.getStart()).setDayEnd(t.getEnd())
                .setHeartbeatsReceived(t.getHeartbeats()).setHeartbeatsExpected(expected)
                .setCpuPct(cpu).setMemPct(mem).setTemperatureC(temperature).setPacketLossPct(loss).setPacketLossBuckets(buckets)
                .setFirmware(t.getFirmware()).setFirmwareChanges(changes)
                .setSecondsUp(seconds[HealthState.UP.ordinal()]).setSecondsDegraded(seconds[HealthState.DEGRADED.ordinal()])
                .setSecondsDown(seconds[HealthState.DOWN.ordinal()]).setSecondsUnreachable(seconds[HealthState.UNREACHABLE.ordinal()])
                .setSecondsFlapping(seconds[HealthState.FLAPPING.ordinal()]).setSecondsMaintenance((int) (maintenanceMs / 1000))
                .setDownEpisodes(states == null ? new ArrayList<>() : new ArrayList<>(states.downEpisodes()))
                .setRemovedAt(t.getRemovedAt())
                .build();
    }

    /** The next metric of the packed list ([0], or [samples, min, max, sum] in tenths), or null when it had no sample. */
    private static MetricDay metric(List<Long> packed, int[] at) {
        if (at[0] >= packed.size()) {
            return null;
        }
        long samples = packed.get(at[0]++);
        if (samples <= 0) {
            return null;
        }
        long min = packed.get(at[0]++);
        long max = packed.get(at[0]++);
        long sum = packed.get(at[0]++);
        return new MetricDay(min / 10.0, Math.round(sum * 10.0 / samples) / 100.0, max / 10.0, (int) samples);
    }

    /** The device's MAINTENANCE windows (the site's, and its own), as [start, end) spans. */
    private static List<long[]> maintenance(SiteSchedule schedule, String deviceId) {
        List<long[]> spans = new ArrayList<>();
        if (schedule != null) {
            for (ScheduleWindow w : schedule.getWindows()) {
                if (w.getKind() == WindowKind.MAINTENANCE && (w.getDeviceId() == null || w.getDeviceId().equals(deviceId)) && w.getEnd() > w.getStart()) {
                    spans.add(new long[]{w.getStart(), w.getEnd()});
                }
            }
        }
        spans.sort(Comparator.comparingLong(s -> s[0]));
        return spans;
    }

    /** How much of [from, to) the spans cover (overlapping spans counted once). */
    static long overlap(List<long[]> sortedSpans, long from, long to) {
        long covered = 0;
        long reached = from;
        for (long[] s : sortedSpans) {
            long start = Math.max(s[0], reached);
            long end = Math.min(s[1], to);
            if (end > start) {
                covered += end - start;
                reached = end;
            }
        }
        return covered;
    }
}
