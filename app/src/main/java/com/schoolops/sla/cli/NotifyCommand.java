package com.schoolops.sla.cli;

import com.schoolops.sla.config.KernelSettings;
import com.schoolops.sla.notify.NotifySettings;
import com.schoolops.sla.app.TopicAdmin;
import com.schoolops.sla.config.ConfigException;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.notify.NotifyApplication;
import com.schoolops.sla.notify.NotifyConfig;
import com.schoolops.sla.notify.routes.Routes;
import com.schoolops.sla.notify.routes.RoutesFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.Callable;

/** notify against an existing cluster, until SIGTERM or Ctrl-C. */
@Command(name = "notify", description = "send escalations and outages to people (webhooks, WeCom, DingTalk, Feishu, e-mail) by a routes file")
public final class NotifyCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(NotifyCommand.class);

    @Mixin
    ClusterOptions cluster;
    @Mixin
    HelpOption help;

    @Option(names = "--routes", paramLabel = "FILE", description = "the routes file (YAML; README, Notifications); same as --set notify.routes=FILE")
    Path routesFile;

    @Override
    public Integer call() throws Exception {
        Settings settings = cluster.settings("notify", NotifyConfig.CATALOGUE);
        if (routesFile != null) {
            settings = settings.with(Map.of(NotifySettings.NOTIFY_ROUTES, routesFile.toString()));
        }
        Routes routes = routes(settings);
        NotifyConfig config = NotifyConfig.from(settings);
        try (TopicAdmin admin = new TopicAdmin(settings, config.topics().published())) {
            admin.awaitCluster(settings.getDuration(KernelSettings.STARTUP_TIMEOUT));
            admin.checkNotifyTopics(config.topics());
        }
        NotifyApplication app = new NotifyApplication(config, routes, InstantSource.system());
        UntilStopped running = new UntilStopped(log, "notify-shutdown", "finishing the deliveries under way, committing and leaving the groups",
                settings.getDuration(KernelSettings.SHUTDOWN_TIMEOUT), app::close, () -> {
                });
        app.start();
        log.info("notify running as {}-notify against {}; SIGTERM or Ctrl-C stops it", settings.get(KernelSettings.APPLICATION_ID),
                settings.get(KernelSettings.BOOTSTRAP_SERVERS));
        running.await();
        return 0;
    }

    static Routes routes(Settings settings) {
        String file = settings.optional(NotifySettings.NOTIFY_ROUTES).filter(f -> !f.isBlank())
                .orElseThrow(() -> new ConfigException("a routes file is needed: --routes FILE (or notify.routes); README, Notifications"));
        return RoutesFile.load(Path.of(file));
    }
}
