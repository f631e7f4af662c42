package com.schoolops.sla.http.actions;

import com.schoolops.sla.avro.ScheduleWindow;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.topics.TopicSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Adds a window to a site's schedule on {@code site-calendar}, whose every value replaces the site's whole schedule,
 * without losing a window another console added meanwhile. Every console writer of the application uses one
 * transactional id: starting a transaction fences any other console writer and completes (or aborts) its open
 * transaction, so the site's value read next ({@code read_committed}, its partition to the end) is the newest any
 * console wrote; the new schedule is that one plus the window, written in the transaction. A writer that is not a
 * console (the service desk's own tool) is outside this fence: it should write through this API, or fence the same way.
 */
public final class CalendarWriter {
    private final TopicSpec<String, SiteSchedule> topic;
    private final Map<String, String> clientSettings;
    private final String transactionalId;

    public CalendarWriter(Map<String, String> clientSettings, TopicSpec<String, SiteSchedule> topic, String applicationId) {
        this.topic = topic;
        this.clientSettings = clientSettings;
        this.transactionalId = applicationId + "-console-calendar";
    }

    /** The site's schedule after the window was added. */
    public synchronized SiteSchedule addWindow(String siteId, ScheduleWindow window) {
        Properties p = new Properties();
        p.putAll(clientSettings);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), topic.valueSerde().serializer())) {
            producer.initTransactions(); // fences every other console writer; their open transaction is over after this
            producer.beginTransaction();
            SiteSchedule current = latest(siteId);
            List<ScheduleWindow> windows = new ArrayList<>(current == null ? List.of() : current.getWindows());
            windows.add(window);
            SiteSchedule next = new SiteSchedule(siteId, windows);
            producer.send(new ProducerRecord<>(topic.name(), siteId, next));
            producer.commitTransaction();
            return next;
        }
    }

    /** The site's newest committed value, read from its partition. */
    private SiteSchedule latest(String siteId) {
        Properties p = new Properties();
        p.putAll(clientSettings);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (var consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            int partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(10)).size();
            byte[] key = siteId.getBytes(StandardCharsets.UTF_8);
            TopicPartition tp = new TopicPartition(topic.name(), Utils.toPositive(Utils.murmur2(key)) % partitions);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            SiteSchedule latest = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && siteId.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                        latest = r.value() == null ? null : topic.valueSerde().deserializer().deserialize(r.topic(), r.value());
                    }
                }
            }
            if (consumer.position(tp) < end) {
                throw new IllegalStateException("could not read " + tp + " to its end in 20 s");
            }
            return latest;
        }
    }
}
