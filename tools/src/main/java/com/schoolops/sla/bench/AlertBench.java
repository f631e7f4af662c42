package com.schoolops.sla.bench;

import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.config.ConfigCatalogue;
import com.schoolops.sla.config.Durations;
import com.schoolops.sla.notify.NotifyTopics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Alert to person (issue 39): from a verdict's due time to the receiver's request, with the engine's {@code run} and
 * {@code notify} as deployed ({@link AsDeployed}) while a district's terminals beat at their real 30 s interval. Two
 * verdicts, spread evenly over the run, one of each every {@code spread / verdicts}:
 * <ul>
 *   <li>a ticket's SLA_BREACH: a ticket opened under the bench's contract, whose RESPONSE is {@link #RESPONSE}, and never
 *       acknowledged: due at its OPENED's timestamp plus the target;</li>
 *   <li>a device's UNTICKETED_OUTAGE: a probe (a door controller beating every {@link #PROBE_INTERVAL}) stops beating and
 *       no ticket names it: DOWN at its last heartbeat plus its silence (3 intervals), escalated {@code sla.unticketed-grace}
 *       later ({@link #GRACE} here).</li>
 * </ul>
 * The short targets are the bench's only compression: what happens between the due time and the person is the same for
 * a 15-minute RESPONSE or a 10-minute grace. Breaches go to a WeCom robot, outages to a DingTalk robot, with group_wait 0
 * and no repeats; the robots' limit is raised in the routes (the run sends each of them two messages a second, which a
 * district spreads over many robots; the storm measures the limit). Followed on the way ({@link AlertJourneys}): the
 * escalation's record timestamp, when a {@code read_committed} reader sees it, the notification's planned time, when it
 * is seen on {@code sla-notifications}, and the request at the robot.
 */
final class AlertBench {
    static final String CONTRACT = "bench-alert";
    static final Duration RESPONSE = Duration.ofSeconds(10);
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(2);
    static final Duration GRACE = Duration.ofSeconds(10);
    static final Duration TERMINAL_INTERVAL = Duration.ofSeconds(30);
    static final Duration GROUP_WAIT = Duration.ZERO;
    static final String DESK = "desk";
    static final String ON_CALL = "on-call";
    private static final long ROUND_MS = 100;

    private final Benchmark bench;
    private final boolean brokerInProcess;

    AlertBench(Benchmark bench, boolean brokerInProcess) {
        this.bench = bench;
        this.brokerInProcess = brokerInProcess;
    }

    void run(int devices, int verdicts, Duration spread) throws Exception {
        int sites = Benchmark.sites(devices);
        bench.out.printf("%nAlert to person: %,d terminals beating every %s; %d SLA_BREACHes and %d UNTICKETED_OUTAGEs due over %s ...%n",
                devices, Durations.format(TERMINAL_INTERVAL), verdicts, verdicts, Durations.format(spread));
        String app = "bench-alert";
        Path dir = Files.createTempDirectory("sla-bench-alert");
        Path contracts = dir.resolve("contracts.json");
        Files.writeString(contracts, "{\"contracts\": [{\"id\": \"" + CONTRACT + "\", \"calendar\": \"cn-default\", \"warningFractions\": [], "
                + "\"severities\": {\"P1\": {\"RESPONSE\": \"" + Durations.format(RESPONSE) + "\"}}}]}");
        Map<String, String> engine = bench.with(Map.of("topics.partitions", "4", "health.interval." + DeviceType.ACCESS_CONTROL, Durations.format(PROBE_INTERVAL),
                ConfigCatalogue.UNTICKETED_GRACE, Durations.format(GRACE), ConfigCatalogue.SLA_POLICIES, contracts.toString()));
        try (BenchCluster c = new BenchCluster(app, engine, brokerInProcess);
             RobotPlatform platform = new RobotPlatform(path -> null)) {
            FailoverBench.onboard(bench, c, devices);
            Plan plan = new Plan(c, verdicts, sites, spread,
                    c.config.health().silenceMs(DeviceType.ACCESS_CONTROL) + c.config.settings().getDuration(ConfigCatalogue.UNTICKETED_GRACE).toMillis());
            plan.onboardProbes();
            AlertJourneys journeys = plan.journeys;
            Thread escalations = Benchmark.reader(c, c.config.topics().escalations(),
                    r -> journeys.escalated(r.value(), r.timestamp(), System.currentTimeMillis()));
            Thread notifications = Benchmark.reader(c, NotifyTopics.from(c.config.settings(), c.config.serdes()).notifications(),
                    r -> journeys.queued(r.value(), System.currentTimeMillis()));
            SteadyFleet terminals = new SteadyFleet(c, devices, TERMINAL_INTERVAL, ROUND_MS);
            SteadyFleet probes = new SteadyFleet(c, plan::probe, verdicts, PROBE_INTERVAL, ROUND_MS, plan::beats, plan::sent);
            try (AsDeployed deployed = AsDeployed.start(c, app, dir, engine, bench.with(Map.of()), routes(platform.baseUrl()));
                 BenchLoop loop = new BenchLoop("alert-fleet", ROUND_MS, now -> {
                     terminals.beat(now);
                     probes.beat(now);
                     plan.act(now);
                     c.flush();
                 })) {
                deployed.awaitReady(bench, c, devices + verdicts);
                Thread.sleep(10_000); // every device heard at the sites, and the JIT past its first rounds
                long lastDue = plan.begin(System.currentTimeMillis() + 1_000);
                Waits.untilTrue("every verdict at its receiver", () -> {
                    platform.requests().forEach(r -> journeys.received(r.id(), r.at()));
                    return plan.allSetUp() && received(journeys, EscalationType.SLA_BREACH) == verdicts
                            && received(journeys, EscalationType.UNTICKETED_OUTAGE) == verdicts;
                }, Duration.ofMillis(lastDue + 60_000 - System.currentTimeMillis()));
                threads("engine", deployed.engine.scrape());
                threads("notify", deployed.notify.scrape());
                report(journeys.report(EscalationType.SLA_BREACH, GROUP_WAIT.toMillis()), "a ticket's RESPONSE " + Durations.format(RESPONSE) + " passed");
                report(journeys.report(EscalationType.UNTICKETED_OUTAGE, GROUP_WAIT.toMillis()),
                        "a probe's last heartbeat + 3 x " + Durations.format(PROBE_INTERVAL) + " + grace " + Durations.format(GRACE));
            } finally {
                escalations.interrupt();
                notifications.interrupt();
            }
        }
    }

    /** What each stream thread of an application spent on its commits, punctuations and polls (Kafka Streams' own metrics, last 30 s). */
    private void threads(String name, Map<String, Double> metrics) {
        for (String what : List.of("commit", "punctuate", "poll")) {
            String avg = "kafka_stream_thread_" + what + "_latency_avg";
            String max = "kafka_stream_thread_" + what + "_latency_max";
            bench.out.printf(Locale.ROOT, "  %s stream threads, %s latency (ms) avg / max: %s / %s%n", name, what, values(metrics, avg), values(metrics, max));
        }
    }

    private static String values(Map<String, Double> metrics, String name) {
        return metrics.entrySet().stream().filter(e -> e.getKey().startsWith(name + "{")).map(e -> String.format(Locale.ROOT, "%.0f", e.getValue()))
                .collect(Collectors.joining(" ", "", ""));
    }

    private static int received(AlertJourneys journeys, EscalationType type) {
        return journeys.report(type, 0).received();
    }

    private void report(AlertJourneys.Report r, String due) {
        String label = String.format(Locale.ROOT, "alert to person, %s (%d of %d received)", r.type(), r.received(), r.due());
        String steps = r.steps().entrySet().stream().map(e -> e.getKey().name().toLowerCase(Locale.ROOT) + " " + e.getValue().inMillis())
                .collect(Collectors.joining(", "));
        bench.row(label + ": due → receiver's request", r.total() == null ? "none received" : r.total().inSeconds(),
                "due: " + due + "; group_wait " + Durations.format(GROUP_WAIT) + "; target p99 < 2 s; each step after the one before: " + steps
                        + (r.missing().isEmpty() ? "" : "; never received: " + r.missing().stream().limit(10).collect(Collectors.joining(", "))));
    }

    /** Breaches to the desk's WeCom robot, unticketed outages to the on-call's DingTalk robot; nothing else is sent. */
    static String routes(String baseUrl) {
        return "defaults: {group_wait: " + Durations.format(GROUP_WAIT) + ", repeat_interval: 0s, language: zh, zone: Asia/Shanghai}\n"
                + "receivers:\n"
                + "  - {name: " + DESK + ", wecom: {url: \"" + baseUrl + "/" + DESK + "\"}, rate_limit: 600/1m}\n"
                + "  - {name: " + ON_CALL + ", dingtalk: {url: \"" + baseUrl + "/" + ON_CALL + "\", secret: bench}, rate_limit: 600/1m}\n"
                + "routes:\n"
                + "  - {name: breaches, match: {type: SLA_BREACH}, receivers: [" + DESK + "]}\n"
                + "  - {name: unticketed, match: {type: UNTICKETED_OUTAGE}, receivers: [" + ON_CALL + "]}\n"
                + "  - {name: the-rest, receivers: []}\n";
    }

    /**
     * The verdicts, set up one of each every {@code spread / verdicts} from {@link #begin}: probe k falls silent, and half a
     * spacing later ticket k is opened. Run on the fleet's own loop, so a probe's last heartbeat is known exactly.
     * Probes are at even sites, tickets at odd ones: no ticket names a probe, nor shares its site.
     */
    private static final class Plan {
        final AlertJourneys journeys = new AlertJourneys();
        final long outageAfterMs;
        private final BenchCluster c;
        private final int verdicts;
        private final int sites;
        private final long spacingMs;
        private final long[] lastSent;
        private final boolean[] silent;
        /** Null until the bench begins. */
        private volatile Paced silences;
        private volatile Paced tickets;
        private int silenced;
        private volatile int opened; // the loop's, read by the bench's wait

        Plan(BenchCluster c, int verdicts, int sites, Duration spread, long outageAfterMs) {
            this.c = c;
            this.verdicts = verdicts;
            this.sites = sites;
            this.spacingMs = spread.toMillis() / verdicts;
            this.outageAfterMs = outageAfterMs;
            this.lastSent = new long[verdicts];
            this.silent = new boolean[verdicts];
        }

        Device probe(int k) {
            return Device.newBuilder().setDeviceId("probe-" + k).setDeviceType(DeviceType.ACCESS_CONTROL).setSiteId("site-" + (2 * k) % sites)
                    .setParentDeviceId(null).setContractId("seed-003").setWarrantyUntil(null).setCritical(false).build();
        }

        void onboardProbes() {
            long now = System.currentTimeMillis();
            for (int k = 0; k < verdicts; k++) {
                Device d = probe(k);
                c.send("device-registry", d.getDeviceId(), d, now);
                c.send("device-heartbeats", d.getDeviceId(), Benchmark.heartbeat(d, now), now);
            }
            c.flush();
        }

        boolean beats(int k, long now) {
            return !silent[k];
        }

        void sent(int k, long at) {
            lastSent[k] = at;
        }

        /** The verdicts start at {@code at}; returns when the last is due. */
        long begin(long at) {
            tickets = new Paced(at + spacingMs / 2, spacingMs, verdicts);
            silences = new Paced(at, spacingMs, verdicts);
            return Math.max(tickets.lastAt() + RESPONSE.toMillis(), silences.lastAt() + outageAfterMs);
        }

        boolean allSetUp() {
            return opened == verdicts;
        }

        /** Whatever is due to be set up by {@code now}. */
        void act(long now) {
            if (silences == null || tickets == null) {
                return;
            }
            for (int due = silences.dueBy(now); silenced < due; ) {
                int k = silenced++;
                silent[k] = true;
                journeys.due(EscalationType.UNTICKETED_OUTAGE, probe(k).getDeviceId(), lastSent[k] + outageAfterMs);
            }
            for (int due = tickets.dueBy(now); opened < due; ) {
                int k = opened++;
                String id = "alert-" + k;
                c.send("fault-tickets", id, TicketEvent.newBuilder().setTicketId(id).setType(TicketEventType.OPENED).setTimestamp(now)
                        .setSiteId("site-" + (2 * k + 1) % sites).setDeviceId(null).setContractId(CONTRACT).setSeverity("P1")
                        .setCategory(TicketCategory.HARDWARE).setActor("service-desk").build(), now);
                journeys.due(EscalationType.SLA_BREACH, id, now + RESPONSE.toMillis());
            }
        }
    }
}
