package com.schoolops.sla.tools;

import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.app.SlaApplication;
import com.schoolops.sla.http.Console;
import com.schoolops.sla.app.TopicAdmin;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.avro.VisitKind;
import com.schoolops.sla.avro.VisitMode;
import com.schoolops.sla.cli.HelpOption;
import com.schoolops.sla.cli.UsageException;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.embedded.EmbeddedKafka;
import com.schoolops.sla.embedded.ScratchDirectory;
import com.schoolops.sla.notify.NotifyApplication;
import com.schoolops.sla.notify.NotifyConfig;
import com.schoolops.sla.notify.delivery.DeliveryWorker;
import com.schoolops.sla.notify.routes.Routes;
import com.schoolops.sla.notify.routes.RoutesFile;
import com.schoolops.sla.simulator.FleetSimulator;
import com.schoolops.sla.simulator.KafkaFleetSink;
import com.schoolops.sla.tail.OutputTail;
import com.schoolops.sla.topics.TopicSpec;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;

/**
 * The embedded default: a Kafka broker in this JVM, the topics, the application, a simulated fleet with
 * scripted faults, and every output record printed as it is committed.
 */
@Command(name = "demo", description = "everything in one process: a Kafka broker, the application, a simulated fleet; prints events live")
final class DemoCommand implements Callable<Integer> {
    /**
     * Demo timing: heartbeat intervals of seconds instead of tens of seconds, so that failures are found within
     * a minute of the demo's start. Printed on screen; everything else is the product's defaults.
     */
    static final Map<String, String> DEMO_TIMING = Map.ofEntries(
            Map.entry("health.interval.CLOUD_SERVER", "2s"),
            Map.entry("health.interval.CLOUD_TERMINAL", "3s"),
            Map.entry("health.interval.SWITCH", "3s"),
            Map.entry("health.interval.BROADCAST_SPEAKER", "5s"),
            Map.entry("health.interval.ACCESS_CONTROL", "5s"),
            Map.entry("health.metrics.window", "30s"),
            Map.entry("health.flapping.window", "2m"),
            Map.entry("health.flapping.settle", "1m"),
            Map.entry("site-outage.window", "5s"),
            Map.entry("site-outage.clear-after", "15s"),
            Map.entry("kpi.hourly-window", "2m"),
            Map.entry("kpi.grace", "20s"));

    private final PrintStream out;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "keep the broker's data and the application's state here between runs (default: a temporary directory)")
    Path dataDir;
    @Option(names = "--port", paramLabel = "N", description = "the broker's client port, for `tail` from another terminal (default 9092; 0 for any free port)")
    int port = 9092;
    @Option(names = "--sites", paramLabel = "N", description = "schools in the simulated fleet (default 3)")
    int sites = 3;
    @Option(names = "--duration", paramLabel = "DURATION", description = "stop by itself after this long, e.g. 5m (default: run until Ctrl-C)")
    Duration duration;
    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "one setting, e.g. http.port=8081 (also SLA_HTTP_PORT); repeatable")
    Map<String, String> set = new LinkedHashMap<>();
    @Mixin
    HelpOption help;

    DemoCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if (sites < 1 || sites > 500) {
            throw new UsageException("demo: --sites must be between 1 and 500");
        }

        out.println("Starting an Apache Kafka broker (KRaft) in this process" + (dataDir == null ? "" : ", data in " + dataDir) + " ...");
        List<AutoCloseable> toClose = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            out.println();
            out.println("Stopping ...");
            closeAll(toClose);
            stopped.countDown();
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        // The run's own files (contract, routes, and the state unless --data-dir keeps it): removed last, after
        // everything that uses them has stopped, also on Ctrl-C (the hook closes the same list).
        ScratchDirectory scratch = dataDir == null ? ScratchDirectory.forState("sla-demo") : ScratchDirectory.create("sla-demo");
        toClose.add(scratch);
        EmbeddedKafka broker = EmbeddedKafka.start(dataDir, port, Map.of());
        toClose.add(0, broker);
        Path stateDir = dataDir != null ? dataDir.resolve("streams") : scratch.path().resolve("streams");
        Map<String, String> demo = new LinkedHashMap<>(DEMO_TIMING);
        demo.put("sla.policies", scratch.copyOf("policies/demo-contract.json", "demo-contract.json").toString());
        demo.put("sla.unticketed-grace", "1m");
        demo.put("kafka.bootstrap.servers", broker.bootstrapServers());
        demo.put("state.dir", stateDir.toString());
        demo.put("replication.factor", "1");
        demo.put("num.standby.replicas", "0");
        demo.put("topics.partitions", "3");
        demo.put("application.id", "sla-processor-demo");
        demo.put("http.advertised-host", "localhost");
        demo.putAll(set);
        Settings settings = Settings.load(null, System.getenv(), demo);
        AppConfig config = AppConfig.from(settings);

        try (TopicAdmin admin = new TopicAdmin(config)) {
            admin.awaitCluster(Duration.ofSeconds(60));
            admin.createTopics();
        }
        List<String> watched = new ArrayList<>(config.topics().outputs().stream().map(TopicSpec::name).toList());
        watched.add(config.topics().deadLetters().name());
        OutputTail tail = new OutputTail(settings.kafkaClientSettings(), config.topics(), watched, false, ZoneId.systemDefault(), out);
        Thread tailThread = new Thread(tail, "demo-output");
        tailThread.start();
        toClose.add(0, tail);

        SlaApplication app = new SlaApplication(config).start();
        toClose.add(0, app);
        Optional<Console> console = Console.start(config, app);
        console.ifPresent(c -> toClose.add(0, c));

        // The demo's receivers print each message (NOTIFY lines); the worker's own line for each would say it twice.
        System.setProperty("org.slf4j.simpleLogger.log." + DeliveryWorker.class.getName(), "warn");
        DemoReceiver receiver = new DemoReceiver(out);
        toClose.add(0, receiver);
        NotifyApplication notify = new NotifyApplication(NotifyConfig.from(settings.with(Map.of("notify.http.port", "-1"))),
                demoRoutes(scratch, receiver), InstantSource.system()).start();
        toClose.add(0, notify);

        KafkaFleetSink sink = new KafkaFleetSink(settings.kafkaClientSettings(), config.topics());
        toClose.add(0, sink);
        long start = System.currentTimeMillis();
        DateTimeFormatter hhmmss = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
        FleetSimulator fleet = new FleetSimulator(new FleetSimulator.Shape(sites, 6, 2, "demo"), config.health(),
                FleetSimulator.Rates.NONE, 42, start, sink,
                line -> out.println(hhmmss.format(Instant.now()) + "  SIMULATOR  " + line));
        script(fleet, start);
        fleet.registerAll(start);
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "demo-fleet"));
        clock.scheduleAtFixedRate(() -> {
            try {
                fleet.step(System.currentTimeMillis());
            } catch (RuntimeException e) {
                out.println("simulator: " + e.getMessage());
            }
        }, 0, 250, TimeUnit.MILLISECONDS);
        toClose.add(0, clock::shutdownNow);

        banner(broker, fleet, settings, console.map(c -> Console.localUrl(config, c.port())));
        if (duration != null) {
            if (!stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS)) {
                Runtime.getRuntime().removeShutdownHook(hook);
                hook.run();
            }
        } else {
            stopped.await();
        }
        return 0;
    }

    /** The bundled demo routes, their webhooks the demo's own printing receiver. */
    private static Routes demoRoutes(ScratchDirectory scratch, DemoReceiver receiver) throws java.io.IOException {
        return RoutesFile.load(scratch.copyOf("notify/demo-routes.yaml", "demo-routes.yaml"), Map.of("DEMO_RECEIVER", receiver.url()));
    }

    /** The faults the demo injects, so that every kind of event shows within the first two minutes. */
    private static void script(FleetSimulator fleet, long start) {
        List<String> sites = fleet.sites();
        String s1 = sites.get(0);
        String s2 = sites.size() > 1 ? sites.get(1) : s1;
        String s3 = sites.size() > 2 ? sites.get(2) : s1;
        String n2 = s2.substring("school-".length());
        String n3 = s3.substring("school-".length());
        fleet.at(start + 15_000, s1 + ": speaker 2 goes silent for good", () -> fleet.silence("s1-speaker-2", System.currentTimeMillis(), Long.MAX_VALUE / 4));
        fleet.at(start + 20_000, s2 + ": the core switch fails; everything behind it goes silent for 60 s",
                () -> fleet.failSwitch("s" + n2 + "-switch", System.currentTimeMillis(), 60_000));
        fleet.at(start + 25_000, s1 + ": service desk opens ticket for terminal 3 (demo contract, GENERAL); nobody acknowledges it",
                () -> fleet.openTicket(s1, "s1-term-03", "GENERAL", TicketCategory.HARDWARE, System.currentTimeMillis(), "screen stays black"));
        fleet.at(start + 30_000, s3 + ": the cloud server runs hot (CPU above 95 %) for 2 minutes",
                () -> fleet.overheat("s" + n3 + "-server", System.currentTimeMillis(), 120_000));
        fleet.at(start + 40_000, s1 + ": the door unit starts flapping between OK and FAULT for 90 s",
                () -> fleet.flap("s1-door", System.currentTimeMillis(), 90_000));
        String[] switchTicket = new String[1];
        fleet.at(start + 35_000, s2 + ": service desk opens a MAJOR ticket for the failed switch and acknowledges it",
                () -> {
                    long now = System.currentTimeMillis();
                    switchTicket[0] = fleet.openTicket(s2, "s" + n2 + "-switch", "MAJOR", TicketCategory.NETWORK, now, "whole school offline");
                    fleet.ticket(switchTicket[0], TicketEventType.ACKNOWLEDGED, s2, "s" + n2 + "-switch", null, null, now + 1000, "engineer on the phone");
                });
        // The scheduled half (obligations): the console's site page shows this quarter's, one met within the first minute.
        fleet.at(start + 45_000, s1 + ": engineer 王工 completes this quarter's on-site inspection (inspection met)",
                () -> fleet.visitDone(s1, VisitKind.INSPECTION, VisitMode.ON_SITE, "王工", System.currentTimeMillis(), "季度巡检 quarterly inspection"));
        fleet.at(start + 50_000, s1 + ": the service desk makes this quarter's phone return visit (it counts only 09:30-11:30 and 14:50-17:00 Beijing time)",
                () -> fleet.visitDone(s1, VisitKind.RETURN_VISIT, VisitMode.PHONE, "客服小李", System.currentTimeMillis(), "电话回访 phone return visit"));
        fleet.at(start + 90_000, s2 + ": the engineer marks the switch ticket RESOLVED", () -> fleet.ticket(switchTicket[0],
                TicketEventType.RESOLVED, s2, "s" + n2 + "-switch", null, null, System.currentTimeMillis(), "switch replaced"));
    }

    private void banner(EmbeddedKafka broker, FleetSimulator fleet, Settings settings, Optional<String> console) {
        out.println();
        out.println("=== SLA and device-health processor: demo ===");
        console.ifPresent(url -> {
            out.println("Console:   " + url + "/   (open it in a browser; query API " + url + "/api/sites, metrics " + url + "/metrics)");
            out.println("Registry:  " + url + "   (Confluent Schema Registry API of the embedded registry: schema.registry.url for your own producers)");
        });
        out.println("Broker:    " + broker.bootstrapServers() + "   (watch from another terminal: " + ToolsMain.JAR + " tail --bootstrap-servers "
                + broker.bootstrapServers() + ")");
        out.println("Fleet:     " + fleet.sites().size() + " schools, " + fleet.deviceCount() + " devices");
        out.println("Timing:    DEMO heartbeat intervals (server 2s, terminal 3s, switch 3s, speaker 5s, door 5s; DOWN after "
                + settings.get("health.missed-intervals") + " missed); also shortened for the demo: metric window "
                + settings.get("health.metrics.window") + ", flapping window " + settings.get("health.flapping.window") + " and settle "
                + settings.get("health.flapping.settle") + ", outage window " + settings.get("site-outage.window") + " and clear-after "
                + settings.get("site-outage.clear-after") + ", unticketed grace " + settings.get("sla.unticketed-grace")
                + ", KPI 'HOURLY' windows of " + settings.get("kpi.hourly-window") + " (not an hour) closed " + settings.get("kpi.grace")
                + " after their end; every other number is the product default");
        out.println("Contract:  DEMO contract 'demo' (targets in minutes: RESPONSE 1m, ON_SITE 3m, RESTORE 4m, remote window 2m); bundled seed-001..004 also loaded");
        out.println("Faults:    a silent speaker at 0:15, a core switch failure at 0:20 (ticket at 0:35), an unacknowledged ticket at 0:25,");
        out.println("           a hot server at 0:30, a flapping door at 0:40");
        out.println("Notify:    the demo's notify sends to webhooks of its own, which print each message (NOTIFY lines): outages grouped");
        out.println("           after 10 s, an unanswered breach repeated each minute to the next tier (routes: tools' notify/demo-routes.yaml)");
        out.println("Ctrl-C stops everything.");
        out.println();
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable c : resources) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e.getMessage());
            }
        }
    }
}
