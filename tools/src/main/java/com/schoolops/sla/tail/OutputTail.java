package com.schoolops.sla.tail;

import com.schoolops.sla.topics.TopicSpec;
import com.schoolops.sla.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the output topics (committed records only) and prints one line per record. It joins no consumer group,
 * so any number of people can watch without moving the application's or each other's offsets.
 */
public final class OutputTail implements Runnable, AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, TopicSpec<String, ?>> outputs = new HashMap<>();
    private final String deadLetters;
    private final EventPrinter printer;
    private final PrintStream out;
    private final boolean fromBeginning;
    private final List<String> topics;

    public OutputTail(Map<String, String> kafkaSettings, Topics registry, List<String> topics, boolean fromBeginning,
                      ZoneId zone, PrintStream out) {
        Properties props = new Properties();
        props.putAll(kafkaSettings);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        registry.outputs().forEach(t -> outputs.put(t.name(), t));
        this.deadLetters = registry.deadLetters().name();
        this.topics = topics;
        this.fromBeginning = fromBeginning;
        this.printer = new EventPrinter(zone);
        this.out = out;
    }

    @Override
    public void run() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
        try {
            while (true) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    out.println(format(r));
                }
                out.flush();
            }
        } catch (WakeupException stopping) {
            // close() was called
        } finally {
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    String format(ConsumerRecord<byte[], byte[]> r) {
        if (r.topic().equals(deadLetters)) {
            return printer.deadLetter(r.key(), r.headers(), r.timestamp());
        }
        TopicSpec<String, ?> spec = outputs.get(r.topic());
        try {
            return printer.line(spec.valueSerde().deserializer().deserialize(r.topic(), r.value()), r.timestamp());
        } catch (RuntimeException e) {
            return "(unreadable record on " + r.topic() + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        consumer.wakeup();
    }
}
