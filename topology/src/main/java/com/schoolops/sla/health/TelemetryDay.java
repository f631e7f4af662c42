package com.schoolops.sla.health;

import com.schoolops.sla.avro.DeviceHeartbeat;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.state.DayTelemetry;
import com.schoolops.sla.state.DeviceLiveness;
import com.schoolops.sla.state.FirmwareStep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one device's heartbeats said in the current local day, counted by the liveness stage per heartbeat in memory:
 * how many came, each metric's samples, min, max and sum (in tenths, whole numbers: a few bytes each when stored),
 * packet loss per bucket, the firmware and its changes. It is written into the device's liveness entry only when the
 * entry is written anyway ({@link #writeTo}), and sent to the site once the day is over ({@link #telemetry}).
 */
final class TelemetryDay {
    /** The upper bounds of the packet-loss buckets, in %, as DeviceDay.packetLossBuckets names them. */
    static final double[] LOSS_BOUNDS = {0, 0.5, 1, 2, 5, 10, 20, 100};
    /** cpuPct, memPct, temperatureC, packetLossPct. */
    static final int METRICS = 4;
    /** Firmware changes kept per day (the oldest go first): a device that keeps flipping needs no longer list. */
    static final int MAX_FIRMWARE_CHANGES = 8;
    /** A sample beyond this (in tenths) is taken as this: a broken agent's number must not overflow a day's sum. */
    private static final long LIMIT = 10_000_000;

    /** The local day counted (days since 1970-01-01); 0: none yet. */
    int day;
    /** Ms after the day's start from which the device is registered that day; -1: not registered. */
    int registeredFrom;
    int heartbeats;
    /** Per metric: samples, min, max, sum (tenths); null until the day's first sample. */
    private long[] metrics;
    /** Samples per packet-loss bucket; null until the day's first packet-loss sample. */
    private int[] loss;
    String firmware;
    private List<FirmwareStep> firmwareChanges = new ArrayList<>();

    /** The day's telemetry as stored in {@code entry}. */
    static TelemetryDay of(DeviceLiveness entry) {
        TelemetryDay t = new TelemetryDay();
        t.day = entry.getDay();
        t.registeredFrom = entry.getDayRegisteredFrom();
        t.heartbeats = entry.getDayHeartbeats();
        List<Long> packed = entry.getDayMetrics();
        if (!packed.isEmpty()) {
            t.metrics = new long[METRICS * 4];
            int at = 0;
            for (int m = 0; m < METRICS && at < packed.size(); m++) {
                long samples = packed.get(at++);
                if (samples > 0) {
                    t.metrics[m * 4] = samples;
                    t.metrics[m * 4 + 1] = packed.get(at++);
                    t.metrics[m * 4 + 2] = packed.get(at++);
                    t.metrics[m * 4 + 3] = packed.get(at++);
                }
            }
        }
        if (!entry.getDayLossBuckets().isEmpty()) {
            t.loss = new int[LOSS_BOUNDS.length];
            for (int i = 0; i < Math.min(LOSS_BOUNDS.length, entry.getDayLossBuckets().size()); i++) {
                t.loss[i] = entry.getDayLossBuckets().get(i);
            }
        }
        t.firmware = entry.getFirmware();
        t.firmwareChanges = new ArrayList<>(entry.getDayFirmwareChanges());
        return t;
    }

    /** Stores the day's telemetry into the liveness entry, before the entry is written. */
    void writeTo(DeviceLiveness entry) {
        entry.setDay(day);
        entry.setDayRegisteredFrom(registeredFrom);
        entry.setDayHeartbeats(heartbeats);
        entry.setDayMetrics(packedMetrics());
        entry.setDayLossBuckets(lossBuckets());
        entry.setFirmware(firmware);
        entry.setDayFirmwareChanges(new ArrayList<>(firmwareChanges));
    }

    /** The next day to count, from its start: nothing heard yet, registered all day or not at all; the firmware stays. */
    void startDay(int newDay, boolean registered) {
        startDay(newDay, registered ? 0 : -1);
    }

    /** A day to count from scratch, registered from {@code registeredFromMs} after its start (-1: not registered). */
    void startDay(int newDay, int registeredFromMs) {
        day = newDay;
        registeredFrom = registeredFromMs;
        heartbeats = 0;
        metrics = null;
        loss = null;
        firmwareChanges = new ArrayList<>();
    }

    /** Counts a heartbeat of this day. Returns whether the firmware it reports is new (the entry is then worth a write). */
    boolean add(DeviceHeartbeat hb) {
        heartbeats++;
        sample(0, hb.getCpuPct());
        sample(1, hb.getMemPct());
        sample(2, hb.getTemperatureC());
        Double lossPct = hb.getPacketLossPct();
        if (sample(3, lossPct)) {
            if (loss == null) {
                loss = new int[LOSS_BOUNDS.length];
            }
            loss[bucket(lossPct)]++;
        }
        String reported = hb.getFirmware();
        if (reported == null || reported.equals(firmware)) {
            return false;
        }
        if (firmware != null) { // the first firmware a device reports is no change
            if (firmwareChanges.size() == MAX_FIRMWARE_CHANGES) {
                firmwareChanges.remove(0);
            }
            firmwareChanges.add(new FirmwareStep(hb.getTimestamp(), firmware, reported));
        }
        firmware = reported;
        return true;
    }

    /** The day, over at {@code end} (its end, or the device's removal), as the site is told it. */
    DayTelemetry telemetry(String deviceId, String siteId, DeviceType type, LocalDays days, Long removedAt) {
        long start = days.start(day);
        long end = removedAt != null ? Math.max(start, removedAt) : days.end(day);
        return DayTelemetry.newBuilder().setDeviceId(deviceId).setSiteId(siteId).setDeviceType(type).setDay(day)
                .setZone(days.zone().getId()).setStart(start).setEnd(end)
                .setRegisteredFrom(registeredFrom < 0 ? null : start + registeredFrom).setRemovedAt(removedAt)
                .setHeartbeats(heartbeats).setMetrics(packedMetrics()).setLossBuckets(lossBuckets()).setFirmware(firmware)
                .setFirmwareChanges(new ArrayList<>(firmwareChanges)).build();
    }

    /** The bucket of a packet-loss sample: the first bound at or above it (the last for anything above 100 %). */
    static int bucket(double lossPct) {
        for (int i = 0; i < LOSS_BOUNDS.length; i++) {
            if (lossPct <= LOSS_BOUNDS[i]) {
                return i;
            }
        }
        return LOSS_BOUNDS.length - 1;
    }

    /** Whether the value counted (a number; null and NaN are not samples). */
    private boolean sample(int metric, Double value) {
        if (value == null || value.isNaN()) {
            return false;
        }
        long tenths = Math.max(-LIMIT, Math.min(LIMIT, Math.round(value * 10)));
        if (metrics == null) {
            metrics = new long[METRICS * 4];
        }
        int at = metric * 4;
        if (metrics[at] == 0) {
            metrics[at + 1] = tenths;
            metrics[at + 2] = tenths;
        } else {
            metrics[at + 1] = Math.min(metrics[at + 1], tenths);
            metrics[at + 2] = Math.max(metrics[at + 2], tenths);
        }
        metrics[at]++;
        metrics[at + 3] += tenths;
        return true;
    }

    private List<Long> packedMetrics() {
        if (metrics == null) {
            return new ArrayList<>();
        }
        List<Long> packed = new ArrayList<>(METRICS * 4);
        for (int m = 0; m < METRICS; m++) {
            int at = m * 4;
            packed.add(metrics[at]);
            if (metrics[at] > 0) {
                packed.add(metrics[at + 1]);
                packed.add(metrics[at + 2]);
                packed.add(metrics[at + 3]);
            }
        }
        return packed;
    }

    private List<Integer> lossBuckets() {
        List<Integer> buckets = new ArrayList<>();
        if (loss != null) {
            int last = loss.length - 1;
            while (last >= 0 && loss[last] == 0) {
                last--;
            }
            for (int i = 0; i <= last; i++) {
                buckets.add(loss[i]);
            }
        }
        return buckets;
    }

    @Override
    public String toString() {
        return "day " + day + ": " + heartbeats + " heartbeats, metrics " + Arrays.toString(metrics) + ", loss " + Arrays.toString(loss)
                + ", firmware " + firmware + " " + firmwareChanges;
    }
}
