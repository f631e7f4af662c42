package com.schoolops.sla.http.actions;

import com.schoolops.sla.avro.OpsAction;
import com.schoolops.sla.topics.TopicSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code ops-audit}: every operator action and every refused attempt, written as it happens (and logged, so an
 * audit record that cannot be written is not lost from sight); read back, newest first, for the console.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    private final TopicSpec<String, OpsAction> topic;
    private final Map<String, String> clientSettings;
    private final KafkaProducer<String, OpsAction> producer;

    public AuditLog(Map<String, String> clientSettings, TopicSpec<String, OpsAction> topic) {
        this.topic = topic;
        this.clientSettings = clientSettings;
        this.producer = new KafkaProducer<>(com.schoolops.sla.app.KafkaClients.idempotentProducer(clientSettings), new StringSerializer(),
                topic.valueSerde().serializer());
    }

    public void record(OpsAction action) {
        log.info("Audit: {} ({}) {} {} from {}: {}{}", action.getActor(), action.getRole(), action.getAction(), action.getTarget(),
                action.getRemoteAddress(), action.getOutcome(), action.getDetail() == null ? "" : " (" + action.getDetail() + ")");
        producer.send(new ProducerRecord<>(topic.name(), action.getActor(), action), (meta, e) -> {
            if (e != null) {
                log.error("Could not write the audit record of {} {} to {}: {}", action.getActor(), action.getAction(), topic.name(), e.toString());
            }
        });
    }

    /** The newest {@code limit} records, newest first (read_committed; each call reads the topic's tail). */
    public List<OpsAction> newest(int limit) {
        Properties p = new Properties();
        p.putAll(clientSettings);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<OpsAction> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic.name(), i.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            partitions.forEach(tp -> consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - limit)));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> found.add(topic.valueSerde().deserializer().deserialize(r.topic(), r.value())));
            }
        }
        found.sort(Comparator.comparingLong(OpsAction::getAt).reversed());
        return found.subList(0, Math.min(limit, found.size()));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
