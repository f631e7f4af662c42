package com.schoolops.sla.bench;

import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A district's day compressed into half an hour (issue 26 #3): the application's {@code run} in a JVM of its own with
 * the product's defaults, a fleet beating at the terminals' real 30 s interval, a service desk working tickets, and
 * devices falling silent one after another. Sampled every 10 s: the heap (its lowest point each minute, which is
 * what survives a collection), the process's resident memory, RocksDB's own (memtables, block cache, index and filter
 * blocks, from Kafka Streams' metrics), the state directory and the keys per device, and the detection latency of each
 * silence (from its deadline to its DOWN on a {@code read_committed} reader). Writes a CSV and a chart of the series.
 */
final class SoakBench {
    private static final int PARTITIONS = 4;
    private static final long INTERVAL_MS = 30_000;
    /** The default silence: 3 missed intervals. */
    private static final long SILENCE_MS = 3 * INTERVAL_MS;
    private static final long SAMPLE_MS = 10_000;

    private final Benchmark bench;
    private final boolean brokerInProcess;
    private final Path out;

    SoakBench(Benchmark bench, boolean brokerInProcess, Path out) {
        this.bench = bench;
        this.brokerInProcess = brokerInProcess;
        this.out = out;
    }

    void run(int devices, Duration length) throws Exception {
        bench.out.printf("%nSoak: %,d devices and a service desk for %d min ...%n", devices, length.toMinutes());
        String app = "bench-soak";
        try (BenchCluster c = new BenchCluster(app, Map.of("topics.partitions", String.valueOf(PARTITIONS)), brokerInProcess)) {
            Path dir = Files.createTempDirectory("sla-bench-soak");
            Path stateDir = dir.resolve("state");
            FailoverBench.onboard(bench, c, devices);
            Map<String, String> settings = new HashMap<>(Map.of("topics.partitions", String.valueOf(PARTITIONS), "num.standby.replicas", "0"));
            try (ChildApp instance = ChildApp.start("soak", dir, ChildApp.settings(c, app, stateDir, settings))) {
                instance.awaitReady(Duration.ofMinutes(10));
                c.awaitCommitted(app, Set.of("device-heartbeats", "device-registry"), Duration.ofMinutes(30));
                Silences silences = new Silences(devices);
                Thread reader = Benchmark.healthReader(c, r -> silences.heard(r.key(), r.value().getState()));
                List<Sample> samples = new ArrayList<>();
                long start = System.currentTimeMillis();
                SteadyFleet fleet = new SteadyFleet(c, Benchmark::device, devices, Duration.ofMillis(INTERVAL_MS), 100,
                        (i, now) -> !silences.isSilent(i), silences::sent);
                try (BenchLoop beating = new BenchLoop("soak-fleet", 100, fleet::beat);
                     BenchLoop desk = new BenchLoop("soak-desk", 1_000, new ServiceDesk(c, devices))) {
                    long next = start;
                    while (System.currentTimeMillis() - start < length.toMillis()) {
                        next += SAMPLE_MS;
                        Thread.sleep(Math.max(0, next - System.currentTimeMillis()));
                        long now = System.currentTimeMillis();
                        silences.silenceOne(start);
                        samples.add(sample(instance, stateDir, devices, now - start, silences.takeLatencies()));
                        Sample s = samples.get(samples.size() - 1);
                        bench.out.printf("  %5.1f min: heap %4.0f MiB, resident %5.0f MiB, RocksDB %4.0f MiB, state %4.0f B/device, keys %.2f/device, %d detections%n",
                                s.minute(), s.heapMiB(), s.rssMiB(), s.rocksMiB(), s.stateBytesPerDevice(), s.keysPerDevice(), s.latencies().size());
                    }
                } finally {
                    reader.interrupt();
                    reader.join(10_000);
                }
                report(devices, length, samples, silences.falseDowns());
            }
        }
    }

    /** What was measured at one instant, and the detections completed since the previous one. */
    record Sample(double minute, double heapMiB, double rssMiB, double rocksMiB, double stateBytesPerDevice, double keysPerDevice,
                  List<Long> latencies) {
    }

    private static Sample sample(ChildApp instance, Path stateDir, int devices, long elapsedMs, List<Long> latencies) throws Exception {
        Map<String, Double> m = instance.scrape();
        double heap = sum(m, "jvm_memory_used_bytes{area=\"heap\"");
        double rocks = sum(m, "size_all_mem_tables") + sum(m, "block_cache_usage") + sum(m, "estimate_table_readers_mem");
        double keys = sum(m, "estimate_num_keys");
        return new Sample(elapsedMs / 60_000.0, heap / (1 << 20), instance.residentBytes() / (double) (1 << 20), rocks / (1 << 20),
                BenchCluster.directoryBytes(stateDir) / (double) devices, keys / devices, latencies);
    }

    private static double sum(Map<String, Double> metrics, String fragment) {
        return metrics.entrySet().stream().filter(e -> e.getKey().contains(fragment)).mapToDouble(Map.Entry::getValue).sum();
    }

    private void report(int devices, Duration length, List<Sample> samples, long falseDowns) throws IOException {
        List<Minute> minutes = Minute.of(samples);
        SoakChart.write(out, minutes, devices);
        // Flat: the last third of the run against the second (the first holds the JIT, the caches filling and the first silences).
        int third = Math.max(1, minutes.size() / 3);
        List<Minute> middle = minutes.subList(third, Math.min(minutes.size(), 2 * third));
        List<Minute> last = minutes.subList(minutes.size() - third, minutes.size());
        List<Long> all = new ArrayList<>();
        samples.forEach(s -> all.addAll(s.latencies()));
        Collections.sort(all);
        String label = String.format(Locale.ROOT, "soak, %,d devices, %d min", devices, length.toMinutes());
        bench.row(label + ": heap after collections", String.format(Locale.ROOT, "%.0f → %.0f MiB", avg(middle, Minute::heapMiB), avg(last, Minute::heapMiB)),
                "each minute's lowest heap in use, second third of the run → last third");
        bench.row(label + ": RocksDB memory", String.format(Locale.ROOT, "%.0f → %.0f MiB", avg(middle, Minute::rocksMiB), avg(last, Minute::rocksMiB)),
                String.format(Locale.ROOT, "memtables, block cache, index and filter blocks; process resident %.0f → %.0f MiB",
                        avg(middle, Minute::rssMiB), avg(last, Minute::rssMiB)));
        bench.row(label + ": state per device", String.format(Locale.ROOT, "%.0f → %.0f bytes", avg(middle, Minute::stateBytesPerDevice),
                avg(last, Minute::stateBytesPerDevice)), String.format(Locale.ROOT, "state directory; RocksDB's estimate of keys per device (deletions count until compacted) %.2f → %.2f",
                avg(middle, Minute::keysPerDevice), avg(last, Minute::keysPerDevice)));
        double worst = minutes.stream().filter(m -> m.count() > 0).mapToDouble(Minute::p99).max().orElse(Double.NaN);
        bench.row(label + ": detection latency", all.isEmpty() ? "none" : String.format(Locale.ROOT, "p50 %d ms, p99 %d ms, max %d ms",
                        Percentiles.nearestRank(all, 0.50), Percentiles.nearestRank(all, 0.99), all.get(all.size() - 1)),
                String.format(Locale.ROOT, "%d silences; worst minute's p99 %.0f ms; target p99 < 1 s throughout", all.size(), worst));
        bench.row(label + ": devices judged DOWN while beating", String.valueOf(falseDowns), "nothing false: must be 0");
        bench.out.printf("  series: %s, %s%n", out.resolve("soak.csv"), out.resolve("soak.png"));
    }

    private static double avg(List<Minute> minutes, java.util.function.ToDoubleFunction<Minute> f) {
        return minutes.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    /** One minute of the run: the heap's lowest point, the highest memory, the last state size, the detections' percentiles. */
    record Minute(int minute, double heapMiB, double rssMiB, double rocksMiB, double stateBytesPerDevice, double keysPerDevice,
                  int count, double p50, double p99) {

        static List<Minute> of(List<Sample> samples) {
            Map<Integer, List<Sample>> byMinute = new java.util.TreeMap<>();
            samples.forEach(s -> byMinute.computeIfAbsent((int) s.minute(), k -> new ArrayList<>()).add(s));
            List<Minute> minutes = new ArrayList<>();
            byMinute.values().removeIf(list -> list.size() < 5); // the last, partial minute: its lowest heap need not follow a collection
            byMinute.forEach((minute, list) -> {
                List<Long> latencies = new ArrayList<>();
                list.forEach(s -> latencies.addAll(s.latencies()));
                Collections.sort(latencies);
                Sample lastOne = list.get(list.size() - 1);
                minutes.add(new Minute(minute, list.stream().mapToDouble(Sample::heapMiB).min().orElseThrow(),
                        list.stream().mapToDouble(Sample::rssMiB).max().orElseThrow(), list.stream().mapToDouble(Sample::rocksMiB).max().orElseThrow(),
                        lastOne.stateBytesPerDevice(), lastOne.keysPerDevice(), latencies.size(),
                        latencies.isEmpty() ? Double.NaN : Percentiles.nearestRank(latencies, 0.50), latencies.isEmpty() ? Double.NaN : Percentiles.nearestRank(latencies, 0.99)));
            });
            return minutes;
        }
    }

    /**
     * Devices made silent one at a time, each sample: the deadline of each is its last heartbeat plus the silence; its
     * DOWN ends the silence, and it beats again. A DOWN of a device that was beating is counted as false.
     */
    private static final class Silences {
        private final AtomicLongArray lastSent;
        /** Silenced device index → its deadline (0 until its last heartbeat is known). */
        private final Map<Integer, Long> silent = new ConcurrentHashMap<>();
        private final Deque<Long> latencies = new ArrayDeque<>();
        private final AtomicLong falseDowns = new AtomicLong();
        private final int devices;
        private int next = 7;

        Silences(int devices) {
            this.devices = devices;
            this.lastSent = new AtomicLongArray(devices);
        }

        void sent(int i, long at) {
            lastSent.set(i, at);
        }

        boolean isSilent(int i) {
            return silent.containsKey(i);
        }

        /** The next device falls silent: its deadline is its last heartbeat plus the silence. */
        void silenceOne(long start) {
            int i = next;
            next = (next + 7_919) % devices; // a prime stride: every site in turn, never the same device twice in a row
            long last = lastSent.get(i);
            if (last > start && !silent.containsKey(i)) {
                silent.put(i, last + SILENCE_MS);
            }
        }

        void heard(String deviceId, HealthState state) {
            if (state != HealthState.DOWN) {
                return;
            }
            int i = Integer.parseInt(deviceId.substring(2));
            Long deadline = silent.remove(i);
            if (deadline == null) {
                falseDowns.incrementAndGet();
                return;
            }
            synchronized (latencies) {
                latencies.add(System.currentTimeMillis() - deadline);
            }
        }

        List<Long> takeLatencies() {
            synchronized (latencies) {
                List<Long> taken = new ArrayList<>(latencies);
                latencies.clear();
                return taken;
            }
        }

        long falseDowns() {
            return falseDowns.get();
        }
    }

    /**
     * A service desk: a ticket opened every 2 s on a device, acknowledged 20 s later, resolved at 60 s and closed at
     * 90 s, so about 45 are open at any time and the SLA clocks run throughout.
     */
    private static final class ServiceDesk implements java.util.function.LongConsumer {
        private record Step(long at, long ticket, TicketEventType type) {
        }

        private final BenchCluster c;
        private final int devices;
        private final java.util.PriorityQueue<Step> due = new java.util.PriorityQueue<>(java.util.Comparator.comparingLong(Step::at));
        private long opened;
        private long nextOpen;

        ServiceDesk(BenchCluster c, int devices) {
            this.c = c;
            this.devices = devices;
        }

        @Override
        public void accept(long now) {
            if (now >= nextOpen) {
                long n = opened++;
                send(n, TicketEventType.OPENED, now);
                due.add(new Step(now + 20_000, n, TicketEventType.ACKNOWLEDGED));
                due.add(new Step(now + 60_000, n, TicketEventType.RESOLVED));
                due.add(new Step(now + 90_000, n, TicketEventType.CLOSED));
                nextOpen = now + 2_000;
            }
            while (!due.isEmpty() && due.peek().at() <= now) {
                Step step = due.poll();
                send(step.ticket(), step.type(), now);
            }
        }

        private void send(long n, TicketEventType type, long now) {
            Device d = Benchmark.device((int) ((n * 104_729L) % devices));
            String id = "SOAK-" + n;
            c.send("fault-tickets", id, TicketEvent.newBuilder().setTicketId(id).setType(type).setTimestamp(now).setSiteId(d.getSiteId())
                    .setDeviceId(d.getDeviceId()).setContractId("seed-003").setSeverity("GENERAL").setCategory(TicketCategory.HARDWARE)
                    .setActor("service-desk").build(), now);
        }
    }
}
