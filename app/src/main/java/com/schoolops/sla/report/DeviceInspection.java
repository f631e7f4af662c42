package com.schoolops.sla.report;

import com.schoolops.sla.avro.DeviceDay;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.DownEpisode;
import com.schoolops.sla.avro.FirmwareChange;
import com.schoolops.sla.avro.MetricDay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * One device's part of an inspection record: its days of {@code device-daily} in the period added up (SPEC section 11).
 * The definitions are the README's (The inspection record) and the page's footnote:
 * <ul>
 * <li>availability: the seconds neither DOWN, UNREACHABLE nor FLAPPING over the seconds tracked outside maintenance,
 * as the KPI counts it. DeviceDay does not split the states' seconds by maintenance, so a day's maintenance seconds
 * first excuse the DOWN episodes that started in maintenance, then UNREACHABLE and FLAPPING seconds (a device behind
 * a switch under planned work is unreachable), up to the maintenance's length;</li>
 * <li>outages: the DOWN episodes that did not start in maintenance, an episode running across midnight counted once;</li>
 * <li>averages: over every heartbeat that carried the metric (a day's average weighted by its samples); peak: the highest;</li>
 * <li>packet loss p95: the upper bound of the bucket in which 95 % of the period's samples are reached.</li>
 * </ul>
 *
 * @param removedAt when the device left the registry, if it did (its days before still count)
 * @param firmware  the newest firmware reported by the period's end; null if none ever was
 * @param tickets   the tickets OPENED in the period naming the device
 */
public record DeviceInspection(String deviceId, DeviceType type, int days, Long removedAt, long heartbeatsReceived, long heartbeatsExpected,
                               String firmware, List<FirmwareChange> firmwareChanges, long countedSeconds, long availableSeconds,
                               List<Outage> outages, Metric cpu, Metric memory, Metric temperature, Metric packetLoss, int[] lossBuckets,
                               List<String> tickets) {
    /** The upper bounds of {@code packetLossBuckets} (DeviceDay): 0, 0.5, 1, 2, 5, 10, 20, 100 %. */
    public static final double[] LOSS_BOUNDS = {0, 0.5, 1, 2, 5, 10, 20, 100};

    /** A DOWN episode; {@code end} null when the device was still DOWN at its record's end. */
    public record Outage(long start, Long end, long seconds) {
    }

    /** A metric over the period: the mean of every sample and the highest; null fields when no heartbeat carried it. */
    public record Metric(Double avg, Double peak, long samples) {
        static final Metric NONE = new Metric(null, null, 0);

        static Metric of(List<DeviceDay> days, Function<DeviceDay, MetricDay> metric) {
            double sum = 0;
            double peak = Double.NEGATIVE_INFINITY;
            long samples = 0;
            for (DeviceDay d : days) {
                MetricDay m = metric.apply(d);
                if (m != null && m.getSamples() > 0) {
                    sum += m.getAvg() * m.getSamples();
                    samples += m.getSamples();
                    peak = Math.max(peak, m.getMax());
                }
            }
            return samples == 0 ? NONE : new Metric(sum / samples, peak, samples);
        }

        /** Pooled over several devices (the site's switches). */
        static Metric pool(List<Metric> metrics) {
            double sum = 0;
            double peak = Double.NEGATIVE_INFINITY;
            long samples = 0;
            for (Metric m : metrics) {
                if (m.samples > 0) {
                    sum += m.avg * m.samples;
                    samples += m.samples;
                    peak = Math.max(peak, m.peak);
                }
            }
            return samples == 0 ? NONE : new Metric(sum / samples, peak, samples);
        }
    }

    /** The device's days (any order; each its own local day), and the tickets naming it. */
    public static DeviceInspection of(List<DeviceDay> deviceDays, List<String> tickets) {
        List<DeviceDay> days = deviceDays.stream().sorted(Comparator.comparingLong(DeviceDay::getDayStart)).toList();
        DeviceDay last = days.get(days.size() - 1);
        long received = 0, expected = 0, counted = 0, available = 0;
        String firmware = null;
        List<FirmwareChange> changes = new ArrayList<>();
        int[] buckets = new int[LOSS_BOUNDS.length];
        for (DeviceDay d : days) {
            received += d.getHeartbeatsReceived();
            expected += d.getHeartbeatsExpected();
            long[] seconds = availability(d);
            counted += seconds[0];
            available += seconds[1];
            firmware = d.getFirmware() != null ? d.getFirmware() : firmware;
            changes.addAll(d.getFirmwareChanges());
            for (int i = 0; i < Math.min(buckets.length, d.getPacketLossBuckets().size()); i++) {
                buckets[i] += d.getPacketLossBuckets().get(i);
            }
        }
        changes.sort(Comparator.comparingLong(FirmwareChange::getAt));
        return new DeviceInspection(last.getDeviceId(), last.getDeviceType(), days.size(), days.stream().map(DeviceDay::getRemovedAt)
                .filter(r -> r != null).findFirst().orElse(null), received, expected, firmware, List.copyOf(changes), counted, available,
                outages(days), Metric.of(days, DeviceDay::getCpuPct), Metric.of(days, DeviceDay::getMemPct),
                Metric.of(days, DeviceDay::getTemperatureC), Metric.of(days, DeviceDay::getPacketLossPct), buckets,
                tickets.stream().sorted().distinct().toList());
    }

    /** {seconds counted, seconds available} of a day: maintenance out of both (see the type's comment). */
    static long[] availability(DeviceDay d) {
        long tracked = (long) d.getSecondsUp() + d.getSecondsDegraded() + d.getSecondsDown() + d.getSecondsUnreachable() + d.getSecondsFlapping();
        long maintenance = Math.min(d.getSecondsMaintenance(), tracked);
        long downInMaintenance = Math.min(d.getSecondsDown(), d.getDownEpisodes().stream().filter(DownEpisode::getInMaintenance)
                .mapToLong(e -> seconds(e, d)).sum());
        long downOutside = d.getSecondsDown() - downInMaintenance;
        long excused = Math.max(0, maintenance - downInMaintenance);
        long lostOutside = downOutside + Math.max(0, (long) d.getSecondsUnreachable() + d.getSecondsFlapping() - excused);
        long counted = tracked - maintenance;
        return new long[]{counted, Math.max(0, counted - lostOutside)};
    }

    /** An episode's seconds inside its day. */
    private static long seconds(DownEpisode e, DeviceDay d) {
        long end = e.getEnd() == null ? d.getDayEnd() : Math.min(e.getEnd(), d.getDayEnd());
        return Math.max(0, (end - Math.max(e.getStart(), d.getDayStart())) / 1000);
    }

    /** The DOWN episodes outside maintenance, one across midnight joined: it ends a day open and the next day opens with it. */
    private static List<Outage> outages(List<DeviceDay> days) {
        List<long[]> joined = new ArrayList<>(); // {start, end or -1 while open, end of the record so far}
        long[] open = null;
        for (DeviceDay d : days) {
            List<DownEpisode> episodes = d.getDownEpisodes().stream().sorted(Comparator.comparingLong(DownEpisode::getStart)).toList();
            boolean carried = open != null && !episodes.isEmpty() && episodes.get(0).getStart() <= d.getDayStart();
            if (open != null && !carried) {
                open[1] = open[2]; // open at its day's end and not carried on: it ended with that day's record
                open = null;
            }
            for (DownEpisode e : episodes) {
                if (open != null) { // the same episode, carried into this day
                    open[1] = e.getEnd() == null ? -1 : e.getEnd();
                    open[2] = d.getDayEnd();
                } else if (!e.getInMaintenance()) {
                    open = new long[]{e.getStart(), e.getEnd() == null ? -1 : e.getEnd(), d.getDayEnd()};
                    joined.add(open);
                } else {
                    continue;
                }
                if (open[1] >= 0) {
                    open = null;
                }
            }
        }
        return joined.stream().map(o -> new Outage(o[0], o[1] < 0 ? null : o[1], ((o[1] < 0 ? o[2] : o[1]) - o[0]) / 1000)).toList();
    }

    /** Availability in percent; null when no second was counted. */
    public Double availabilityPct() {
        return countedSeconds == 0 ? null : 100.0 * availableSeconds / countedSeconds;
    }

    public long outageSeconds() {
        return outages.stream().mapToLong(Outage::seconds).sum();
    }

    public long longestOutageSeconds() {
        return outages.stream().mapToLong(Outage::seconds).max().orElse(0);
    }

    /** Registered in the period and not one heartbeat received. */
    public boolean neverHeard() {
        return heartbeatsReceived == 0;
    }

    /** The packet loss reached by 95 % of the samples: the upper bound of that bucket; null without samples. */
    public Double lossP95() {
        return p95(lossBuckets);
    }

    static Double p95(int[] buckets) {
        long total = 0;
        for (int b : buckets) {
            total += b;
        }
        if (total == 0) {
            return null;
        }
        long reached = 0;
        for (int i = 0; i < buckets.length; i++) {
            reached += buckets[i];
            if (reached * 100 >= total * 95L) {
                return LOSS_BOUNDS[i];
            }
        }
        return LOSS_BOUNDS[LOSS_BOUNDS.length - 1];
    }
}
