package com.schoolops.sla.cli;

import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.app.TopicAdmin;
import com.schoolops.sla.config.Settings;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** Creates the application's topics on a cluster. */
public final class TopicsCommand implements Command {
    private final PrintStream out;

    public TopicsCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "topics";
    }

    @Override
    public String summary() {
        return "create the input and output topics (compacted where needed) on a cluster";
    }

    @Override
    public List<Args.Flag> flags() {
        return ClusterOptions.FLAGS;
    }

    @Override
    public int run(Args args) {
        Settings settings = ClusterOptions.settings(name(), args, Map.of());
        AppConfig config = AppConfig.from(settings);
        try (TopicAdmin admin = new TopicAdmin(config)) {
            admin.awaitCluster(settings.getDuration(com.schoolops.sla.config.ConfigCatalogue.STARTUP_TIMEOUT));
            List<String> created = admin.createTopics();
            admin.checkInputs();
            out.println(created.isEmpty() ? "All topics already exist." : "Created: " + String.join(", ", created));
        }
        return 0;
    }
}
