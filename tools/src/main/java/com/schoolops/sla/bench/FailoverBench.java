package com.schoolops.sla.bench;

import com.schoolops.sla.avro.AgentStatus;
import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.HealthState;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an operator sees when an instance dies: the application's {@code run} in child JVMs with the product's
 * default settings, a tracked fleet, heartbeats flowing, then SIGKILL.
 * <ul>
 *   <li><b>takeover</b>: two instances with a standby of every task; one is killed. Measured: from the kill until a
 *       {@code read_committed} reader sees the verdict on a probe heartbeat sent at the kill, on every partition
 *       (the survivor's too: the dead instance's open transaction holds back every partition it wrote to);</li>
 *   <li><b>restart</b>: one instance, killed and started again on its state directory. Measured: from the restart
 *       until it answers ready, and until the verdicts on probe heartbeats flow.</li>
 * </ul>
 */
final class FailoverBench {
    private static final int PARTITIONS = 4;
    private final Benchmark bench;
    private final boolean brokerInProcess;

    FailoverBench(Benchmark bench, boolean brokerInProcess) {
        this.bench = bench;
        this.brokerInProcess = brokerInProcess;
    }

    /**
     * One way to run the group whose takeover is measured: the group protocol, and the timings it is given (on top of the
     * product's defaults, which {@code settings} may set back).
     */
    record Grouping(String name, Map<String, String> settings) {
        /** The product's defaults. */
        static final Grouping DEFAULTS = new Grouping("the defaults", Map.of());
    }

    /**
     * The ways compared by {@code bench --only takeover} (issue 39 #3): the two protocols with the classic default timing
     * (a 6 s session, the smallest a stock broker allows a classic group), then the streams protocol with the smallest
     * session the embedded broker allows (1 s, heartbeats every 250 ms), then both with that session and the dead
     * instance's open transaction aborted after 2 s instead of 5 s, since it holds back every partition it wrote to.
     */
    static final List<Grouping> COMPARED = List.of(
            grouping("classic", 6000, 1500, 5000),
            grouping("streams", 6000, 1500, 5000),
            grouping("streams", 1000, 250, 5000),
            grouping("classic", 1000, 250, 2000),
            grouping("streams", 1000, 250, 2000));

    private static Grouping grouping(String protocol, int sessionMs, int heartbeatMs, int transactionMs) {
        return new Grouping(String.format(Locale.ROOT, "%s, session %d s, transactions %d s", protocol, sessionMs / 1000, transactionMs / 1000),
                Map.of("group.protocol", protocol, "kafka.session.timeout.ms", String.valueOf(sessionMs),
                        "kafka.heartbeat.interval.ms", String.valueOf(heartbeatMs), "kafka.transaction.timeout.ms", String.valueOf(transactionMs)));
    }

    /**
     * Two instances with a standby of every task; one is killed {@code kills} times in a row (each restarted on its state
     * directory and given time to be a warm standby again before the other is killed). Each kill is timed until a probe's
     * verdict is read on every partition.
     */
    void takeover(int devices, Grouping grouping, int kills) throws Exception {
        bench.out.printf("%nTakeover after kill -9, two instances, %,d devices, %s, %d kills ...%n", devices, grouping.name(), kills);
        String app = "bench-takeover";
        try (BenchCluster c = new BenchCluster(app, settings(1, grouping), brokerInProcess)) {
            Path dir = Files.createTempDirectory("sla-bench-takeover");
            onboard(bench, c, devices);
            String[] names = {"a", "b"};
            Map<String, Map<String, String>> settings = Map.of("a", child(c, app, dir.resolve("a"), 1, grouping),
                    "b", child(c, app, dir.resolve("b"), 1, grouping));
            ChildApp[] instances = {ChildApp.start("a", dir, settings.get("a")), ChildApp.start("b", dir, settings.get("b"))};
            Probes probes = new Probes(c, devices, kills);
            List<Double> last = new java.util.ArrayList<>();
            List<Double> first = new java.util.ArrayList<>();
            try {
                instances[0].awaitReady(Duration.ofMinutes(10));
                instances[1].awaitReady(Duration.ofMinutes(10));
                c.awaitCommitted(app, Set.of("device-heartbeats", "device-registry"), Duration.ofMinutes(30));
            } catch (RuntimeException | InterruptedException e) {
                probes.close();
                for (ChildApp i : instances) {
                    i.close();
                }
                throw e;
            }
            try (Pump pump = new Pump(c, devices, probes.ids())) {
                for (int k = 0; k < kills; k++) {
                    Thread.sleep(20_000); // the standbys catch up with what the active tasks wrote
                    int victim = k % 2;
                    long killedAt = System.currentTimeMillis();
                    instances[victim].kill();
                    probes.send(k, killedAt);
                    Probes.Round round = probes.await(k, Duration.ofMinutes(5));
                    last.add((round.last() - killedAt) / 1000.0);
                    first.add((round.first() - killedAt) / 1000.0);
                    bench.out.printf(Locale.ROOT, "  kill %d (%s): every partition after %.1f s, the first after %.1f s%n", k + 1,
                            names[victim], last.get(k), first.get(k));
                    instances[victim].close();
                    instances[victim] = ChildApp.start(names[victim], dir, settings.get(names[victim]));
                    instances[victim].awaitReady(Duration.ofMinutes(10));
                }
            } finally {
                probes.close();
                for (ChildApp i : instances) {
                    i.close();
                }
            }
            // A survivor whose producer is fenced drops every task (Streams: "the thread is being fenced"); the next kill
            // may then find an instance with nothing to take over, which is why a figure can be far under the session.
            long fenced = java.util.stream.Stream.of(instances).mapToLong(i -> i.log().split(FENCED, -1).length - 1).sum();
            bench.row(String.format(Locale.ROOT, "takeover after kill -9, %,d devices, %s", devices, grouping.name()),
                    seconds(last) + " s", "from SIGKILL to a probe's verdict on every partition, read_committed; on the first "
                            + "partition " + seconds(first) + " s; an instance fenced and its tasks dropped " + fenced
                            + " times; target < 3 s");
        }
    }

    private static final String FENCED = "Detected that the thread is being fenced";

    private static String seconds(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).collect(java.util.stream.Collectors.joining(" · "));
    }

    void restart(int devices) throws Exception {
        bench.out.printf("%nRestart after kill -9, one instance, %,d devices ...%n", devices);
        String app = "bench-restart";
        try (BenchCluster c = new BenchCluster(app, settings(0, Grouping.DEFAULTS), brokerInProcess)) {
            Path dir = Files.createTempDirectory("sla-bench-restart");
            onboard(bench, c, devices);
            Map<String, String> settings = child(c, app, dir.resolve("r"), 0, Grouping.DEFAULTS);
            Probes probes = null;
            try (ChildApp first = ChildApp.start("r", dir, settings)) {
                first.awaitReady(Duration.ofMinutes(10));
                c.awaitCommitted(app, Set.of("device-heartbeats", "device-registry"), Duration.ofMinutes(30));
                queries(first, devices);
                probes = new Probes(c, devices);
                try (Pump pump = new Pump(c, devices, probes.ids())) {
                    Thread.sleep(5_000);
                    first.kill();
                }
            }
            try (ChildApp again = ChildApp.start("r", dir, settings)) {
                long startedAt = System.currentTimeMillis();
                probes.send(startedAt);
                double ready = (again.awaitReady(Duration.ofMinutes(10)) - startedAt) / 1000.0;
                double verdicts = (probes.awaitAll(Duration.ofMinutes(10)) - startedAt) / 1000.0;
                boolean wiped = again.log().contains("The last stop of this instance was not clean");
                bench.row(String.format(Locale.ROOT, "restart after kill -9, %,d devices: ready", devices),
                        String.format(Locale.ROOT, "%.1f s", ready), "from the new JVM's start to /health/ready 200; target < 60 s");
                bench.row(String.format(Locale.ROOT, "restart after kill -9, %,d devices: verdicts flow again", devices),
                        String.format(Locale.ROOT, "%.1f s", verdicts), wiped
                                ? "local state of the unclean stop discarded and restored from the changelogs (exactly-once)"
                                : "local state kept");
            } finally {
                if (probes != null) {
                    probes.close();
                }
            }
        }
    }

    /**
     * The console's site list and the fleet gauges with every device judged (issue 26 #3): read from each site's counts,
     * so they grow with the sites, not the devices. Once every site is counted (at the end of its first outage window),
     * each is timed on its second call (the first warms the JIT): the first page, the sites with a problem, the whole
     * list page by page, and the gauges.
     */
    private void queries(ChildApp app, int devices) throws Exception {
        int sites = Benchmark.sites(devices);
        long deadline = System.currentTimeMillis() + 120_000;
        while (walk(app).sites() < sites) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the site list did not reach " + sites + " sites within 2 min");
            }
            Thread.sleep(1_000);
        }
        for (String path : java.util.List.of("/api/sites", "/api/sites?status=RED,AMBER", "/metrics")) {
            app.get(path);
            ChildApp.Answer a = app.get(path);
            bench.row(String.format(Locale.ROOT, "query API, %,d devices: GET %s", devices, path),
                    String.format(Locale.ROOT, "%.0f ms, %,d KB", a.millis(), a.bytes() / 1024),
                    "status " + a.status() + "; one instance holding every site");
        }
        Walk all = walk(app);
        bench.row(String.format(Locale.ROOT, "query API, %,d devices: every site, page by page", devices),
                String.format(Locale.ROOT, "%.0f ms, %,d KB", all.millis(), all.bytes() / 1024),
                String.format(Locale.ROOT, "%,d sites in %d pages of GET /api/sites (500 each)", all.sites(), all.pages()));
    }

    /** The whole site list, following {@code next} from the first page. */
    private record Walk(int sites, int pages, double millis, long bytes) {
    }

    private static Walk walk(ChildApp app) throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        int sites = 0;
        int pages = 0;
        double millis = 0;
        long bytes = 0;
        String next = null;
        do {
            ChildApp.Answer a = app.get("/api/sites" + (next == null ? "" : "?after=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8)));
            var page = json.readTree(a.body());
            sites += page.path("items").size();
            pages++;
            millis += a.millis();
            bytes += a.bytes();
            next = page.path("next").isNull() || page.path("next").isMissingNode() ? null : page.path("next").asText();
        } while (next != null);
        return new Walk(sites, pages, millis, bytes);
    }

    private static Map<String, String> settings(int standbys, Grouping grouping) {
        Map<String, String> s = new HashMap<>(Map.of("topics.partitions", String.valueOf(PARTITIONS),
                "num.standby.replicas", String.valueOf(standbys), "health.missed-intervals", "100"));
        s.putAll(grouping.settings());
        return s;
    }

    /** An instance's settings: the product defaults, but no device falls silent during the run. */
    private static Map<String, String> child(BenchCluster c, String app, Path stateDir, int standbys, Grouping grouping) {
        return ChildApp.settings(c, app, stateDir, settings(standbys, grouping));
    }

    /** Every device registered and heard once, written before the application starts. */
    static void onboard(Benchmark bench, BenchCluster c, int devices) {
        long now = System.currentTimeMillis();
        long t = System.nanoTime();
        for (int i = 0; i < devices; i++) {
            Device d = Benchmark.device(i);
            c.send("device-registry", d.getDeviceId(), d, now);
            c.send("device-heartbeats", d.getDeviceId(), Benchmark.heartbeat(d, now), now);
        }
        c.flush();
        bench.out.printf("  preloaded %,d registrations and first heartbeats in %.1f s%n", 2L * devices, (System.nanoTime() - t) / 1e9);
    }

    /**
     * Probe devices, one on each heartbeat partition, a fresh set for each round: a WARN heartbeat from each must come back
     * as DEGRADED.
     */
    private static final class Probes implements AutoCloseable {
        /** When the first and the last probe of a round were read, epoch ms. */
        record Round(long first, long last) {
        }

        private final BenchCluster c;
        private final List<Map<String, Device>> rounds = new java.util.ArrayList<>();
        private final Map<String, Long> seen = new ConcurrentHashMap<>();
        private final Set<String> ids = new java.util.HashSet<>();
        private final Thread reader;

        Probes(BenchCluster c, int devices) {
            this(c, devices, 1);
        }

        Probes(BenchCluster c, int devices, int count) {
            this.c = c;
            int next = 0;
            for (int r = 0; r < count; r++) {
                Map<Integer, Device> byPartition = new java.util.TreeMap<>();
                for (; byPartition.size() < PARTITIONS && next < devices; next++) {
                    Device d = Benchmark.device(next);
                    byPartition.putIfAbsent(partition(d), d);
                }
                Map<String, Device> round = new LinkedHashMap<>();
                byPartition.values().forEach(d -> round.put(d.getDeviceId(), d));
                rounds.add(round);
                ids.addAll(round.keySet());
            }
            reader = Benchmark.healthReader(c, r -> {
                if (ids.contains(r.key()) && r.value().getState() == HealthState.DEGRADED) {
                    seen.putIfAbsent(r.key(), System.currentTimeMillis());
                }
            });
        }

        private static int partition(Device d) {
            return Utils.toPositive(Utils.murmur2(d.getDeviceId().getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
        }

        Set<String> ids() {
            return ids;
        }

        void send(long at) {
            send(0, at);
        }

        void send(int round, long at) {
            rounds.get(round).values().forEach(d -> {
                var hb = Benchmark.heartbeat(d, at);
                hb.setStatus(AgentStatus.WARN);
                c.send("device-heartbeats", d.getDeviceId(), hb, at);
            });
            c.flush();
        }

        /** When the last probe's verdict was read. */
        long awaitAll(Duration timeout) throws InterruptedException {
            return await(0, timeout).last();
        }

        Round await(int round, Duration timeout) throws InterruptedException {
            Set<String> wanted = rounds.get(round).keySet();
            long end = System.currentTimeMillis() + timeout.toMillis();
            while (!seen.keySet().containsAll(wanted)) {
                if (System.currentTimeMillis() > end) {
                    throw new IllegalStateException("only " + seen.keySet() + " of the probes " + wanted + " came back in time");
                }
                Thread.sleep(10);
            }
            var times = wanted.stream().mapToLong(seen::get).summaryStatistics();
            return new Round(times.getMin(), times.getMax());
        }

        @Override
        public void close() throws InterruptedException {
            reader.interrupt();
            reader.join(10_000);
        }
    }

    /** A fleet beating in the background (about 5,000 heartbeats a second, the probes left out), so transactions are open at the kill. */
    private static final class Pump implements AutoCloseable {
        private final BenchLoop loop;
        private int next;

        Pump(BenchCluster c, int devices, Set<String> probes) {
            loop = new BenchLoop("bench-pump", 10, now -> {
                for (int k = 0; k < 50; k++, next = (next + 1) % devices) {
                    Device d = Benchmark.device(next);
                    if (!probes.contains(d.getDeviceId())) {
                        c.send("device-heartbeats", d.getDeviceId(), Benchmark.heartbeat(d, now), now);
                    }
                }
            });
        }

        @Override
        public void close() throws InterruptedException {
            loop.close();
        }
    }
}
