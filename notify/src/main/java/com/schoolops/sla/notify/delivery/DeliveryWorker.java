package com.schoolops.sla.notify.delivery;

import com.schoolops.sla.avro.DeliveryOutcome;
import com.schoolops.sla.avro.Notification;
import com.schoolops.sla.avro.NotificationDelivery;
import com.schoolops.sla.deadletter.DeadLetters;
import com.schoolops.sla.notify.routes.RateLimit;
import com.schoolops.sla.topics.TopicSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * Delivers one receiver's messages from {@code sla-notifications}, in order per partition. Each receiver has a worker
 * and a consumer group of its own ({@code <application.id>-notify-<receiver>}), so a slow or failing receiver holds back
 * no other; instances of notify share each receiver's partitions.
 * <p>
 * Progress is Kafka's: after the receiver says yes (or delivery gives up), the {@link NotificationDelivery} record, a
 * dead letter if any, and the consumer offset are committed in one transaction, fenced by the group's generation.
 * The offset's metadata carries the receiver's {@link SendWindow} (its latest requests), so its rate limit holds across a
 * restart and a takeover: a message that does not fit waits, uncommitted, in {@code sla-notifications} ({@link MessageDelivery}).
 * So a message is delivered again only when the worker dies between the receiver's yes and that commit (or loses its
 * partition then); the receiver recognises it by its Idempotency-Key. A failing receiver is retried with backoff
 * while the worker holds what it fetched (at most {@code notify.queue} messages) and fetches no more, until
 * {@code notify.retry.give-up-after}; then the message goes to {@code dead-letters} with the reason.
 */
public final class DeliveryWorker implements Runnable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final String receiverName;
    private final Receiver receiver;
    private final DeliverySettings settings;
    private final Map<String, String> clientSettings;
    private final String groupId;
    private final TopicSpec<String, Notification> notifications;
    private final TopicSpec<String, NotificationDelivery> deliveries;
    private final org.apache.kafka.common.serialization.Deserializer<Notification> readNotification;
    private final Serializer<NotificationDelivery> writeDelivery;
    private final String deadLetterTopic;
    private final DeliveryMetrics metrics;
    private final InstantSource clock;
    private final SendWindow window;
    private final MessageDelivery delivery;
    private final Set<TopicPartition> revoked = new HashSet<>();
    private volatile boolean running = true;
    private volatile boolean assigned;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    public DeliveryWorker(String applicationId, String receiverName, Receiver receiver, DeliverySettings settings, Map<String, String> clientSettings,
                          TopicSpec<String, Notification> notifications, TopicSpec<String, NotificationDelivery> deliveries, String deadLetterTopic,
                          DeliveryMetrics metrics, InstantSource clock, List<RateLimit> rateLimits) {
        this.receiverName = receiverName;
        this.receiver = receiver;
        this.settings = settings;
        this.clientSettings = clientSettings;
        this.groupId = applicationId + "-notify-" + receiverName;
        this.notifications = notifications;
        this.deliveries = deliveries;
        this.readNotification = notifications.valueSerde().deserializer();
        this.writeDelivery = deliveries.valueSerde().serializer();
        this.deadLetterTopic = deadLetterTopic;
        this.metrics = metrics;
        this.clock = clock;
        this.window = new SendWindow(rateLimits);
        this.delivery = new MessageDelivery(receiverName, receiver, settings, window, metrics, clock);
    }

    public String receiverName() {
        return receiverName;
    }

    /** True once the worker has joined its group and holds its share of the partitions. */
    public boolean ready() {
        return assigned;
    }

    @Override
    public void run() {
        while (running) {
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
                 KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
                consumer = c;
                producer.initTransactions();
                c.subscribe(List.of(notifications.name()), new Rebalance());
                while (running) {
                    deliverBatch(c, producer, c.poll(Duration.ofMillis(500)));
                }
            } catch (WakeupException e) {
                // closing
            } catch (KafkaException e) {
                if (running) {
                    // A fenced or failed transaction: start again from the committed offsets (the new owner, or we, resend what was not committed).
                    log.warn("Delivery worker of receiver {} starts again from its committed position after a Kafka error: {}", receiverName, e.toString());
                }
            } finally {
                assigned = false;
            }
        }
    }

    private void deliverBatch(KafkaConsumer<byte[], byte[]> c, KafkaProducer<byte[], byte[]> producer, ConsumerRecords<byte[], byte[]> batch) {
        revoked.clear();
        Map<TopicPartition, OffsetAndMetadata> passed = new HashMap<>();
        int held = batch.count();
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            metrics.queued(held--);
            if (!running || revoked.contains(tp)) {
                continue; // its new owner delivers it
            }
            passed.put(tp, new OffsetAndMetadata(record.offset() + 1));
            List<ProducerRecord<byte[], byte[]>> outcome = handle(c, record);
            passed.keySet().removeAll(revoked);
            if (outcome == null) {
                continue; // revoked while retrying, or closing
            }
            if (!outcome.isEmpty()) {
                commit(c, producer, outcome, passed);
                passed.clear();
            }
        }
        metrics.queued(0);
        passed.keySet().removeAll(revoked);
        if (!passed.isEmpty()) {
            commit(c, producer, List.of(), passed); // other receivers' messages: only the position moves
        }
    }

    /** What to write for {@code record}: nothing when it is not this receiver's; null when it is no longer ours to deliver. */
    private List<ProducerRecord<byte[], byte[]>> handle(KafkaConsumer<byte[], byte[]> c, ConsumerRecord<byte[], byte[]> record) {
        Notification n;
        try {
            n = readNotification.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            return List.of(deadLetter(record, "notify: an unreadable notification: " + e.getMessage()));
        }
        if (!receiverName.equals(n.getReceiver())) {
            return List.of();
        }
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        MessageDelivery.Outcome o = running ? delivery.deliver(n, at -> running && waitKeepingPartitions(c, at, partition)) : null;
        if (o == null) {
            return null;
        }
        ProducerRecord<byte[], byte[]> outcome = delivery(n, o.outcome(), o.attempts(), o.reason(), o.at());
        return o.outcome() == DeliveryOutcome.DELIVERED ? List.of(outcome)
                : List.of(outcome, deadLetter(record, "notify: receiver " + receiverName + ": " + o.reason()));
    }

    /** Waits until {@code end} (a backoff, the rate limit) while the group still sees this worker alive; false when the partition went to another. */
    private boolean waitKeepingPartitions(KafkaConsumer<byte[], byte[]> c, long end, TopicPartition partition) {
        Set<TopicPartition> paused = new HashSet<>(c.assignment());
        c.pause(paused);
        try {
            while (running && clock.millis() < end) {
                c.poll(Duration.ofMillis(Math.max(1, Math.min(500, end - clock.millis())))); // nothing comes back while paused
                if (revoked.contains(partition)) {
                    return false;
                }
            }
        } finally {
            Set<TopicPartition> still = new HashSet<>(paused);
            still.retainAll(c.assignment());
            c.resume(still);
        }
        return running;
    }

    private void commit(KafkaConsumer<byte[], byte[]> c, KafkaProducer<byte[], byte[]> producer, List<ProducerRecord<byte[], byte[]>> records,
                        Map<TopicPartition, OffsetAndMetadata> offsets) {
        producer.beginTransaction();
        try {
            records.forEach(producer::send);
            producer.sendOffsetsToTransaction(withWindow(offsets), c.groupMetadata());
            producer.commitTransaction();
        } catch (KafkaException e) {
            try {
                producer.abortTransaction();
            } catch (KafkaException ignored) {
                // fenced: the clients are closed and made again by run()
            }
            throw e;
        }
    }

    /** Every offset committed carries the window as it is now: whichever partition a successor reads, it finds it. */
    private Map<TopicPartition, OffsetAndMetadata> withWindow(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (!window.limited()) {
            return offsets;
        }
        String metadata = window.encode();
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        offsets.forEach((tp, o) -> out.put(tp, new OffsetAndMetadata(o.offset(), metadata)));
        return out;
    }

    private ProducerRecord<byte[], byte[]> delivery(Notification n, DeliveryOutcome outcome, int attempts, String reason, long now) {
        NotificationDelivery d = NotificationDelivery.newBuilder().setNotificationId(n.getNotificationId()).setReceiver(receiverName)
                .setKind(n.getKind()).setSiteId(n.getSiteId()).setEscalationType(n.getHeadline().getType()).setTier(n.getTier())
                .setOutcome(outcome).setAttempts(attempts).setReason(reason).setPlannedAt(n.getPlannedAt()).setAt(now).build();
        return new ProducerRecord<>(deliveries.name(), (n.getNotificationId() + "@" + receiverName).getBytes(StandardCharsets.UTF_8),
                writeDelivery.serialize(deliveries.name(), d));
    }

    private ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(DeadLetters.HEADER_EXCEPTION, bytes(UndeliverableNotification.class.getName()));
        headers.add(DeadLetters.HEADER_MESSAGE, bytes(reason));
        headers.add(DeadLetters.HEADER_TOPIC, bytes(record.topic()));
        headers.add(DeadLetters.HEADER_PARTITION, bytes(String.valueOf(record.partition())));
        headers.add(DeadLetters.HEADER_OFFSET, bytes(String.valueOf(record.offset())));
        headers.add(DeadLetters.HEADER_DEPLOYABLE, bytes(DeadLetters.NOTIFY));
        return new ProducerRecord<>(deadLetterTopic, null, record.key(), record.value(), headers);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Properties consumerProperties() {
        Properties p = new Properties();
        p.putAll(clientSettings);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(settings.queue()));
        // A worker that died is noticed in seconds, as the application's own stream threads are (AppConfig).
        p.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000");
        p.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1500");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-" + UUID.randomUUID().toString().substring(0, 8));
        return p;
    }

    private Properties producerProperties() {
        Properties p = new Properties();
        p.putAll(clientSettings);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // Unique per worker: fencing of a worker that lost its partitions is the group generation's (KIP-447), not the id's.
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, groupId + "-" + UUID.randomUUID());
        p.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "10000");
        return p;
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            revoked.addAll(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            revoked.removeAll(partitions);
            KafkaConsumer<byte[], byte[]> c = consumer;
            if (window.limited() && c != null && !partitions.isEmpty()) {
                // The window as the partitions' last owners committed it, and this worker's share of the receiver's limit.
                c.committed(new HashSet<>(partitions)).values().stream().filter(java.util.Objects::nonNull)
                        .forEach(o -> window.merge(o.metadata()));
                window.share(c.assignment().size(), c.partitionsFor(notifications.name()).size());
            }
            assigned = true;
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            revoked.addAll(partitions);
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        receiver.close();
    }
}
