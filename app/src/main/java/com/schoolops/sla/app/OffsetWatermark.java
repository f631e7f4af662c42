package com.schoolops.sla.app;

import com.schoolops.sla.config.ConfigCatalogue;
import com.schoolops.sla.timers.InputWatermark;
import com.schoolops.sla.topics.TopicSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The live {@link InputWatermark}: every {@code watermark.interval} it asks the brokers for the end offsets of the
 * input topics and of {@code site-events}, then for the application's committed offsets,
 * and {@link ReadProgress} turns the rounds into a watermark per site partition. It is derived from Kafka, not kept:
 * a new instance knows nothing until its first rounds, and verdicts wait until then. While the brokers cannot be
 * asked, the watermark stays where it was, so a broker outage holds verdicts instead of producing them; once they
 * answer again it stays a while longer ({@code watermark.outage-settle}), for producers to deliver what they held.
 * <p>
 * The end offsets are the log ends (high watermarks), not the last stable offsets: a dead instance's transaction
 * that is still open holds the last stable offset of {@code site-events} back, and what others wrote after it is then
 * unreadable though committed; with the log end, a site counts as read only once that transaction is resolved and
 * everything after it processed (a test found this: the survivor of a failover judged devices on heartbeats its
 * site tasks could not read yet).
 */
public final class OffsetWatermark implements InputWatermark, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OffsetWatermark.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final long WARN_EVERY_MS = 60_000;

    private final Admin admin;
    private final String groupId;
    private final List<String> topics;
    private final String siteEventsTopic;
    private final ReadProgress progress;
    private final Clock clock;
    private final ScheduledExecutorService poller;
    private List<TopicPartition> partitions = List.of();
    private final long outageSettleMs;
    private volatile Map<Integer, Long> readUpTo = Map.of();
    private long lastWarning = Long.MIN_VALUE / 2;
    /** When the brokers last could not be asked: the poller's own bookkeeping, derived again by a new instance. */
    private long lastFailure = Long.MIN_VALUE / 2;

    public OffsetWatermark(AppConfig config, String siteEventsRepartitionTopic) {
        Properties props = new Properties();
        props.putAll(config.settings().kafkaClientSettings());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(CALL_TIMEOUT.toMillis()));
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, config.settings().get("application.id") + "-watermark");
        this.admin = Admin.create(props);
        this.groupId = config.settings().get("application.id");
        this.siteEventsTopic = siteEventsRepartitionTopic;
        this.topics = Stream.concat(config.topics().inputs().stream().map(TopicSpec::name), Stream.of(siteEventsRepartitionTopic)).toList();
        this.progress = new ReadProgress(siteEventsRepartitionTopic);
        this.clock = Clock.systemUTC();
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sla-watermark");
            t.setDaemon(true);
            return t;
        });
        this.outageSettleMs = config.settings().getDuration(ConfigCatalogue.WATERMARK_OUTAGE_SETTLE).toMillis();
        long every = config.settings().getDuration(ConfigCatalogue.WATERMARK_INTERVAL).toMillis();
        poller.scheduleWithFixedDelay(this::poll, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public long readUpTo(int partition, long now) {
        return readUpTo.getOrDefault(partition, Long.MIN_VALUE);
    }

    private void poll() {
        try {
            if (partitions.isEmpty()) {
                partitions = describe(); // site-events exists once Kafka Streams has made it
            }
            long endsAt = clock.millis();
            Map<TopicPartition, Long> ends = admin.listOffsets(
                            partitions.stream().collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest())),
                            new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                    .all().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            Map<TopicPartition, OffsetAndMetadata> group = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                    .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            long committedAt = clock.millis();
            Map<TopicPartition, Long> committed = new HashMap<>();
            group.forEach((tp, om) -> {
                if (om != null) {
                    committed.put(tp, om.offset());
                }
            });
            Map<Integer, Long> observed = progress.observe(endsAt, ends, committedAt, committed);
            // Right after an outage, producers may still hold records written during it: wait for them.
            if (committedAt - lastFailure >= outageSettleMs) {
                readUpTo = Map.copyOf(observed);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            partitions = List.of(); // the partitions may have changed; ask again
            if (e.getCause() instanceof UnknownTopicOrPartitionException && readUpTo.isEmpty()) {
                log.debug("{} is not made yet (Kafka Streams makes it at the first rebalance): verdicts wait", siteEventsTopic);
                return;
            }
            long now = clock.millis();
            lastFailure = now;
            if (now - lastWarning >= WARN_EVERY_MS) {
                lastWarning = now;
                log.warn("Cannot read how far the input has been read from the brokers ({}): verdicts wait until it can "
                        + "(said once a minute while it lasts)", e.getCause() != null ? e.getCause().toString() : e.toString());
            }
        }
    }

    private List<TopicPartition> describe() throws Exception {
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return described.values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .toList();
    }

    @Override
    public void close() {
        poller.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
