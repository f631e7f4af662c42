package com.schoolops.sla.query;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.NotificationDelivery;
import com.schoolops.sla.avro.OpsAction;
import com.schoolops.sla.avro.SlaKpi;
import com.schoolops.sla.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What the application has published, as its readers see it: the recent escalations and KPI records, read back from
 * {@code sla-escalations} and {@code sla-kpis} with {@code read_committed} (so nothing a failed transaction wrote is ever
 * shown), and passed on live to the console's subscribers. A view of the topics, not state: every instance reads every
 * partition and rebuilds it from the topics' tails at start.
 */
public final class OutputFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OutputFeed.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String escalationTopic;
    private final String kpiTopic;
    private final Recent<OpsAction> audit;
    private final Recent<NotificationDelivery> deliveries;
    private final Deserializer<Escalation> escalations;
    private final Deserializer<SlaKpi> kpis;
    private final int keep;
    private final Deque<Escalation> recentEscalations = new ArrayDeque<>();
    /**
     * The newest KPI records of each scope and granularity apart, so that a large fleet's hourly site records do not
     * push out the contracts' days the console charts.
     */
    private final Map<String, Deque<SlaKpi>> recentKpis = new java.util.TreeMap<>();
    private final List<Consumer<Escalation>> subscribers = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param keep how many of the newest records are kept: escalations, and KPI records of each scope and granularity;
     *             as many of each partition's newest records are read back at start
     */
    public OutputFeed(Map<String, String> kafkaClientSettings, Topics topics, com.schoolops.sla.topics.TopicSpec<String, NotificationDelivery> deliveries,
                      String clientId, int keep) {
        Properties p = new Properties();
        p.putAll(kafkaClientSettings);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.escalationTopic = topics.escalations().name();
        this.kpiTopic = topics.kpis().name();
        this.escalations = topics.escalations().valueSerde().deserializer();
        this.kpis = topics.kpis().valueSerde().deserializer();
        this.keep = keep;
        this.audit = new Recent<>(topics.audit().name(), topics.audit().valueSerde().deserializer(), OpsAction::getAt);
        this.deliveries = new Recent<>(deliveries.name(), deliveries.valueSerde().deserializer(), NotificationDelivery::getAt);
        this.thread = new Thread(this::run, "output-feed");
        thread.setDaemon(true);
    }

    public OutputFeed start() {
        thread.start();
        return this;
    }

    /** The newest escalations, newest first. */
    public synchronized List<Escalation> escalations() {
        // Read from several partitions, they arrive in no single order: newest by their own time.
        List<Escalation> newestFirst = new ArrayList<>(recentEscalations);
        newestFirst.sort(java.util.Comparator.comparingLong(Escalation::getAt).reversed());
        return newestFirst;
    }

    /** The newest KPI records (each a closed window), up to {@code keep} of each scope and granularity. */
    public synchronized List<SlaKpi> kpis() {
        List<SlaKpi> all = new ArrayList<>();
        recentKpis.values().forEach(all::addAll);
        return all;
    }

    /** The newest operator actions and refused attempts ({@code ops-audit}), newest first. */
    public synchronized List<OpsAction> audit() {
        return audit.newestFirst();
    }

    /** How the newest notifications went ({@code notification-deliveries}, written by notify), newest first. */
    public synchronized List<NotificationDelivery> deliveries() {
        return deliveries.newestFirst();
    }

    /** Calls {@code subscriber} with every escalation read from now on, on the feed's thread, until unsubscribed. */
    public void subscribe(Consumer<Escalation> subscriber) {
        subscribers.add(subscriber);
    }

    public void unsubscribe(Consumer<Escalation> subscriber) {
        subscribers.remove(subscriber);
    }

    private void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(escalationTopic, kpiTopic, audit.topic, deliveries.topic)) {
                // (a topic of notify's that a cluster without notify does not have is simply not shown)
                consumer.partitionsFor(topic, Duration.ofMinutes(1)).forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            consumer.endOffsets(partitions).forEach((tp, end) -> consumer.seek(tp, Math.max(begin.get(tp), end - keep)));
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    read(r);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            if (running) {
                log.error("The console's feed of escalations and KPIs stopped: {}", e.toString(), e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void read(ConsumerRecord<byte[], byte[]> r) {
        if (r.value() == null) {
            return;
        }
        try {
            if (r.topic().equals(escalationTopic)) {
                Escalation e = escalations.deserialize(r.topic(), r.value());
                synchronized (this) {
                    add(recentEscalations, e);
                }
                for (Consumer<Escalation> subscriber : subscribers) {
                    try {
                        subscriber.accept(e);
                    } catch (RuntimeException gone) {
                        subscribers.remove(subscriber); // a browser that left: the others still hear
                    }
                }
            } else if (r.topic().equals(audit.topic)) {
                synchronized (this) {
                    audit.read(r);
                }
            } else if (r.topic().equals(deliveries.topic)) {
                synchronized (this) {
                    deliveries.read(r);
                }
            } else {
                SlaKpi k = kpis.deserialize(r.topic(), r.value());
                synchronized (this) {
                    add(recentKpis.computeIfAbsent(k.getScope() + " " + k.getGranularity(), b -> new ArrayDeque<>()), k);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not read {}-{}@{} for the console: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    /** The newest records of one topic, newest first by their own time (they come from several partitions in no one order). */
    private final class Recent<T> {
        final String topic;
        private final Deserializer<T> deserializer;
        private final java.util.function.ToLongFunction<T> at;
        private final Deque<T> recent = new ArrayDeque<>();

        Recent(String topic, Deserializer<T> deserializer, java.util.function.ToLongFunction<T> at) {
            this.topic = topic;
            this.deserializer = deserializer;
            this.at = at;
        }

        void read(ConsumerRecord<byte[], byte[]> r) {
            add(recent, deserializer.deserialize(r.topic(), r.value()));
        }

        List<T> newestFirst() {
            List<T> out = new ArrayList<>(recent);
            out.sort(java.util.Comparator.comparingLong(at).reversed());
            return out;
        }
    }

    private <T> void add(Deque<T> recent, T item) {
        recent.addLast(item);
        while (recent.size() > keep) {
            recent.removeFirst();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
