package com.schoolops.sla.testing;

import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.app.TopicAdmin;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.embedded.EmbeddedKafka;
import com.schoolops.sla.serde.InMemorySchemaRegistry;
import com.schoolops.sla.serde.ValueSerdes;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * A real KRaft broker in the test JVM with the application's topics, a producer that writes with the
 * application's serdes, and read_committed readers of the outputs: for tests of the assembled application.
 */
public final class BrokerFixture implements AutoCloseable {
    /** The broker in this JVM; null on a cluster of its own. */
    public final EmbeddedKafka broker;
    private final String bootstrapServers;
    public final AppConfig config;
    /** The engine's public topics and notify's outputs, to write and read any of them with its serde. */
    private final com.schoolops.sla.notify.NotifyTopics notifyTopics;
    private final KafkaProducer<String, byte[]> producer;
    private final Path stateRoot;

    public BrokerFixture(Map<String, String> overrides) throws Exception {
        this(EmbeddedKafka.start(null, 0, Map.of()), null, overrides);
    }

    /** On a cluster of its own ({@link com.schoolops.sla.embedded.KafkaCluster}): the topics made with {@code overrides} (e.g. replication.factor=3). */
    public static BrokerFixture on(String bootstrapServers, Map<String, String> overrides) throws Exception {
        return new BrokerFixture(null, bootstrapServers, overrides);
    }

    private BrokerFixture(EmbeddedKafka broker, String external, Map<String, String> overrides) throws Exception {
        this.broker = broker;
        this.bootstrapServers = broker != null ? broker.bootstrapServers() : external;
        stateRoot = Files.createTempDirectory("sla-it-state");
        Map<String, String> settings = new HashMap<>(Map.of(
                "kafka.bootstrap.servers", bootstrapServers,
                "state.dir", stateRoot.resolve("instance-1").toString(),
                "replication.factor", "1",
                "num.standby.replicas", "0",
                "topics.partitions", "2",
                "health.check-interval", "200ms",
                "site-outage.window", "1s",
                "kafka.commit.interval.ms", "100"));
        settings.putAll(overrides);
        // One registry for the whole test: the application and the test's producer and readers share its ids.
        config = AppConfig.from(Settings.defaults().with(settings), ValueSerdes.registry(InMemorySchemaRegistry.withKnownSchemas()));
        notifyTopics = com.schoolops.sla.notify.NotifyTopics.from(config.settings(), config.serdes());
        try (TopicAdmin admin = new TopicAdmin(config)) {
            admin.awaitCluster(Duration.ofSeconds(60));
            admin.createTopics();
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends a value with the application's own serde for that topic. */
    @SuppressWarnings("unchecked")
    public <V extends SpecificRecord> void send(String topic, String key, V value) {
        var spec = notifyTopics.byName(topic);
        var serializer = (org.apache.kafka.common.serialization.Serializer<V>) spec.valueSerde().serializer();
        sendRaw(topic, key, value == null ? null : serializer.serialize(topic, value));
    }

    /**
     * Sends without waiting, as a device agent's producer does: while a partition has no leader the record waits in
     * the producer's buffer (retried for up to its delivery timeout, 2 min), stamped when it was made.
     */
    @SuppressWarnings("unchecked")
    public <V extends SpecificRecord> void sendBuffered(String topic, String key, V value) {
        var serializer = (org.apache.kafka.common.serialization.Serializer<V>) notifyTopics.byName(topic).valueSerde().serializer();
        producer.send(new ProducerRecord<>(topic, key, serializer.serialize(topic, value)), (meta, e) -> {
            if (e != null) {
                System.err.println("a buffered send to " + topic + " failed: " + e);
            }
        });
    }

    public void sendRaw(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    /** Reads committed records of a topic from the start until {@code done} holds, or fails after {@code timeout}. */
    public List<ConsumerRecord<byte[], byte[]>> readUntil(String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = fromStart(topic)) {
            long end = System.nanoTime() + timeout.toNanos();
            while (!done.test(records)) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("timed out after " + timeout + " waiting on " + topic + "; have " + records.size() + " records");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** A read_committed reader of every partition of a topic, at its start. */
    private KafkaConsumer<byte[], byte[]> fromStart(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** Every committed record of a topic now: reads from the start up to the end offsets (past aborted transactions). */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = fromStart(topic)) {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (end.keySet().stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** Decodes a record's value with the application's serde for its topic. */
    public Object decode(ConsumerRecord<byte[], byte[]> r) {
        return notifyTopics.byName(r.topic()).valueSerde().deserializer().deserialize(r.topic(), r.value());
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path stateDir(String instance) {
        return stateRoot.resolve(instance);
    }

    @Override
    public void close() {
        producer.close();
        if (broker != null) {
            broker.close();
        }
    }
}
