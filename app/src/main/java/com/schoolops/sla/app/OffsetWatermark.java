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

/**
 * The live {@link InputWatermark}: every {@code watermark.interval} it asks the brokers for the end offsets of the
 * input topics, then for the application's committed offsets, and {@link ReadProgress} turns the rounds into how far
 * the inputs are read. The reading tasks pass it on to the sites in band (read marks). It is derived from Kafka, not kept:
 * a new instance knows nothing until its first rounds, and verdicts wait until then. While the brokers cannot be
 * asked, the watermark stays where it was, so a broker outage holds verdicts instead of producing them; once they
 * answer again it stays a while longer ({@code watermark.outage-settle}), for producers to deliver what they held.
 * <p>
 * The end offsets are the log ends (high watermarks), not the last stable offsets: a producer's transaction that is
 * still open holds the last stable offset back, and what others wrote after it is then unreadable though committed;
 * with the log end, the input counts as read only once that transaction is resolved and everything after it processed.
 */
public final class OffsetWatermark implements InputWatermark, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OffsetWatermark.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final long WARN_EVERY_MS = 60_000;

    private final Admin admin;
    private final String groupId;
    private final List<String> topics;
    private final ReadProgress progress;
    private final Clock clock;
    private final ScheduledExecutorService poller;
    private List<TopicPartition> partitions = List.of();
    private final long outageSettleMs;
    private volatile long readUpTo = Long.MIN_VALUE;
    private volatile int readers;
    private long lastWarning = Long.MIN_VALUE / 2;
    /** When the brokers last could not be asked: the poller's own bookkeeping, derived again by a new instance. */
    private long lastFailure = Long.MIN_VALUE / 2;

    public OffsetWatermark(AppConfig config) {
        Properties props = new Properties();
        props.putAll(config.settings().kafkaClientSettings());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(CALL_TIMEOUT.toMillis()));
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, config.settings().get("application.id") + "-watermark");
        this.admin = Admin.create(props);
        this.groupId = config.settings().get("application.id");
        this.topics = config.topics().inputs().stream().map(TopicSpec::name).toList();
        this.progress = new ReadProgress();
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
    public long readUpTo(long now) {
        return readUpTo;
    }

    @Override
    public int readers() {
        return readers;
    }

    private void poll() {
        try {
            if (partitions.isEmpty()) {
                partitions = describe();
                // One reading task per partition number of the input with the most.
                readers = partitions.stream().mapToInt(TopicPartition::partition).max().orElse(-1) + 1;
            }
            long endsAt = clock.millis();
            Map<TopicPartition, Long> ends = admin.listOffsets(
                            partitions.stream().collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest())),
                            new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                    .all().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            Map<TopicPartition, OffsetAndMetadata> group = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                    .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> committed = new HashMap<>();
            group.forEach((tp, om) -> {
                if (om != null) {
                    committed.put(tp, om.offset());
                }
            });
            long observed = progress.observe(endsAt, ends, committed);
            // Right after an outage, producers may still hold records written during it: wait for them.
            if (clock.millis() - lastFailure >= outageSettleMs) {
                readUpTo = observed;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            partitions = List.of(); // the partitions may have changed; ask again
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
