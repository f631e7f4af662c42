package com.schoolops.sla.http;

import com.schoolops.sla.config.KernelSettings;
import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.app.SlaApplication;
import com.schoolops.sla.http.actions.OperatorActions;
import com.schoolops.sla.http.security.Access;
import com.schoolops.sla.http.security.WebConfig;
import com.schoolops.sla.query.ClusterQueries;
import com.schoolops.sla.query.LocalQueries;
import com.schoolops.sla.query.OutputFeed;
import com.schoolops.sla.report.ReportInputs;
import com.schoolops.sla.report.SiteReports;
import com.schoolops.sla.query.PeerAccess;
import com.schoolops.sla.serde.InMemorySchemaRegistry;
import com.schoolops.sla.serde.SchemaRegistryClient;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * The operator's side of an instance, started and closed together: the query API over the application's stores, the
 * feed of what it published, the metrics, and the HTTP server that serves them with the console page (and the schema
 * registry API when the registry is the in-memory one). Off when {@code http.port} is -1.
 */
public final class Console implements AutoCloseable {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Console.class);
    /** How many of the newest escalations and KPI records the feed keeps. */
    static final int FEED_SIZE = 2_000;
    /**
     * How often at most the gauges of the fleet's state look at the local stores: a look reads every device and ticket
     * of the instance, too much for each scrape of a large fleet; the counters are live.
     */
    static final Duration CENSUS_EVERY = Duration.ofSeconds(30);

    private final OutputFeed feed;
    private final OpsMetrics metrics;
    private final OpsServer server;

    private final OperatorActions actions;

    private Console(OutputFeed feed, OpsMetrics metrics, OpsServer server, OperatorActions actions) {
        this.actions = actions;
        this.feed = feed;
        this.metrics = metrics;
        this.server = server;
    }

    /** Starts it for {@code app} (before or after the app starts), or returns empty when the HTTP side is off. */
    public static Optional<Console> start(AppConfig config, SlaApplication app) {
        Optional<String> advertised = config.advertisedServer();
        if (advertised.isEmpty()) {
            return Optional.empty();
        }
        InstantSource clock = InstantSource.system();
        LocalQueries local = new LocalQueries(app.streams(), config.policies(), clock, config.siteEventsTopic(),
                config.settings().getZone(HttpSettings.HTTP_ZONE));
        Optional<WebConfig> security = webConfig(config);
        int port = config.settings().getInt(HttpSettings.HTTP_PORT);
        if (security.isEmpty()) {
            // The same words at every start (no port in them): an operator's log search finds it, and a restart adds nothing new.
            log.warn("The HTTP side is open: plain HTTP and no login, so anyone who can reach it reads the console and the API. "
                    + "Set http.web-config to a web-config.yml for TLS, users and roles (README, Securing the console)");
        } else {
            log.info("The HTTP side on port {}: {}, {} users{}", port, security.get().tls().isPresent() ? "HTTPS" : "plain HTTP (no tls_server_config)",
                    security.get().users().size(), config.settings().getBoolean(HttpSettings.HTTP_OPEN_PROBES) ? "; /metrics and the probes open" : "");
        }
        ClusterQueries queries = new ClusterQueries(app.streams(), local, advertised.get(),
                security.map(Access::peers).orElse(PeerAccess.OPEN));
        OutputFeed feed = new OutputFeed(config.settings().kafkaClientSettings(), config.topics(),
                com.schoolops.sla.notify.NotifyTopics.from(config.settings(), config.serdes()).deliveries(),
                config.settings().get(KernelSettings.APPLICATION_ID) + "-console-feed", FEED_SIZE).start();
        Optional<SchemaRegistryClient> registry = config.serdes().registry();
        OpsMetrics metrics = new OpsMetrics(app.streams(), local, clock, CENSUS_EVERY, app::inputLagMs,
                registry.orElse(new InMemorySchemaRegistry()));
        Optional<RegistryApi> registryApi = servesRegistry(config) ? Optional.of(new RegistryApi(config.topics())) : Optional.empty();
        OperatorActions actions = new OperatorActions(config.settings().kafkaClientSettings(), config.topics(),
                config.settings().get(KernelSettings.APPLICATION_ID), queries, clock);
        OpsServer server = new OpsServer(port, new OpsServer.Parts(app::state,
                app::inputWaitsFor, queries, feed, metrics, registryApi, clock, security,
                config.settings().getBoolean(HttpSettings.HTTP_OPEN_PROBES), Optional.of(actions),
                config.settings().getInt(HttpSettings.HTTP_MAX_STREAMS), local.zone(),
                Optional.of(SiteReports.live(ReportInputs.cluster(config.settings().kafkaClientSettings()), config.topics(), local.contractReadSide(), clock)),
                new com.schoolops.sla.http.security.Sessions.Times(config.settings().getDuration(HttpSettings.HTTP_SESSION_IDLE),
                        config.settings().getDuration(HttpSettings.HTTP_SESSION_LIFETIME))));
        return Optional.of(new Console(feed, metrics, server, actions));
    }

    public int port() {
        return server.port();
    }

    /** The routes its server answers (for the tests that ask each one). */
    public java.util.List<OpsServer.Route> routes() {
        return server.routes();
    }

    /** The web-config the HTTP side is secured by ({@code http.web-config}), if any. */
    public static Optional<WebConfig> webConfig(AppConfig config) {
        return config.settings().optional(HttpSettings.HTTP_WEB_CONFIG).filter(f -> !f.isBlank())
                .map(f -> WebConfig.read(java.nio.file.Path.of(f)));
    }

    /** The base URL to type into a browser on this machine: https when the web-config sets TLS (the port then speaks nothing else). */
    public static String localUrl(AppConfig config, int port) {
        boolean tls = webConfig(config).flatMap(WebConfig::tls).isPresent();
        return (tls ? "https" : "http") + "://localhost:" + port;
    }

    /** Whether this instance serves the Schema Registry API (the registry is the in-memory one). */
    public static boolean servesRegistry(AppConfig config) {
        return config.serdes().registry().filter(r -> r instanceof InMemorySchemaRegistry).isPresent();
    }

    @Override
    public void close() {
        server.close();
        actions.close();
        feed.close();
        metrics.close();
    }
}
