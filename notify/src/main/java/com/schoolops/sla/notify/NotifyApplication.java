package com.schoolops.sla.notify;

import com.schoolops.sla.config.KernelSettings;
import com.schoolops.sla.streams.SchemaGate;
import com.schoolops.sla.streams.SchemaGatedClients;
import com.schoolops.sla.streams.StreamsGroupSettings;
import com.schoolops.sla.notify.delivery.DeliveryMetrics;
import com.schoolops.sla.notify.delivery.DeliverySettings;
import com.schoolops.sla.notify.delivery.DeliveryWorker;
import com.schoolops.sla.notify.delivery.Receivers;
import com.schoolops.sla.notify.planner.NotifyTopology;
import com.schoolops.sla.notify.planner.PlannerMetrics;
import com.schoolops.sla.notify.routes.Route;
import com.schoolops.sla.notify.routes.Routes;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The {@code notify} deployable: the planner ({@link NotifyTopology}, a Kafka Streams application of its own,
 * {@code <application.id>-notify}, exactly once) and a delivery worker per receiver ({@link DeliveryWorker}), with
 * {@code /metrics} and probes on {@code notify.http.port}. Every instance runs both; instances share the work by
 * partitions.
 */
public final class NotifyApplication implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NotifyApplication.class);

    private final NotifyConfig config;
    private final Routes routes;
    private final KafkaStreams planner;
    private final Optional<SchemaGate> schemaGate;
    private final List<DeliveryWorker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KafkaStreamsMetrics streamsMetrics;
    private Javalin http;

    public NotifyApplication(NotifyConfig config, Routes routes, InstantSource clock) {
        this.config = config;
        this.routes = routes;
        NotifyTopics topics = config.topics();
        this.schemaGate = SchemaGate.of(topics.published(), config.serdes());
        PlannerMetrics plannerMetrics = new PlannerMetrics(metrics);
        var topology = NotifyTopology.build(topics, routes, config.settings().getDuration(NotifySettings.NOTIFY_TICK),
                config.settings().getDuration(NotifySettings.NOTIFY_MAX_AGE), plannerMetrics);
        Properties props = config.streamsProperties();
        StreamsGroupSettings.warnIfSchemaGateUnused(props, schemaGate.isPresent());
        this.planner = schemaGate.map(gate -> new KafkaStreams(topology, props, new SchemaGatedClients(gate)))
                .orElseGet(() -> new KafkaStreams(topology, props));
        planner.setUncaughtExceptionHandler(e -> {
            log.error("A notify planner thread died; replacing it (its tasks resume from the last commit)", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        this.streamsMetrics = new KafkaStreamsMetrics(planner);
        streamsMetrics.bindTo(metrics);
        new JvmMemoryMetrics().bindTo(metrics);
        DeliverySettings delivery = DeliverySettings.from(config.settings());
        String applicationId = config.settings().get(KernelSettings.APPLICATION_ID);
        for (String name : used(routes)) {
            workers.add(new DeliveryWorker(applicationId, name, Receivers.of(routes.receivers().get(name), delivery.requestTimeout(), clock),
                    delivery, config.settings().kafkaClientSettings(), topics.notifications(), topics.deliveries(), topics.published().deadLetters().name(),
                    new DeliveryMetrics(metrics, name), clock, routes.receivers().get(name).rateLimits()));
        }
        routes.receivers().keySet().stream().filter(r -> !used(routes).contains(r))
                .forEach(r -> log.warn("Receiver {} of the routes file is on no route: nothing will be sent to it", r));
    }

    private static Set<String> used(Routes routes) {
        Set<String> used = new LinkedHashSet<>();
        routes.routes().stream().map(Route::receivers).forEach(used::addAll);
        return used;
    }

    public NotifyApplication start() throws InterruptedException {
        if (schemaGate.isPresent()) {
            schemaGate.get().registerOutputSchemas(config.topics().outputs());
        }
        StreamsGroupSettings.apply(config.streamsProperties());
        planner.start();
        for (DeliveryWorker w : workers) {
            Thread t = new Thread(w, "notify-deliver-" + w.receiverName());
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        int port = config.settings().getInt(NotifySettings.NOTIFY_HTTP_PORT);
        if (port > 0) {
            http = Javalin.create(c -> {
                c.startup.showJavalinBanner = false;
                c.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
                c.routes.get("/health/live", ctx -> ctx.status(planner.state() == KafkaStreams.State.ERROR ? 503 : 200).result(planner.state().name()));
                c.routes.get("/health/ready", ctx -> ctx.status(ready() ? 200 : 503).result(ready() ? "ready" : "starting"));
            }).start(port);
        }
        log.info("notify: {} route(s), {} receiver(s) in use ({}); metrics and probes {}", routes.routes().size(), workers.size(),
                String.join(", ", used(routes)), port > 0 ? "on port " + port : "off");
        return this;
    }

    /** Planning and every receiver's worker have their partitions. */
    public boolean ready() {
        return planner.state() == KafkaStreams.State.RUNNING && workers.stream().allMatch(DeliveryWorker::ready);
    }

    public KafkaStreams.State state() {
        return planner.state();
    }

    public String scrape() {
        return metrics.scrape();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    public boolean close(Duration timeout) {
        workers.forEach(DeliveryWorker::close);
        for (Thread t : threads) {
            try {
                t.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        boolean closed = planner.close(new KafkaStreams.CloseOptions().timeout(timeout).leaveGroup(true));
        streamsMetrics.close();
        if (http != null) {
            http.stop();
        }
        return closed;
    }
}
