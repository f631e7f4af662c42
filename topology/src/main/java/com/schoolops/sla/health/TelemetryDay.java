package com.schoolops.sla.health;

import com.schoolops.sla.avro.DeviceHeartbeat;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.state.DayTelemetry;
import com.schoolops.sla.state.FirmwareStep;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one device's heartbeats said in the current local day, counted by the liveness stage per heartbeat in memory:
 * how many came, each metric's samples, min, max and sum (in tenths, whole numbers), packet loss per bucket, the
 * firmware and its changes. It is stored by itself ({@link HealthStores#TELEMETRY_DAYS}, {@link #pack}) once per metric
 * window of the device and whenever the day or the firmware changes, and sent to the site once the day is over
 * ({@link #telemetry}).
 * <p>
 * <b>Stored form.</b> Written for every device every few minutes, the day is packed in a form that costs a few dozen
 * nanoseconds to write, where Avro's arrays of boxed numbers cost about ten times that, and holds as few bytes as the
 * state per device allows (about 33 for a day of heartbeats with all four metrics and a firmware): version 1, then as
 * varints (signed ones zig-zag) the day (days since 1970-01-01), registeredFrom + 1 (0:
 * not registered), the heartbeats; a byte with a bit per
 * metric carried by every heartbeat; per metric, unless its bit is set, the heartbeats without it, and when it has
 * samples, min, max − min and sum − samples × min (a steady metric is then a few bytes); the number of packet-loss
 * buckets kept (trailing empty ones left out) and each; the firmware and each change (at, from, to), a text as its
 * UTF-8 length + 1 (0: none) and its bytes. Its layout is part of the state format: a change to it is a new version
 * byte, read beside the old one.
 */
final class TelemetryDay {
    /** The upper bounds of the packet-loss buckets, in %, as DeviceDay.packetLossBuckets names them. */
    static final double[] LOSS_BOUNDS = {0, 0.5, 1, 2, 5, 10, 20, 100};
    /** cpuPct, memPct, temperatureC, packetLossPct. */
    static final int METRICS = 4;
    /** Firmware changes kept per day (the oldest go first): a device that keeps flipping needs no longer list. */
    static final int MAX_FIRMWARE_CHANGES = 8;
    private static final byte VERSION = 1;
    /** A sample beyond this (in tenths) is taken as this: a broken agent's number must not overflow a day's sum. */
    private static final long LIMIT = 100_000_000;
    /** Where the packet-loss buckets start in {@link #counts}, after each metric's samples, min and max. */
    private static final int LOSS = METRICS * 3;

    /** The local day counted (days since 1970-01-01); 0: none yet. */
    int day;
    /** Ms after the day's start from which the device is registered that day; -1: not registered. */
    int registeredFrom;
    int heartbeats;
    /** Per metric its samples, min and max in tenths, then the samples per packet-loss bucket; null until the day's first sample. */
    private int[] counts;
    /** Per metric the sum of its samples in tenths. */
    private long[] sums;
    private String firmware;
    private List<FirmwareStep> firmwareChanges = List.of();

    /** The day as stored (null or empty: none yet). */
    static TelemetryDay unpack(ByteBuffer stored) {
        TelemetryDay t = new TelemetryDay();
        if (stored == null || !stored.hasRemaining()) {
            return t;
        }
        ByteBuffer in = stored.duplicate();
        byte version = in.get();
        if (version != VERSION) {
            throw new IllegalStateException("a day of telemetry packed as version " + version + ", which this release does not know");
        }
        t.day = (int) signed(in);
        t.registeredFrom = (int) varint(in) - 1;
        t.heartbeats = (int) varint(in);
        int everyHeartbeat = in.get();
        for (int m = 0; m < METRICS; m++) {
            int samples = (everyHeartbeat & 1 << m) != 0 ? t.heartbeats : t.heartbeats - (int) varint(in);
            if (samples > 0) {
                t.ensureCounts();
                int min = (int) signed(in);
                t.counts[m * 3] = samples;
                t.counts[m * 3 + 1] = min;
                t.counts[m * 3 + 2] = min + (int) varint(in);
                t.sums[m] = (long) samples * min + signed(in);
            }
        }
        int buckets = (int) varint(in);
        for (int b = 0; b < buckets; b++) {
            t.ensureCounts();
            t.counts[LOSS + b] = (int) varint(in);
        }
        t.firmware = text(in);
        int changes = (int) varint(in);
        if (changes > 0) {
            t.firmwareChanges = new ArrayList<>();
            for (int c = 0; c < changes; c++) {
                long at = signed(in);
                String from = text(in);
                t.firmwareChanges.add(new FirmwareStep(at, from, text(in)));
            }
        }
        return t;
    }

    /** The day packed to be stored. */
    ByteBuffer pack() {
        ByteBuffer out = ByteBuffer.allocate(128);
        out = put(out, VERSION);
        out = signed(out, day);
        out = varint(out, registeredFrom + 1L);
        out = varint(out, heartbeats);
        int everyHeartbeat = 0;
        for (int m = 0; m < METRICS; m++) {
            if (heartbeats > 0 && counts != null && counts[m * 3] == heartbeats) {
                everyHeartbeat |= 1 << m;
            }
        }
        out = put(out, (byte) everyHeartbeat);
        for (int m = 0; m < METRICS; m++) {
            int samples = counts == null ? 0 : counts[m * 3];
            if ((everyHeartbeat & 1 << m) == 0) {
                out = varint(out, heartbeats - samples);
            }
            if (samples > 0) {
                int min = counts[m * 3 + 1];
                out = signed(out, min);
                out = varint(out, (long) counts[m * 3 + 2] - min);
                out = signed(out, sums[m] - (long) samples * min);
            }
        }
        int buckets = lossBucketsKept();
        out = varint(out, buckets);
        for (int b = 0; b < buckets; b++) {
            out = varint(out, counts[LOSS + b]);
        }
        out = text(out, firmware);
        out = varint(out, firmwareChanges.size());
        for (FirmwareStep step : firmwareChanges) {
            out = signed(out, step.getAt());
            out = text(out, step.getFrom());
            out = text(out, step.getTo());
        }
        out.flip();
        return out;
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
        counts = null;
        sums = null;
        firmwareChanges = List.of();
    }

    /** Counts a heartbeat of this day. Returns whether the firmware it reports is new (the entry is then worth a write). */
    boolean add(DeviceHeartbeat hb) {
        heartbeats++;
        sample(0, hb.getCpuPct());
        sample(1, hb.getMemPct());
        sample(2, hb.getTemperatureC());
        Double lossPct = hb.getPacketLossPct();
        if (sample(3, lossPct)) {
            counts[LOSS + bucket(lossPct)]++;
        }
        String reported = hb.getFirmware();
        if (reported == null || reported.equals(firmware)) {
            return false;
        }
        if (firmware != null) { // the first firmware a device reports is no change
            List<FirmwareStep> changes = new ArrayList<>(firmwareChanges);
            if (changes.size() == MAX_FIRMWARE_CHANGES) {
                changes.remove(0);
            }
            changes.add(new FirmwareStep(hb.getTimestamp(), firmware, reported));
            firmwareChanges = changes;
        }
        firmware = reported;
        return true;
    }

    /** The day, over at {@code end} (its end, or the device's removal), as the site is told it. */
    DayTelemetry telemetry(String deviceId, String siteId, DeviceType type, LocalDays days, Long removedAt) {
        long start = days.start(day);
        long end = removedAt != null ? Math.max(start, removedAt) : days.end(day);
        List<Long> metrics = new ArrayList<>();
        for (int m = 0; counts != null && m < METRICS; m++) {
            int samples = counts == null ? 0 : counts[m * 3];
            metrics.add((long) samples);
            if (samples > 0) {
                metrics.addAll(List.of((long) counts[m * 3 + 1], (long) counts[m * 3 + 2], sums[m]));
            }
        }
        List<Integer> buckets = new ArrayList<>();
        for (int b = 0; b < lossBucketsKept(); b++) {
            buckets.add(counts[LOSS + b]);
        }
        return DayTelemetry.newBuilder().setDeviceId(deviceId).setSiteId(siteId).setDeviceType(type).setDay(day)
                .setZone(days.zone().getId()).setStart(start).setEnd(end)
                .setRegisteredFrom(registeredFrom < 0 ? null : start + registeredFrom).setRemovedAt(removedAt)
                .setHeartbeats(heartbeats).setMetrics(metrics).setLossBuckets(buckets).setFirmware(firmware)
                .setFirmwareChanges(new ArrayList<>(firmwareChanges)).build();
    }

    /** The bucket of a packet-loss sample: the first bound at or above it (the last for anything above 100 %). */
    static int bucket(double lossPct) {
        for (int i = 0; i < LOSS_BOUNDS.length - 1; i++) {
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
        double tenths = value * 10;
        int v = tenths >= LIMIT ? (int) LIMIT : tenths <= -LIMIT ? (int) -LIMIT : (int) Math.round(tenths);
        ensureCounts();
        int at = metric * 3;
        if (counts[at]++ == 0) {
            counts[at + 1] = v;
            counts[at + 2] = v;
        } else if (v < counts[at + 1]) {
            counts[at + 1] = v;
        } else if (v > counts[at + 2]) {
            counts[at + 2] = v;
        }
        sums[metric] += v;
        return true;
    }

    private void ensureCounts() {
        if (counts == null) {
            counts = new int[LOSS + LOSS_BOUNDS.length];
            sums = new long[METRICS];
        }
    }

    /** How many packet-loss buckets are worth keeping: up to the last one with a sample. */
    private int lossBucketsKept() {
        if (counts == null) {
            return 0;
        }
        int kept = LOSS_BOUNDS.length;
        while (kept > 0 && counts[LOSS + kept - 1] == 0) {
            kept--;
        }
        return kept;
    }

    private static ByteBuffer put(ByteBuffer out, byte b) {
        if (!out.hasRemaining()) {
            out = ByteBuffer.allocate(out.capacity() * 2).put(out.flip());
        }
        return out.put(b);
    }

    private static ByteBuffer varint(ByteBuffer out, long v) {
        while ((v & ~0x7FL) != 0) {
            out = put(out, (byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        return put(out, (byte) v);
    }

    private static ByteBuffer signed(ByteBuffer out, long v) {
        return varint(out, (v << 1) ^ (v >> 63));
    }

    private static ByteBuffer text(ByteBuffer out, String s) {
        if (s == null) {
            return varint(out, 0);
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out = varint(out, utf8.length + 1L);
        for (byte b : utf8) {
            out = put(out, b);
        }
        return out;
    }

    private static long varint(ByteBuffer in) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.get();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
    }

    private static long signed(ByteBuffer in) {
        long v = varint(in);
        return (v >>> 1) ^ -(v & 1);
    }

    private static String text(ByteBuffer in) {
        int length = (int) varint(in) - 1;
        if (length < 0) {
            return null;
        }
        byte[] utf8 = new byte[length];
        in.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "day " + day + ": " + heartbeats + " heartbeats, counts " + Arrays.toString(counts) + ", sums " + Arrays.toString(sums)
                + ", firmware " + firmware + " " + firmwareChanges;
    }
}
