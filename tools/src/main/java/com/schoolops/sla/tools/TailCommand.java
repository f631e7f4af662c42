package com.schoolops.sla.tools;

import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.cli.Args;
import com.schoolops.sla.cli.ClusterOptions;
import com.schoolops.sla.cli.Command;
import com.schoolops.sla.cli.UsageException;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.tail.OutputTail;
import com.schoolops.sla.topics.TopicSpec;

import java.io.PrintStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Prints the output topics, decoded, one line per record. */
final class TailCommand implements Command {
    private final PrintStream out;

    TailCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "tail";
    }

    @Override
    public String summary() {
        return "print the output topics readably (device health, outages, escalations, KPIs, dead letters)";
    }

    @Override
    public List<Args.Flag> flags() {
        List<Args.Flag> flags = new ArrayList<>(ClusterOptions.FLAGS);
        flags.add(Args.Flag.value("topics", "T1,T2", "which topics (default: all outputs and dead-letters)"));
        flags.add(Args.Flag.toggle("from-beginning", "print what is already there, not only new records"));
        flags.add(Args.Flag.value("zone", "ZONE", "time zone of printed times (default: this machine's)"));
        return flags;
    }

    @Override
    public int run(Args args) throws Exception {
        Settings settings = ClusterOptions.settings(name(), args, Map.of());
        AppConfig config = AppConfig.from(settings);
        List<String> all = new ArrayList<>(config.topics().outputs().stream().map(TopicSpec::name).toList());
        all.add(config.topics().deadLetters().name());
        List<String> topics = args.value("topics").map(t -> Arrays.asList(t.split(","))).orElse(all);
        for (String t : topics) {
            if (!all.contains(t)) {
                throw new UsageException("tail: " + t + " is not an output topic; choose from " + all);
            }
        }
        ZoneId zone;
        try {
            zone = args.value("zone").map(ZoneId::of).orElse(ZoneId.systemDefault());
        } catch (RuntimeException e) {
            throw new UsageException("tail: unknown time zone " + args.value("zone").orElse(""));
        }
        try (var admin = new com.schoolops.sla.app.TopicAdmin(config)) {
            admin.awaitCluster(settings.getDuration(com.schoolops.sla.config.ConfigCatalogue.STARTUP_TIMEOUT));
        }
        OutputTail tail = new OutputTail(settings.kafkaClientSettings(), config.topics(), topics, args.has("from-beginning"), zone, out);
        Runtime.getRuntime().addShutdownHook(new Thread(tail::close));
        tail.run();
        return 0;
    }
}
