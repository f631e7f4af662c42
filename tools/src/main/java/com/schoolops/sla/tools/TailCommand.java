package com.schoolops.sla.tools;

import com.schoolops.sla.config.KernelSettings;
import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.cli.ClusterOptions;
import com.schoolops.sla.cli.HelpOption;
import com.schoolops.sla.cli.UsageException;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.tail.OutputTail;
import com.schoolops.sla.topics.TopicSpec;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Prints the output topics, decoded, one line per record. */
@Command(name = "tail", description = "print the output topics readably (device health, outages, escalations, KPIs, dead letters; device days when asked)")
final class TailCommand implements Callable<Integer> {
    private final PrintStream out;

    @Mixin
    ClusterOptions cluster;
    @Option(names = "--topics", paramLabel = "T1,T2", split = ",",
            description = "which topics (default: every output but device-daily, whose records come all at once after each local midnight, one per device; and dead-letters)")
    List<String> topics;
    @Option(names = "--from-beginning", description = "print what is already there, not only new records")
    boolean fromBeginning;
    @Option(names = "--zone", paramLabel = "ZONE", description = "time zone of printed times (default: this machine's)")
    ZoneId zone = ZoneId.systemDefault();
    @Mixin
    HelpOption help;

    TailCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        Settings settings = cluster.settings("tail");
        AppConfig config = AppConfig.from(settings);
        List<String> all = new ArrayList<>(config.topics().outputs().stream().map(TopicSpec::name).toList());
        all.add(config.topics().deadLetters().name());
        List<String> topics = this.topics != null ? this.topics
                : all.stream().filter(t -> !t.equals(config.topics().deviceDays().name())).toList();
        for (String t : topics) {
            if (!all.contains(t)) {
                throw new UsageException("tail: " + t + " is not an output topic; choose from " + all);
            }
        }
        try (var admin = new com.schoolops.sla.app.TopicAdmin(config)) {
            admin.awaitCluster(settings.getDuration(com.schoolops.sla.config.KernelSettings.STARTUP_TIMEOUT));
        }
        OutputTail tail = new OutputTail(settings.kafkaClientSettings(), config.topics(), topics, fromBeginning, zone, out);
        Runtime.getRuntime().addShutdownHook(new Thread(tail::close));
        tail.run();
        return 0;
    }
}
