package com.schoolops.sla.tools;

import com.schoolops.sla.bench.Benchmark;
import com.schoolops.sla.cli.HelpOption;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** Sizing benchmarks against an in-process broker; see BENCHMARKS.md. */
@Command(name = "bench", description = "measure throughput, detection latency, tick cost, state size and ticket load on this machine "
        + "(BENCHMARKS.md)")
final class BenchCommand implements Callable<Integer> {
    private final PrintStream out;

    @Option(names = "--devices", paramLabel = "N,N", split = ",", description = "fleet sizes for the throughput and state runs (default 10000,100000)")
    int[] devices = {10_000, 100_000};
    @Option(names = "--heartbeats-per-device", paramLabel = "N", description = "heartbeats preloaded per device, 30 s apart (default 10)")
    int heartbeats = 10;
    @Option(names = "--burst-devices", paramLabel = "N", description = "devices in the reconnect burst run (default 100000)")
    int burstDevices = 100_000;
    @Option(names = "--latency-devices", paramLabel = "N", description = "devices in the detection latency run (default 500)")
    int latencyDevices = 500;
    @Option(names = "--tick-devices", paramLabel = "N,N", split = ",", description = "fleet sizes for the tick cost run (default 10000,1000000)")
    int[] tickDevices = {10_000, 1_000_000};
    @Option(names = "--tickets", paramLabel = "N", description = "open tickets in the ticket load run (default 100000)")
    int tickets = 100_000;
    @Option(names = "--failover-devices", paramLabel = "N,N", split = ",",
            description = "devices tracked in the takeover and restart runs (default 100000,1000000)")
    int[] failoverDevices = {100_000, 1_000_000};
    @Option(names = "--takeover-kills", paramLabel = "N", description = "kills of each way compared in the takeover run (default 3)")
    int takeoverKills = 3;
    @Option(names = "--whatif-devices", paramLabel = "N", description = "devices of the district month in the whatif run (default 10000)")
    int whatifDevices = 10_000;
    @Option(names = "--whatif-tickets", paramLabel = "N", description = "tickets of the district month in the whatif run (default 3000)")
    int whatifTickets = 3_000;
    @Option(names = "--soak-devices", paramLabel = "N", description = "devices of the soak (default 100000)")
    int soakDevices = 100_000;
    @Option(names = "--soak-minutes", paramLabel = "N", description = "length of the soak (default 30)")
    int soakMinutes = 30;
    @Option(names = "--soak-out", paramLabel = "DIR", description = "where the soak writes soak.csv and soak.png (default bench-soak)")
    java.nio.file.Path soakOut = java.nio.file.Path.of("bench-soak");
    @Option(names = "--storm-schools", paramLabel = "N", description = "schools of 100 devices in the storm (default 100)")
    int stormSchools = 100;
    @Option(names = "--storm-outage", paramLabel = "DURATION", description = "how long the storm's power cut lasts (default 4m; the issue's 20m is the same with a longer quiet middle)")
    java.time.Duration stormOutage = java.time.Duration.ofMinutes(4);
    @Option(names = "--storm-group-interval", paramLabel = "DURATION", description = "the digest route's group_interval in the storm (default 1m)")
    java.time.Duration stormGroupInterval = java.time.Duration.ofMinutes(1);
    @Option(names = "--storm-flood", paramLabel = "N", description = "schools whose pages also go to one robot without a digest, to see its rate limit kept (default 30)")
    int stormFlood = 30;
    @Option(names = "--alert-devices", paramLabel = "N", description = "terminals beating every 30 s in the alert run (default 100000)")
    int alertDevices = 100_000;
    @Option(names = "--alert-verdicts", paramLabel = "N", description = "SLA_BREACHes, and as many UNTICKETED_OUTAGEs, in the alert run (default 300)")
    int alertVerdicts = 300;
    @Option(names = "--alert-spread", paramLabel = "DURATION", description = "how long the alert run's verdicts are spread over (default 2m30s)")
    java.time.Duration alertSpread = java.time.Duration.ofSeconds(150);
    @Option(names = "--only", paramLabel = "PARTS", split = ",",
            description = "comma-separated subset of throughput,burst,failover,latency,ticks,tickets,whatif, or soak (half an hour), storm "
                    + "(about 9 minutes), takeover (the group protocols compared, about 4 minutes each) or alert (about 4.5 minutes): those four only when asked")
    List<String> parts = List.of("throughput", "burst", "failover", "latency", "ticks", "tickets", "whatif");
    @Option(names = "--broker-in-process", description = "run the broker in this JVM (default: a JVM of its own, as in production)")
    boolean inProcess;
    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "a setting for every application run, e.g. num.stream.threads=2; repeatable")
    Map<String, String> tuning = new LinkedHashMap<>();
    @Mixin
    HelpOption help;

    BenchCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        Benchmark bench = new Benchmark(out, tuning, inProcess);
        String machine = Runtime.getRuntime().availableProcessors() + " cores, " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB heap, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version")
                + (inProcess ? ", broker in this JVM" : ", broker in its own JVM");
        out.println("Benchmarks on " + machine + (tuning.isEmpty() ? "" : ", settings " + tuning));
        if (parts.contains("throughput")) {
            bench.throughput(warmUpSize(devices), heartbeats, false); // warm-up, as for the ticks
            for (int fleet : devices) {
                bench.throughput(fleet, heartbeats, true);
            }
        }
        if (parts.contains("burst")) {
            bench.burst(burstDevices);
        }
        if (parts.contains("failover")) {
            for (int fleet : failoverDevices) {
                bench.failover(fleet);
            }
        }
        if (parts.contains("takeover")) {
            for (int fleet : failoverDevices) {
                bench.takeovers(fleet, takeoverKills);
            }
        }
        if (parts.contains("latency")) {
            bench.latency(latencyDevices);
        }
        if (parts.contains("ticks")) {
            // An untimed round first: otherwise the first size measured also pays for the JIT's warm-up.
            bench.tickCost(warmUpSize(tickDevices), false);
            for (int fleet : tickDevices) {
                bench.tickCost(fleet, true);
            }
        }
        if (parts.contains("tickets")) {
            bench.tickets(tickets);
        }
        if (parts.contains("whatif")) {
            bench.whatif(whatifDevices, whatifTickets);
        }
        if (parts.contains("storm")) {
            bench.storm(stormSchools, stormOutage, stormGroupInterval, stormFlood);
        }
        if (parts.contains("alert")) {
            bench.alert(alertDevices, alertVerdicts, alertSpread);
        }
        if (parts.contains("soak")) {
            bench.soak(soakDevices, java.time.Duration.ofMinutes(soakMinutes), soakOut);
        }
        bench.printTable(machine);
        return 0;
    }

    /**
     * Enough to compile the hot paths (a 10,000-device round left the compiler threads with a third of the CPU of
     * the 100,000-device run that followed); no more than the smallest size asked for.
     */
    private static int warmUpSize(int[] fleets) {
        return Math.min(100_000, Arrays.stream(fleets).min().orElse(0));
    }
}
