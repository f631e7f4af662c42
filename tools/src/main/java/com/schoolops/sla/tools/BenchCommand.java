package com.schoolops.sla.tools;

import com.schoolops.sla.bench.Benchmark;
import com.schoolops.sla.cli.Args;
import com.schoolops.sla.cli.ClusterOptions;
import com.schoolops.sla.cli.Command;
import com.schoolops.sla.cli.UsageException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Sizing benchmarks against an in-process broker; see BENCHMARKS.md. */
final class BenchCommand implements Command {
    private final PrintStream out;

    BenchCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "measure throughput, detection latency, tick cost, state size and ticket load on this machine (BENCHMARKS.md)";
    }

    @Override
    public List<Args.Flag> flags() {
        List<Args.Flag> flags = new ArrayList<>();
        flags.add(Args.Flag.value("devices", "N,N", "fleet sizes for the throughput and state runs (default 10000,100000)"));
        flags.add(Args.Flag.value("heartbeats-per-device", "N", "heartbeats preloaded per device, 30 s apart (default 10)"));
        flags.add(Args.Flag.value("burst-devices", "N", "devices in the reconnect burst run (default 100000)"));
        flags.add(Args.Flag.value("latency-devices", "N", "devices in the detection latency run (default 500)"));
        flags.add(Args.Flag.value("tick-devices", "N,N", "fleet sizes for the tick cost run (default 10000,1000000)"));
        flags.add(Args.Flag.value("tickets", "N", "open tickets in the ticket load run (default 100000)"));
        flags.add(Args.Flag.value("failover-devices", "N,N", "devices tracked in the takeover and restart runs (default 100000,1000000)"));
        flags.add(Args.Flag.value("only", "PARTS", "comma-separated subset of throughput,burst,failover,latency,ticks,tickets"));
        flags.add(Args.Flag.toggle("broker-in-process", "run the broker in this JVM (default: a JVM of its own, as in production)"));
        flags.add(Args.Flag.repeatable("set", "KEY=VALUE", "a setting for every application run, e.g. num.stream.threads=2; repeatable"));
        return flags;
    }

    @Override
    public int run(Args args) throws Exception {
        List<String> parts = Arrays.asList(args.value("only").orElse("throughput,burst,failover,latency,ticks,tickets").split(","));
        java.util.Map<String, String> tuning = ClusterOptions.pairs(name(), args.all("set"));
        boolean inProcess = args.has("broker-in-process");
        Benchmark bench = new Benchmark(out, tuning, inProcess);
        String machine = Runtime.getRuntime().availableProcessors() + " cores, " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB heap, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version")
                + (inProcess ? ", broker in this JVM" : ", broker in its own JVM");
        out.println("Benchmarks on " + machine + (tuning.isEmpty() ? "" : ", settings " + tuning));
        if (parts.contains("throughput")) {
            int[] fleets = sizes(args.value("devices").orElse("10000,100000"));
            int heartbeats = args.intValue(name(), "heartbeats-per-device", 10);
            bench.throughput(warmUpSize(fleets), heartbeats, false); // warm-up, as for the ticks
            for (int devices : fleets) {
                bench.throughput(devices, heartbeats, true);
            }
        }
        if (parts.contains("burst")) {
            bench.burst(args.intValue(name(), "burst-devices", 100_000));
        }
        if (parts.contains("failover")) {
            for (int devices : sizes(args.value("failover-devices").orElse("100000,1000000"))) {
                bench.failover(devices);
            }
        }
        if (parts.contains("latency")) {
            bench.latency(args.intValue(name(), "latency-devices", 500));
        }
        if (parts.contains("ticks")) {
            int[] fleets = sizes(args.value("tick-devices").orElse("10000,1000000"));
            // An untimed round first: otherwise the first size measured also pays for the JIT's warm-up.
            bench.tickCost(warmUpSize(fleets), false);
            for (int devices : fleets) {
                bench.tickCost(devices, true);
            }
        }
        if (parts.contains("tickets")) {
            bench.tickets(args.intValue(name(), "tickets", 100_000));
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

    private static int[] sizes(String list) {
        try {
            return Arrays.stream(list.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        } catch (NumberFormatException e) {
            throw new UsageException("bench: sizes are whole numbers separated by commas, not '" + list + "'");
        }
    }
}
