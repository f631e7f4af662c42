package com.schoolops.sla.streams;

import com.schoolops.sla.config.Settings;
import com.schoolops.sla.deadletter.DeadLetterDeserializationHandler;
import com.schoolops.sla.deadletter.DeadLetterProcessingHandler;
import com.schoolops.sla.metrics.ObservedProcessors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.file.Path;
import java.util.Properties;

import static com.schoolops.sla.config.KernelSettings.*;

/** The Streams settings every Streams deployable of the product starts from (the engine's {@code run}, {@code notify}). */
public final class StreamsDefaults {
    private StreamsDefaults() {
    }

    /**
     * What every Streams deployable of the product (the engine's {@code run}, {@code notify}) runs with, from the kernel's
     * settings only: the {@code kafka.*} pass-through first, then what the product requires.
     */
    public static Properties properties(Settings settings, String deadLetterTopic) {
        Properties p = new Properties();
        // Our routers need no time order across their input topics (the registry is a table; a heartbeat that
        // overtakes its device's registration is tracked until it arrives). Without waiting, Kafka Streams also
        // skips a check that formats log strings for every record while one input partition is empty (13 % of
        // the stream thread in the throughput benchmark). kafka.max.task.idle.ms overrides it.
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, String.valueOf(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        // Failover in seconds, not in a minute: a dead instance is noticed after 6 s under the classic protocol (the
        // smallest session stock brokers allow it) instead of 45 s, and after 1 s under the streams protocol, whose
        // session the brokers hold (StreamsGroupSettings writes it to the group; the brokers must allow it: README,
        // Failover and restarts). Its open transaction, which holds back every partition it wrote to, is aborted
        // after 5 s instead of 10 s. kafka.session.timeout.ms, kafka.heartbeat.interval.ms and
        // kafka.transaction.timeout.ms set them.
        boolean streamsProtocol = "streams".equalsIgnoreCase(settings.get(GROUP_PROTOCOL).trim());
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, streamsProtocol ? "1000" : "6000");
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, streamsProtocol ? "250" : "1500");
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "5000");
        // A fleet's first contact and its return after an outage touch every device's state within seconds: with
        // Kafka Streams' 10 MiB record cache full, each eviction flushed a whole store to RocksDB and its changelog
        // mid-batch and the next read missed (29 % of the stream thread in the reconnect burst; 11-13 s, 8 s with
        // 128 MiB). An upper bound, not an allocation. kafka.statestore.cache.max.bytes sets it.
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, String.valueOf(128L * 1024 * 1024));
        // The application's own metrics of its stages (escalations, dead letters, ticks): kafka.processor.wrapper.class replaces it.
        p.put(StreamsConfig.PROCESSOR_WRAPPER_CLASS_CONFIG, ObservedProcessors.class.getName());
        p.putAll(settings.kafkaClientSettings());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.get(APPLICATION_ID));
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, settings.get(PROCESSING_GUARANTEE));
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, settings.get(NUM_STANDBY_REPLICAS));
        p.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, settings.get(GROUP_PROTOCOL));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.get(NUM_STREAM_THREADS));
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, settings.get(REPLICATION_FACTOR));
        p.put(StreamsConfig.STATE_DIR_CONFIG, settings.optional(STATE_DIR)
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "kafka-streams").toString()));
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, deadLetterTopic);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        // Every processor, store and repartition topic is named by us, so changelog names stay stable across releases.
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, "true");
        return p;
    }
}
