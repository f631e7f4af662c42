package com.schoolops.sla.tools;

import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.app.TopicAdmin;
import com.schoolops.sla.cli.Args;
import com.schoolops.sla.cli.ClusterOptions;
import com.schoolops.sla.cli.Command;
import com.schoolops.sla.cli.UsageException;
import com.schoolops.sla.config.Durations;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.simulator.FleetSimulator;
import com.schoolops.sla.simulator.KafkaFleetSink;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The fleet simulator against an existing cluster, for load-testing a deployment. */
final class SimulateCommand implements Command {
    private final PrintStream out;

    SimulateCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "simulate";
    }

    @Override
    public String summary() {
        return "send a simulated fleet's heartbeats, registry and tickets to a cluster (load testing)";
    }

    @Override
    public List<Args.Flag> flags() {
        List<Args.Flag> flags = new ArrayList<>(ClusterOptions.FLAGS);
        flags.add(Args.Flag.value("sites", "N", "schools (default 10)"));
        flags.add(Args.Flag.value("devices-per-site", "N", "devices per school, at least 5: a server, a switch, a door unit, terminals and speakers (default 20)"));
        flags.add(Args.Flag.value("fault-rate", "R", "random outages per device-hour (default 0.05)"));
        flags.add(Args.Flag.value("ticket-rate", "R", "tickets per site-hour (default 0.5)"));
        flags.add(Args.Flag.value("duration", "DURATION", "stop after this long (default: until Ctrl-C)"));
        flags.add(Args.Flag.value("seed", "N", "random seed, for repeatable runs (default 1)"));
        return flags;
    }

    @Override
    public int run(Args args) throws Exception {
        Settings settings = ClusterOptions.settings(name(), args, Map.of());
        AppConfig config = AppConfig.from(settings);
        int sites = args.intValue(name(), "sites", 10);
        int perSite = args.intValue(name(), "devices-per-site", 20);
        if (sites < 1 || perSite < 5) {
            throw new UsageException("simulate: --sites must be at least 1 and --devices-per-site at least 5");
        }
        double faults = args.doubleValue(name(), "fault-rate", 0.05);
        double tickets = args.doubleValue(name(), "ticket-rate", 0.5);
        Duration duration;
        try {
            duration = args.value("duration").map(Durations::parse).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new UsageException("simulate: --duration: " + e.getMessage());
        }
        try (TopicAdmin admin = new TopicAdmin(config)) {
            admin.awaitCluster(settings.getDuration(com.schoolops.sla.config.ConfigCatalogue.STARTUP_TIMEOUT));
            admin.checkInputs();
        }
        int speakers = Math.max(0, (perSite - 3) / 5);
        int terminals = perSite - 3 - speakers;
        long start = System.currentTimeMillis();
        try (KafkaFleetSink sink = new KafkaFleetSink(settings.kafkaClientSettings(), config.topics())) {
            FleetSimulator fleet = new FleetSimulator(new FleetSimulator.Shape(sites, terminals, speakers, "seed-003"), config.health(),
                    new FleetSimulator.Rates(faults, tickets), args.intValue(name(), "seed", 1), start, sink, out::println);
            fleet.registerAll(start);
            out.printf("Simulating %d schools, %d devices; faults %.3f per device-hour, tickets %.2f per site-hour%n",
                    sites, fleet.deviceCount(), faults, tickets);
            long lastReport = start;
            long lastCount = 0;
            while (duration == null || System.currentTimeMillis() - start < duration.toMillis()) {
                long now = System.currentTimeMillis();
                fleet.step(now);
                if (now - lastReport >= 10_000) {
                    long sent = fleet.heartbeatsSent();
                    out.printf("%d heartbeats sent (%.0f/s)%n", sent, (sent - lastCount) * 1000.0 / (now - lastReport));
                    lastReport = now;
                    lastCount = sent;
                }
                Thread.sleep(100);
            }
            sink.flush();
            out.printf("Done: %d heartbeats sent%n", fleet.heartbeatsSent());
        }
        return 0;
    }
}
