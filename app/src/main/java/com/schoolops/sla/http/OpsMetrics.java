package com.schoolops.sla.http;

import com.schoolops.sla.query.LocalQueries;
import com.schoolops.sla.query.SitePage;
import com.schoolops.sla.health.HealthReadSide;
import com.schoolops.sla.tickets.TicketReadSide.TicketView;
import com.schoolops.sla.serde.RegistryCalls;
import com.schoolops.sla.serde.SchemaRegistryClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * {@code /metrics} in Prometheus' text format, through Micrometer: Kafka Streams' and its clients' own metrics (the
 * application's counters among them, see {@code TaskCounters}), the JVM's, and gauges of this instance's share of the
 * state: devices by state, open tickets, running clocks, and how far behind the wall clock its input is read. The
 * gauges come from one look at the local stores, taken at most every {@code censusEvery} (a scrape does not scan a
 * million devices each time).
 */
public final class OpsMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KafkaStreamsMetrics streamsMetrics;
    private final java.util.concurrent.ScheduledExecutorService refresher;
    private final LocalQueries local;
    private final InstantSource clock;
    private final Duration censusEvery;
    private volatile Census census = new Census(0, Map.of(), 0, 0);

    /** The counts behind the gauges, as of {@code takenAt}. */
    private record Census(long takenAt, Map<String, Integer> devicesByState, int openTickets, int runningClocks) {
    }

    /**
     * @param watermarkLagMs how far behind the wall clock this instance's input is read, in ms
     * @param registryClient the schema registry client, whose calls and failures are counted
     */
    public OpsMetrics(KafkaStreams streams, LocalQueries local, InstantSource clock, Duration censusEvery, LongSupplier watermarkLagMs,
                      SchemaRegistryClient registryClient) {
        this.local = local;
        this.clock = clock;
        this.censusEvery = censusEvery;
        // Kafka's metrics come and go with tasks and counters first used: looked for every 10 s (Micrometer's default is a minute).
        this.refresher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "metrics-refresh");
            t.setDaemon(true);
            return t;
        });
        this.streamsMetrics = new KafkaStreamsMetrics(streams, List.of(), refresher, Duration.ofSeconds(10));
        streamsMetrics.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        for (String state : HealthReadSide.DEVICE_STATES) {
            Gauge.builder("sla.devices", this, m -> m.census().devicesByState().getOrDefault(state, 0))
                    .description("devices of this instance's sites, by the state last published").tag("state", state).register(registry);
        }
        Gauge.builder("sla.tickets.open", this, m -> m.census().openTickets())
                .description("tickets not yet closed, in this instance's sites").register(registry);
        Gauge.builder("sla.clocks.running", this, m -> m.census().runningClocks())
                .description("SLA clocks running towards a breach, in this instance's sites").register(registry);
        Gauge.builder("sla.input.watermark.lag.seconds", watermarkLagMs, lag -> lag.getAsLong() / 1000.0).strongReference(true)
                .description("how far behind the wall clock this instance's input is read: verdicts due later than that wait").register(registry);
        // Zero with the in-memory registry, which makes no call over the network.
        RegistryCalls calls = registryClient.calls().orElseGet(RegistryCalls::new);
        FunctionCounter.builder("sla.schema.registry.calls", calls, c -> c.calls().get())
                .description("calls to the schema registry over the network (cache misses)").register(registry);
        FunctionCounter.builder("sla.schema.registry.failures", calls, c -> c.failures().get())
                .description("calls to the schema registry that failed for a while (unreachable, timed out, 5xx, 408, 429)").register(registry);
    }

    public String scrape() {
        return registry.scrape();
    }

    private Census census() {
        Census c = census;
        long now = clock.millis();
        if (now - c.takenAt() < censusEvery.toMillis()) {
            return c;
        }
        synchronized (this) {
            if (now - census.takenAt() < censusEvery.toMillis()) {
                return census;
            }
            try {
                Map<String, Integer> byState = new TreeMap<>();
                local.sites(SitePage.ALL).forEach(s -> s.devicesByState().forEach((state, n) -> byState.merge(state, n, Integer::sum)));
                List<TicketView> tickets = local.openTickets();
                int running = (int) tickets.stream().flatMap(t -> t.clocks().stream()).filter(r -> r.deadline() != null).count();
                census = new Census(now, byState, tickets.size(), running);
            } catch (RuntimeException e) {
                // The stores are moving (a rebalance): keep the last census until they are back.
            }
            return census;
        }
    }

    @Override
    public void close() {
        streamsMetrics.close();
        refresher.shutdownNow();
        registry.close();
    }
}
