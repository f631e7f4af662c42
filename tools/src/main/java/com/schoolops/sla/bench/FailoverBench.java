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

    void takeover(int devices) throws Exception {
        bench.out.printf("%nTakeover after kill -9, two instances, %,d devices ...%n", devices);
        String app = "bench-takeover";
        try (BenchCluster c = new BenchCluster(app, settings(1), brokerInProcess)) {
            Path dir = Files.createTempDirectory("sla-bench-takeover");
            onboard(bench, c, devices);
            try (ChildApp a = ChildApp.start("a", dir, child(c, app, dir.resolve("a"), 1));
                 ChildApp b = ChildApp.start("b", dir, child(c, app, dir.resolve("b"), 1))) {
                a.awaitReady(Duration.ofMinutes(10));
                b.awaitReady(Duration.ofMinutes(10));
                c.awaitCommitted(app, Set.of("device-heartbeats", "device-registry"), Duration.ofMinutes(30));
                Thread.sleep(20_000); // the standbys catch up with what the active tasks wrote
                Probes probes = new Probes(c, devices);
                try (Pump pump = new Pump(c, devices, probes.ids())) {
                    Thread.sleep(5_000);
                    long killedAt = System.currentTimeMillis();
                    a.kill();
                    probes.send(killedAt);
                    double seconds = (probes.awaitAll(Duration.ofMinutes(5)) - killedAt) / 1000.0;
                    bench.row(String.format(Locale.ROOT, "takeover after kill -9, %,d devices: verdicts flow again", devices),
                            String.format(Locale.ROOT, "%.1f s", seconds),
                            "from SIGKILL to a probe's verdict on every partition, read_committed; target < 10 s");
                } finally {
                    probes.close();
                }
            }
        }
    }

    void restart(int devices) throws Exception {
        bench.out.printf("%nRestart after kill -9, one instance, %,d devices ...%n", devices);
        String app = "bench-restart";
        try (BenchCluster c = new BenchCluster(app, settings(0), brokerInProcess)) {
            Path dir = Files.createTempDirectory("sla-bench-restart");
            onboard(bench, c, devices);
            Map<String, String> settings = child(c, app, dir.resolve("r"), 0);
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

    private static Map<String, String> settings(int standbys) {
        Map<String, String> s = new HashMap<>(Map.of("topics.partitions", String.valueOf(PARTITIONS),
                "num.standby.replicas", String.valueOf(standbys), "health.missed-intervals", "100"));
        return s;
    }

    /** An instance's settings: the product defaults, but no device falls silent during the run. */
    private static Map<String, String> child(BenchCluster c, String app, Path stateDir, int standbys) {
        return ChildApp.settings(c, app, stateDir, settings(standbys));
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

    /** One device on each heartbeat partition: a WARN heartbeat from each must come back as DEGRADED. */
    private static final class Probes implements AutoCloseable {
        private final BenchCluster c;
        private final Map<String, Device> byId = new LinkedHashMap<>();
        private final Map<String, Long> seen = new ConcurrentHashMap<>();
        private final Thread reader;

        Probes(BenchCluster c, int devices) {
            this.c = c;
            for (int i = 0; byId.size() < PARTITIONS && i < devices; i++) {
                Device d = Benchmark.device(i);
                int partition = Utils.toPositive(Utils.murmur2(d.getDeviceId().getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
                Map<Integer, String> taken = new HashMap<>();
                byId.values().forEach(p -> taken.put(Utils.toPositive(Utils.murmur2(p.getDeviceId().getBytes(StandardCharsets.UTF_8))) % PARTITIONS, p.getDeviceId()));
                if (!taken.containsKey(partition)) {
                    byId.put(d.getDeviceId(), d);
                }
            }
            reader = Benchmark.healthReader(c, r -> {
                if (byId.containsKey(r.key()) && r.value().getState() == HealthState.DEGRADED) {
                    seen.putIfAbsent(r.key(), System.currentTimeMillis());
                }
            });
        }

        Set<String> ids() {
            return byId.keySet();
        }

        void send(long at) {
            byId.values().forEach(d -> {
                var hb = Benchmark.heartbeat(d, at);
                hb.setStatus(AgentStatus.WARN);
                c.send("device-heartbeats", d.getDeviceId(), hb, at);
            });
            c.flush();
        }

        /** When the last probe's verdict was read. */
        long awaitAll(Duration timeout) throws InterruptedException {
            long end = System.currentTimeMillis() + timeout.toMillis();
            while (seen.size() < byId.size()) {
                if (System.currentTimeMillis() > end) {
                    throw new IllegalStateException("only " + seen.keySet() + " of the probes " + byId.keySet() + " came back in time");
                }
                Thread.sleep(10);
            }
            return seen.values().stream().mapToLong(Long::longValue).max().orElseThrow();
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
