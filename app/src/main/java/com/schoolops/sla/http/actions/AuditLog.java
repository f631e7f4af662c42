package com.schoolops.sla.http.actions;

import com.schoolops.sla.avro.OpsAction;
import com.schoolops.sla.topics.TopicSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;

/**
 * {@code ops-audit}: every operator action and every refused attempt, written as it happens (and logged, so an
 * audit record that cannot be written is not lost from sight). The console reads it back through its
 * {@link com.schoolops.sla.query.OutputFeed}, with the escalations and KPIs.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    private final String topic;
    private final Producer<String, OpsAction> producer;

    public AuditLog(Map<String, String> clientSettings, TopicSpec<String, OpsAction> topic) {
        this(new KafkaProducer<>(com.schoolops.sla.app.KafkaClients.idempotentProducer(clientSettings), new StringSerializer(),
                topic.valueSerde().serializer()), topic.name());
    }

    /** Through {@code producer} (a test's mock), to {@code topic}. */
    AuditLog(Producer<String, OpsAction> producer, String topic) {
        this.topic = topic;
        this.producer = producer;
    }

    public void record(OpsAction action) {
        log.info("Audit: {} ({}) {} {} from {}: {}{}", action.getActor(), action.getRole(), action.getAction(), action.getTarget(),
                action.getRemoteAddress(), action.getOutcome(), action.getDetail() == null ? "" : " (" + action.getDetail() + ")");
        producer.send(new ProducerRecord<>(topic, action.getActor(), action), (meta, e) -> {
            if (e != null) {
                log.error("Could not write the audit record of {} {} to {}: {}", action.getActor(), action.getAction(), topic, e.toString());
            }
        });
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
