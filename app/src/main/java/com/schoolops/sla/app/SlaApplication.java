package com.schoolops.sla.app;

import com.schoolops.sla.config.KernelSettings;
import com.schoolops.sla.streams.SchemaGate;
import com.schoolops.sla.streams.SchemaGatedClients;
import com.schoolops.sla.streams.StreamsGroupSettings;
import com.schoolops.sla.topics.Topics;
import org.apache.kafka.streams.StreamsConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import com.schoolops.sla.topology.SlaTopology;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** The Kafka Streams application: the topology of {@link SlaTopology} with this configuration, started and stopped. */
public final class SlaApplication implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SlaApplication.class);
    private final KafkaStreams streams;
    private final OffsetWatermark watermark;
    private final Optional<SchemaGate> schemaGate;
    private final Topics topics;
    private final LocalState localState;
    private final AppConfig config;

    public SlaApplication(AppConfig config) {
        this.config = config;
        this.watermark = new OffsetWatermark(config);
        this.schemaGate = SchemaGate.of(config.topics(), config.serdes());
        this.topics = config.topics();
        this.localState = new LocalState(Path.of(config.streamsProperties().getProperty(StreamsConfig.STATE_DIR_CONFIG),
                config.settings().get(KernelSettings.APPLICATION_ID)));
        StreamsGroupSettings.warnIfSchemaGateUnused(config.streamsProperties(), schemaGate.isPresent());
        var topology = SlaTopology.build(config.topology(watermark));
        this.streams = schemaGate
                .map(gate -> new KafkaStreams(topology, config.streamsProperties(), new SchemaGatedClients(gate)))
                .orElseGet(() -> new KafkaStreams(topology, config.streamsProperties()));
        streams.setUncaughtExceptionHandler(e -> {
            log.error("A stream thread died; replacing it (its tasks resume from the last commit)", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setGlobalStateRestoreListener(new RestoreProgress());
        streams.setStateListener((next, previous) -> {
            if (next == KafkaStreams.State.ERROR) {
                log.error("Kafka Streams is in ERROR state: processing has stopped");
            } else {
                log.info("Kafka Streams {} -> {}", previous, next);
            }
        });
    }

    /**
     * Starts processing once every output schema is registered (waiting out a registry outage first), after seeding
     * {@code sla-contracts} from the policies file.
     */
    public SlaApplication start() {
        if (schemaGate.isPresent()) {
            try {
                schemaGate.get().registerOutputSchemas(topics);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the schema registry", e);
            }
        }
        ContractSeeder.seed(config);
        localState.beforeStart();
        StreamsGroupSettings.apply(config.streamsProperties());
        streams.start();
        return this;
    }

    /** What input is waiting for besides Kafka Streams' own state (the schema registry), or empty. */
    public Optional<String> inputWaitsFor() {
        return schemaGate.flatMap(gate -> gate.waitingSince().isPresent()
                ? Optional.of("the schema registry, since " + Instant.ofEpochMilli(gate.waitingSince().getAsLong()))
                : Optional.empty());
    }

    /** Stops processing and punctuation, keeping the tasks, their state and the group membership (the benchmark measures from a warm state). */
    public void pause() {
        streams.pause();
    }

    public void resume() {
        streams.resume();
    }

    /** The Kafka Streams instance, for the query API's interactive queries and the metrics' binder. */
    public KafkaStreams streams() {
        return streams;
    }

    /** How far behind the wall clock the input is read now, in ms (0 when current). */
    public long inputLagMs() {
        long now = System.currentTimeMillis();
        long upTo = watermark.readUpTo(now);
        return upTo == Long.MIN_VALUE ? -1 : Math.max(0, now - upTo);
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Waits until the application is processing, or fails after {@code timeout}. */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > end || streams.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException("the application did not start within " + timeout.toSeconds() + " s (state " + streams.state() + ")");
            }
            Thread.sleep(100);
        }
    }

    /** Closes cleanly: commits, flushes state and leaves the group so another instance takes over at once. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    public boolean close(Duration timeout) {
        boolean closed = streams.close(new KafkaStreams.CloseOptions().timeout(timeout).leaveGroup(true));
        watermark.close();
        if (closed) {
            localState.stoppedCleanly();
        }
        return closed;
    }
}
