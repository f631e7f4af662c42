package com.schoolops.sla.bench;

import com.schoolops.sla.avro.OutageState;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A storm (issue 39): a district's schools lose power within one minute and come back {@code outage} later, with the
 * engine's {@code run} and {@code notify} in JVMs of their own, as deployed, and the robots on a local platform that holds
 * each to 20 requests a minute ({@link RobotPlatform}). The routes are {@link StormRoutes}: each school's robot its page,
 * the desk and the on-call one digest. Measured: from the power cut to each school's message and to the desk's first
 * digest, from the power's return to the resolved notices, the messages each receiver got, what the platforms refused,
 * what notify dead-lettered, and the console's answers meanwhile.
 * <p>
 * Time is compressed where the engine's settings allow, and only where nothing notify does depends on it: a terminal
 * beats every 5 s (30 s in production), so a school is found down 15 s after its cut (90 s); a device's UNTICKETED_OUTAGE
 * comes after 2 min (10 min), so the 10,000 of them still arrive during the outage; the outage lasts {@code outage}
 * (20 min in the issue): nothing changes between the last school down and the first back, so notify sends nothing
 * then either way. group_wait (30 s), the outage window (15 s), the outage's clear-after (1 min) and the robots' limit are
 * the production ones.
 */
final class StormBench {
    static final Duration GROUP_WAIT = Duration.ofSeconds(30);
    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    /** What the bench changes in the engine, and why: see the class comment. */
    static final Map<String, String> ENGINE = Map.of("health.interval.CLOUD_TERMINAL", HEARTBEAT.toSeconds() + "s",
            "sla.unticketed-grace", "2m", "topics.partitions", "4");

    private final Benchmark bench;
    private final boolean brokerInProcess;

    StormBench(Benchmark bench, boolean brokerInProcess) {
        this.bench = bench;
        this.brokerInProcess = brokerInProcess;
    }

    void run(int schools, Duration outage, Duration groupInterval, int flooded) throws Exception {
        int devices = schools * Benchmark.DEVICES_PER_SITE;
        bench.out.printf("%nStorm: %d schools (%,d devices) lose power within a minute, back %s later; digests every %s at most ...%n",
                schools, devices, com.schoolops.sla.config.Durations.format(outage), com.schoolops.sla.config.Durations.format(groupInterval));
        String app = "bench-storm";
        try (BenchCluster c = new BenchCluster(app, ENGINE, brokerInProcess);
             RobotPlatform platform = new RobotPlatform(StormBench::tooFastCode)) {
            Path dir = Files.createTempDirectory("sla-bench-storm");
            FailoverBench.onboard(bench, c, devices);

            Map<String, Long> outageStarted = new ConcurrentHashMap<>();
            Map<String, Long> outageEnded = new ConcurrentHashMap<>();
            Thread outages = Benchmark.reader(c, c.config.topics().outages(), r -> {
                if (r.value().getState() == OutageState.STARTED) {
                    outageStarted.putIfAbsent(r.key(), System.currentTimeMillis());
                } else if (r.value().getState() == OutageState.ENDED) {
                    outageEnded.putIfAbsent(r.key(), System.currentTimeMillis());
                }
            });
            Map<String, Integer> escalated = new ConcurrentHashMap<>();
            Thread escalations = Benchmark.reader(c, c.config.topics().escalations(), r -> escalated.merge(r.value().getType().name(), 1, Integer::sum));
            long[] cutAt = new long[schools];
            long[] backAt = new long[schools];
            java.util.Arrays.fill(cutAt, Long.MAX_VALUE);
            SteadyFleet fleet = new SteadyFleet(c, Benchmark::device, devices, HEARTBEAT, 1000,
                    (i, now) -> now < cutAt[i / Benchmark.DEVICES_PER_SITE] || now >= backAt[i / Benchmark.DEVICES_PER_SITE], (i, at) -> { });
            try (AsDeployed deployed = AsDeployed.start(c, app, dir, bench.with(ENGINE), bench.with(Map.of()),
                    StormRoutes.yaml(schools, flooded, platform.baseUrl(), GROUP_WAIT, groupInterval));
                 BenchLoop beating = new BenchLoop("storm-fleet", 1000, now -> {
                     fleet.beat(now);
                     c.flush();
                 })) {
                deployed.awaitReady(bench, c, devices);
                Thread.sleep(20_000); // every site judged once, with its devices UP, before the storm

                Console console = new Console(deployed.engine);
                long cut = System.currentTimeMillis() + 1_000;
                for (int k = 0; k < schools; k++) {
                    backAt[k] = cut + k * 60_000L / schools + outage.toMillis();
                    cutAt[k] = cut + k * 60_000L / schools;
                }
                try (BenchLoop watching = new BenchLoop("storm-console", 2_000, now -> console.ask())) {
                    long deadline = backAt[schools - 1] + Duration.ofMinutes(6).toMillis();
                    Messages m = Waits.until("the storm: every school's resolved notice and the resolved digest", () -> {
                        Messages seen = new Messages(platform.requests(), schools);
                        return seen.over(flooded) ? seen : null;
                    }, Duration.ofMillis(deadline - System.currentTimeMillis()));
                    report(m, schools, flooded, cutAt, backAt, outageStarted, outageEnded, console, deployed.notify.scrape(), outage, groupInterval);
                    bench.row(String.format(Locale.ROOT, "storm, %d schools (%,d devices): escalations the engine published", schools, devices),
                            String.valueOf(escalated.values().stream().mapToInt(Integer::intValue).sum()),
                            new java.util.TreeMap<>(escalated).toString() + ": what notify turned into the messages above");
                }
            } finally {
                outages.interrupt();
                escalations.interrupt();
            }
        }
    }

    /** The platforms' "too fast" code of a robot's path; null for the webhook, which has no limit. */
    private static Integer tooFastCode(String path) {
        if (path.equals(StormRoutes.path(StormRoutes.NOC))) {
            return null;
        }
        return path.equals(StormRoutes.path(StormRoutes.ON_CALL)) || path.equals(StormRoutes.path(StormRoutes.FLOOD)) ? 130101 : 45009;
    }

    /** What the platform got, by receiver: each school's robot's page and resolved notice, the digests, the rest. */
    private static final class Messages {
        final Map<String, List<RobotPlatform.Request>> byPath;
        final int schools;

        Messages(List<RobotPlatform.Request> requests, int schools) {
            this.byPath = requests.stream().collect(Collectors.groupingBy(RobotPlatform.Request::path));
            this.schools = schools;
        }

        List<RobotPlatform.Request> taken(String receiver, Predicate<String> id) {
            return byPath.getOrDefault(StormRoutes.path(receiver), List.of()).stream().filter(r -> r.taken() && id.test(r.id())).toList();
        }

        long first(String receiver, Predicate<String> id) {
            return taken(receiver, id).stream().mapToLong(RobotPlatform.Request::at).min().orElse(-1);
        }

        boolean over(int flooded) {
            for (int k = 0; k < schools; k++) {
                if (taken(StormRoutes.robot(k), Messages::resolved).isEmpty()) {
                    return false;
                }
            }
            return !taken(StormRoutes.DESK, Messages::resolved).isEmpty() && !taken(StormRoutes.ON_CALL, Messages::resolved).isEmpty()
                    && taken(StormRoutes.FLOOD, id -> true).size() >= 2 * flooded;
        }

        static boolean resolved(String id) {
            return id.endsWith("/resolved");
        }

        static boolean firing(String id) {
            return !resolved(id);
        }
    }

    private void report(Messages m, int schools, int flooded, long[] cutAt, long[] backAt, Map<String, Long> started, Map<String, Long> ended,
                        Console console, Map<String, Double> metrics, Duration outage, Duration groupInterval) {
        long firstCut = cutAt[0];
        long lastBack = backAt[schools - 1];
        List<Long> pageAfterOwnCut = new ArrayList<>();
        List<Long> outageAfterOwnCut = new ArrayList<>();
        long lastPage = 0;
        long lastResolved = 0;
        Map<String, Integer> shapes = new java.util.TreeMap<>();
        for (int k = 0; k < schools; k++) {
            String robot = StormRoutes.robot(k);
            long page = m.first(robot, Messages::firing);
            long resolved = m.first(robot, Messages::resolved);
            pageAfterOwnCut.add(page - cutAt[k]);
            outageAfterOwnCut.add(started.getOrDefault(StormRoutes.site(k), Long.MAX_VALUE) - cutAt[k]);
            lastPage = Math.max(lastPage, page);
            lastResolved = Math.max(lastResolved, resolved);
            shapes.merge(m.taken(robot, Messages::firing).size() + " page(s) + " + m.taken(robot, Messages::resolved).size() + " resolved", 1, Integer::sum);
        }
        Collections.sort(pageAfterOwnCut);
        Collections.sort(outageAfterOwnCut);
        String size = String.format(Locale.ROOT, "storm, %d schools (%,d devices)", schools, schools * Benchmark.DEVICES_PER_SITE);
        bench.row(size + ": power cut to the last school's message", seconds(lastPage - firstCut),
                String.format(Locale.ROOT, "from the first school's cut; each school from its own cut: p50 %s, max %s (its SITE_OUTAGE published: p50 %s, max %s)",
                        seconds(pageAfterOwnCut.get(schools / 2)), seconds(pageAfterOwnCut.get(schools - 1)),
                        seconds(outageAfterOwnCut.get(schools / 2)), seconds(outageAfterOwnCut.get(schools - 1))));
        bench.row(size + ": power cut to the desk's first digest", seconds(m.first(StormRoutes.DESK, id -> true) - firstCut),
                "on-call's: " + seconds(m.first(StormRoutes.ON_CALL, id -> true) - firstCut) + "; group_wait " + GROUP_WAIT.toSeconds() + " s");
        long lastEnded = ended.values().stream().mapToLong(Long::longValue).max().orElse(-1);
        bench.row(size + ": power back to the last school's resolved notice", seconds(lastResolved - lastBack),
                "from the last school's return; its outage ENDED published " + seconds(lastEnded - lastBack) + " after it (clear-after 1 min)");
        bench.row(size + ": power back to the resolved digest", seconds(m.first(StormRoutes.DESK, Messages::resolved) - lastBack),
                "group_interval " + com.schoolops.sla.config.Durations.format(groupInterval));
        bench.row(size + ": messages to each school's robot", shapes.entrySet().stream().map(e -> e.getKey() + " x " + e.getValue())
                .collect(Collectors.joining(", ")), "");
        List<RobotPlatform.Request> desk = m.taken(StormRoutes.DESK, id -> true);
        bench.row(size + ": messages to the desk / the on-call", desk.size() + " / " + m.taken(StormRoutes.ON_CALL, id -> true).size(),
                "digests: " + desk.stream().map(r -> seconds(r.at() - firstCut)).collect(Collectors.joining(", ")) + " after the first cut; NOC webhook: "
                        + m.taken(StormRoutes.NOC, id -> true).size());
        long refused = m.byPath.values().stream().flatMap(List::stream).filter(r -> !r.taken()).count();
        int busiest = m.byPath.entrySet().stream().filter(e -> !e.getKey().equals(StormRoutes.path(StormRoutes.NOC)))
                .mapToInt(e -> maxInAMinute(e.getValue())).max().orElse(0);
        bench.row(size + ": refused by a platform as too fast / dead-lettered", refused + " / " + Math.round(sum(metrics, "sla_notifications_total{", "outcome=\"dead_lettered\"")),
                "most requests to one robot in any 60 s: " + busiest + " (limit " + RobotPlatform.LIMIT + ")");
        if (flooded > 0) {
            List<RobotPlatform.Request> flood = m.taken(StormRoutes.FLOOD, id -> true);
            long span = flood.stream().mapToLong(RobotPlatform.Request::at).max().orElse(0) - flood.stream().mapToLong(RobotPlatform.Request::at).min().orElse(0);
            bench.row(size + ": a robot without a digest (" + flooded + " schools' pages)", flood.size() + " messages in " + seconds(span),
                    String.format(Locale.ROOT, "held by notify's window %.0f times, %.0f s in all; most in any 60 s: %d",
                            sum(metrics, "sla_notification_rate_limited_total{", "receiver=\"flood\""),
                            sum(metrics, "sla_notification_rate_limit_wait_seconds_total{", "receiver=\"flood\""), maxInAMinute(flood)));
        }
        bench.row(size + ": console during the storm, GET /api/sites?status=RED,AMBER", console.sites.summary(), console.sites.count() + " requests, every 2 s");
        bench.row(size + ": console during the storm, GET /api/notifications", console.notifications.summary(), console.notifications.count() + " requests");
        bench.out.printf("  outage %s (compressed from 20 min: nothing changes in the middle), heartbeat %s, group_wait %s, group_interval %s%n",
                com.schoolops.sla.config.Durations.format(outage), HEARTBEAT.toSeconds() + "s", GROUP_WAIT.toSeconds() + "s",
                com.schoolops.sla.config.Durations.format(groupInterval));
    }

    private static int maxInAMinute(List<RobotPlatform.Request> requests) {
        List<Long> times = requests.stream().filter(RobotPlatform.Request::taken).map(RobotPlatform.Request::at).sorted().toList();
        int most = 0;
        for (int i = 0, j = 0; i < times.size(); i++) {
            while (times.get(i) - times.get(j) >= RobotPlatform.WINDOW_MS) {
                j++;
            }
            most = Math.max(most, i - j + 1);
        }
        return most;
    }

    private static double sum(Map<String, Double> metrics, String prefix, String label) {
        return metrics.entrySet().stream().filter(e -> e.getKey().startsWith(prefix) && e.getKey().contains(label)).mapToDouble(Map.Entry::getValue).sum();
    }

    private static String seconds(long ms) {
        return ms < 0 ? "never" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** The engine's console, asked every 2 s during the storm: how long its answers take. */
    private static final class Console {
        final ChildApp engine;
        final Timings sites = new Timings();
        final Timings notifications = new Timings();

        Console(ChildApp engine) {
            this.engine = engine;
        }

        void ask() {
            try {
                sites.add(engine.get("/api/sites?status=RED,AMBER"));
                notifications.add(engine.get("/api/notifications?limit=50"));
            } catch (Exception e) {
                sites.failed++;
            }
        }
    }

    /** Answer times of one request, and how many failed. */
    private static final class Timings {
        final List<Double> millis = Collections.synchronizedList(new ArrayList<>());
        int failed;

        void add(ChildApp.Answer a) {
            if (a.status() == 200) {
                millis.add(a.millis());
            } else {
                failed++;
            }
        }

        int count() {
            return millis.size() + failed;
        }

        String summary() {
            List<Double> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            if (sorted.isEmpty()) {
                return "no answer";
            }
            return String.format(Locale.ROOT, "p50 %.0f ms, max %.0f ms%s", sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1),
                    failed > 0 ? ", " + failed + " failed" : "");
        }
    }
}
