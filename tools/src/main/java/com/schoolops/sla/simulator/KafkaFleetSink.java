package com.schoolops.sla.simulator;

import com.schoolops.sla.topics.TopicSpec;
import com.schoolops.sla.topics.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/** Sends simulated records to the input topics with the application's own value serdes. */
public final class KafkaFleetSink implements FleetSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaFleetSink.class);
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, TopicSpec<String, ?>> topics;
    private final AtomicLong failures = new AtomicLong();

    public KafkaFleetSink(Map<String, String> kafkaSettings, Topics topics) {
        Properties props = new Properties();
        props.putAll(kafkaSettings);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.topics = Map.of("heartbeats", topics.heartbeats(), "registry", topics.registry(), "tickets", topics.tickets(),
                "calendar", topics.calendar(), "sites", topics.sites(), "visits", topics.visits());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void send(String topicKey, String key, SpecificRecord value, long timestamp) {
        TopicSpec<String, SpecificRecord> spec = (TopicSpec<String, SpecificRecord>) topics.get(topicKey);
        byte[] bytes = spec.valueSerde().serializer().serialize(spec.name(), value);
        producer.send(new ProducerRecord<>(spec.name(), null, timestamp, key, bytes), (meta, error) -> {
            if (error != null && failures.getAndIncrement() % 1000 == 0) {
                log.warn("Could not send to {}: {} ({} failures so far)", spec.name(), error.getMessage(), failures.get());
            }
        });
    }

    @Override
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
