package com.schoolops.sla.cli;

import com.schoolops.sla.config.KernelSettings;
import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.app.TopicAdmin;
import com.schoolops.sla.config.Settings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

/** Creates the application's topics on a cluster. */
@Command(name = "topics", description = "create the input and output topics (compacted where needed) on a cluster")
public final class TopicsCommand implements Callable<Integer> {
    private final PrintStream out;

    @Mixin
    ClusterOptions cluster;
    @Mixin
    HelpOption help;

    public TopicsCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        Settings settings = cluster.settings("topics");
        AppConfig config = AppConfig.from(settings);
        try (TopicAdmin admin = new TopicAdmin(config)) {
            admin.awaitCluster(settings.getDuration(com.schoolops.sla.config.KernelSettings.STARTUP_TIMEOUT));
            List<String> created = admin.createTopics();
            admin.checkInputs();
            out.println(created.isEmpty() ? "All topics already exist." : "Created: " + String.join(", ", created));
        }
        return 0;
    }
}
