package com.schoolops.sla.tools;

import com.schoolops.sla.config.KernelSettings;
import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.app.TopicAdmin;
import com.schoolops.sla.cli.ClusterOptions;
import com.schoolops.sla.cli.HelpOption;
import com.schoolops.sla.cli.UsageException;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.simulator.FleetSimulator;
import com.schoolops.sla.simulator.KafkaFleetSink;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;

/** The fleet simulator against an existing cluster, for load-testing a deployment. */
@Command(name = "simulate", description = "send a simulated fleet's heartbeats, registry and tickets to a cluster (load testing)")
final class SimulateCommand implements Callable<Integer> {
    private final PrintStream out;

    @Mixin
    ClusterOptions cluster;
    @Option(names = "--sites", paramLabel = "N", description = "schools (default 10)")
    int sites = 10;
    @Option(names = "--devices-per-site", paramLabel = "N",
            description = "devices per school, at least 5: a server, a switch, a door unit, terminals and speakers (default 20)")
    int perSite = 20;
    @Option(names = "--fault-rate", paramLabel = "R", description = "random outages per device-hour (default 0.05)")
    double faults = 0.05;
    @Option(names = "--ticket-rate", paramLabel = "R", description = "tickets per site-hour (default 0.5)")
    double tickets = 0.5;
    @Option(names = "--duration", paramLabel = "DURATION", description = "stop after this long (default: until Ctrl-C)")
    Duration duration;
    @Option(names = "--seed", paramLabel = "N", description = "random seed, for repeatable runs (default 1)")
    int seed = 1;
    @Mixin
    HelpOption help;

    SimulateCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        Settings settings = cluster.settings("simulate");
        AppConfig config = AppConfig.from(settings);
        if (sites < 1 || perSite < 5) {
            throw new UsageException("simulate: --sites must be at least 1 and --devices-per-site at least 5");
        }
        try (TopicAdmin admin = new TopicAdmin(config)) {
            admin.awaitCluster(settings.getDuration(com.schoolops.sla.config.KernelSettings.STARTUP_TIMEOUT));
            admin.checkInputs();
        }
        int speakers = Math.max(0, (perSite - 3) / 5);
        int terminals = perSite - 3 - speakers;
        long start = System.currentTimeMillis();
        try (KafkaFleetSink sink = new KafkaFleetSink(settings.kafkaClientSettings(), config.topics())) {
            FleetSimulator fleet = new FleetSimulator(new FleetSimulator.Shape(sites, terminals, speakers, "seed-003"), config.health(),
                    new FleetSimulator.Rates(faults, tickets), seed, start, sink, out::println);
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
