package com.schoolops.sla.cli;

import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.app.SlaApplication;
import com.schoolops.sla.http.Console;
import com.schoolops.sla.app.TopicAdmin;
import com.schoolops.sla.config.ConfigCatalogue;
import com.schoolops.sla.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** The application against an existing cluster, until SIGTERM or Ctrl-C. */
public final class RunCommand implements Command {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "run the stream processor against an existing Kafka cluster";
    }

    @Override
    public List<Args.Flag> flags() {
        return ClusterOptions.FLAGS;
    }

    @Override
    public int run(Args args) throws Exception {
        Settings settings = ClusterOptions.settings(name(), args, Map.of());
        AppConfig config = AppConfig.from(settings);
        try (TopicAdmin admin = new TopicAdmin(config)) {
            admin.awaitCluster(settings.getDuration(com.schoolops.sla.config.ConfigCatalogue.STARTUP_TIMEOUT));
            admin.checkInputs();
        }
        SlaApplication app = new SlaApplication(config);
        Console console = Console.start(config, app).orElse(null);
        Duration shutdownTimeout = settings.getDuration(ConfigCatalogue.SHUTDOWN_TIMEOUT);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Shutdown requested: committing, flushing state and leaving the group");
            boolean clean = app.close(shutdownTimeout);
            log.info(clean ? "Stopped cleanly" : "Stopped, but not everything closed within " + shutdownTimeout.toSeconds() + " s");
            if (console != null) {
                console.close();
            }
            stopped.countDown();
        }, "sla-shutdown"));
        app.start();
        if (console != null) {
            log.info("Console on http://{}/ (query API /api, /metrics, probes /health/live and /health/ready{})",
                    config.advertisedServer().orElseThrow(), Console.servesRegistry(config) ? ", schema registry API /subjects" : "");
        }
        log.info("Running as {} against {}; SIGTERM or Ctrl-C stops it", settings.get("application.id"),
                settings.get("kafka.bootstrap.servers"));
        stopped.await();
        return 0;
    }
}
