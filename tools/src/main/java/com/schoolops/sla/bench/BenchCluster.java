package com.schoolops.sla.bench;

import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.app.TopicAdmin;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.embedded.Broker;
import com.schoolops.sla.embedded.ChildBroker;
import com.schoolops.sla.embedded.EmbeddedKafka;
import com.schoolops.sla.serde.InMemorySchemaRegistry;
import com.schoolops.sla.serde.ValueSerdes;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/** A fresh broker with the application's topics, a fast producer, and offset bookkeeping for timing. */
final class BenchCluster implements AutoCloseable {
    /**
     * By default in a JVM of its own, as production runs it, so the application's figures are not eaten by the broker in
     * its heap and its collector; in this JVM on request.
     */
    final Broker broker;
    final AppConfig config;
    final Path stateDir;
    private final Admin admin;
    private final KafkaProducer<String, byte[]> producer;

    BenchCluster(String applicationId, Map<String, String> overrides, boolean brokerInProcess) {
        broker = brokerInProcess ? EmbeddedKafka.start(null, 0, Map.of()) : ChildBroker.start(List.of("-Xmx2g", "-XX:+UseG1GC"));
        try {
            stateDir = Files.createTempDirectory("sla-bench-state");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> s = new HashMap<>(Map.of("kafka.bootstrap.servers", broker.bootstrapServers(), "application.id", applicationId,
                "state.dir", stateDir.toString(), "replication.factor", "1", "num.standby.replicas", "0", "topics.partitions", "2",
                "http.port", "-1"));
        s.putAll(overrides);
        config = AppConfig.from(Settings.defaults().with(s), ValueSerdes.registry(InMemorySchemaRegistry.withKnownSchemas()));
        try (TopicAdmin topics = new TopicAdmin(config)) {
            topics.awaitCluster(Duration.ofSeconds(60));
            topics.createTopics();
        }
        Properties a = new Properties();
        a.put("bootstrap.servers", broker.bootstrapServers());
        admin = Admin.create(a);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @SuppressWarnings("unchecked")
    <V extends SpecificRecord> void send(String topic, String key, V value, long timestamp) {
        var spec = config.topics().byName(topic);
        byte[] bytes = ((org.apache.kafka.common.serialization.Serializer<V>) spec.valueSerde().serializer()).serialize(topic, value);
        producer.send(new ProducerRecord<>(topic, null, timestamp, key, bytes));
    }

    void flush() {
        producer.flush();
    }

    /**
     * Waits until the group has committed every partition of {@code topics} (by name prefix match) up to its end.
     * The inputs first; then the internal topics up to where they ended at that moment: read marks keep arriving on
     * {@code site-events} every tick, so its end moves on while the application is idle.
     */
    void awaitCommitted(String group, Set<String> topicPrefixes, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        Set<String> inputs = topicPrefixes.stream().filter(t -> !t.startsWith(group)).collect(Collectors.toSet());
        Set<String> internal = topicPrefixes.stream().filter(t -> t.startsWith(group)).collect(Collectors.toSet());
        awaitCommitted(group, partitions(inputs), null, end);
        if (!internal.isEmpty()) {
            Set<TopicPartition> partitions = partitions(internal);
            awaitCommitted(group, partitions, endOffsets(partitions), end);
        }
    }

    private void awaitCommitted(String group, Set<TopicPartition> partitions, Map<TopicPartition, Long> fixedEnds, long deadline) throws Exception {
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, Long> ends = fixedEnds != null ? fixedEnds : endOffsets(partitions);
            boolean done = !partitions.isEmpty() && partitions.stream().allMatch(tp -> ends.get(tp) == 0
                    || committed.containsKey(tp) && committed.get(tp).offset() >= ends.get(tp) - 1);
            if (done) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the application did not commit all its input in time");
    }

    private Set<TopicPartition> partitions(Set<String> topicPrefixes) throws Exception {
        return admin.describeTopics(admin.listTopics().names().get().stream()
                        .filter(t -> topicPrefixes.stream().anyMatch(t::startsWith)).collect(Collectors.toSet()))
                .allTopicNames().get().values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition()))).collect(Collectors.toSet());
    }

    private Map<TopicPartition, Long> endOffsets(Set<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /**
     * How many offsets each topic whose name starts with one of {@code topicPrefixes} has taken so far, summed over its
     * partitions: its records, and one commit marker per transaction that wrote to a partition.
     */
    Map<String, Long> offsetsWritten(Set<String> topicPrefixes) throws Exception {
        Map<String, Long> byTopic = new java.util.TreeMap<>();
        endOffsets(partitions(topicPrefixes)).forEach((tp, end) -> byTopic.merge(tp.topic(), end, Long::sum));
        return byTopic;
    }

    /** Bytes on the broker of the topics whose names contain {@code fragment} (e.g. the changelogs). */
    long topicBytes(String fragment) throws Exception {
        long total = 0;
        var dirs = admin.describeLogDirs(java.util.List.of(1)).allDescriptions().get().get(1);
        for (var dir : dirs.values()) {
            for (var e : dir.replicaInfos().entrySet()) {
                if (e.getKey().topic().contains(fragment)) {
                    total += e.getValue().size();
                }
            }
        }
        return total;
    }

    static long directoryBytes(Path dir) {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
        broker.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // temporary
        }
    }
}
