package com.schoolops.sla.cli;

import com.schoolops.sla.config.KernelSettings;
import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.app.SlaApplication;
import com.schoolops.sla.http.Console;
import com.schoolops.sla.app.TopicAdmin;
import com.schoolops.sla.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** The application against an existing cluster, until SIGTERM or Ctrl-C. */
@Command(name = "run", description = "run the stream processor against an existing Kafka cluster")
public final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    ClusterOptions cluster;
    @Mixin
    HelpOption help;

    @Override
    public Integer call() throws Exception {
        Settings settings = cluster.settings("run");
        AppConfig config = AppConfig.from(settings);
        try (TopicAdmin admin = new TopicAdmin(config)) {
            admin.awaitCluster(settings.getDuration(com.schoolops.sla.config.KernelSettings.STARTUP_TIMEOUT));
            admin.checkInputs();
        }
        SlaApplication app = new SlaApplication(config);
        Console console = Console.start(config, app).orElse(null);
        UntilStopped running = new UntilStopped(log, "sla-shutdown", "committing, flushing state and leaving the group",
                settings.getDuration(KernelSettings.SHUTDOWN_TIMEOUT), app::close, () -> {
                    if (console != null) {
                        console.close();
                    }
                });
        app.start();
        if (console != null) {
            log.info("Console on http://{}/ (query API /api, /metrics, probes /health/live and /health/ready{})",
                    config.advertisedServer().orElseThrow(), Console.servesRegistry(config) ? ", schema registry API /subjects" : "");
        }
        log.info("Running as {} against {}; SIGTERM or Ctrl-C stops it", settings.get("application.id"),
                settings.get("kafka.bootstrap.servers"));
        running.await();
        return 0;
    }
}
