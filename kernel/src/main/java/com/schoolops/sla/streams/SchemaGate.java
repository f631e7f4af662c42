package com.schoolops.sla.streams;

import com.schoolops.sla.serde.SchemaRegistryClient;
import com.schoolops.sla.serde.SchemaRegistryException;
import com.schoolops.sla.serde.SchemaRegistryUnavailableException;
import com.schoolops.sla.serde.WireFormat;
import com.schoolops.sla.topics.TopicSpec;
import com.schoolops.sla.topics.Topics;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Input waits at the consumer while the schema registry cannot say how it was written. A record whose writer schema
 * is not yet known is let into the topology only once the registry has answered for it; while the registry is
 * unreachable, that record and everything after it on its partition are held back (the consumer is moved back to it),
 * so no offset is committed past it and nothing is dead-lettered for a fault that is not the record's. An id the
 * registry answers "not found" for, or bytes not in the wire format, pass on: the deserializer sends them to
 * dead-letters, as a record bad in itself.
 * <p>
 * The registry is asked again after a growing pause (up to {@link #MAX_BACKOFF}), the outage is logged once a minute,
 * and {@link #waitingSince} tells the readiness probe. Output schemas are registered before processing starts
 * ({@link #registerOutputSchemas}), so no write needs the registry later.
 */
public final class SchemaGate {
    private static final Logger log = LoggerFactory.getLogger(SchemaGate.class);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final long WARN_EVERY_MS = 60_000;

    private final SchemaRegistryClient registry;
    private final Set<String> gatedTopics;
    private final Clock clock;
    private final Set<Integer> known = ConcurrentHashMap.newKeySet();
    /** The id of the last record let in: nearly every record of an input has the same, so most records cost one compare. */
    private int lastKnown = -1;
    private volatile long waitingSince = Long.MIN_VALUE;
    private long nextAttemptAt = Long.MIN_VALUE;
    private long backoffMs = FIRST_BACKOFF.toMillis();
    private long lastWarning = Long.MIN_VALUE / 2;

    public SchemaGate(SchemaRegistryClient registry, Set<String> gatedTopics, Clock clock) {
        this.registry = registry;
        this.gatedTopics = Set.copyOf(gatedTopics);
        this.clock = clock;
    }

    /**
     * The gate of the inputs of {@code topics} read through {@code serdes}; none when a user-named serde asks its own
     * registry, or when the registry is in this process (nothing to wait for, and the heartbeat path pays nothing for it).
     */
    public static java.util.Optional<SchemaGate> of(com.schoolops.sla.topics.Topics topics, com.schoolops.sla.serde.ValueSerdes serdes) {
        Set<String> inputs = topics.writable().stream().map(TopicSpec::name).collect(Collectors.toSet());
        return serdes.registry().filter(SchemaRegistryClient::canBeUnavailable)
                .map(r -> new SchemaGate(r, inputs, Clock.systemUTC()));
    }

    /** The records of one poll that may enter the topology, and where each held partition must be read again from. */
    public record Passed(ConsumerRecords<byte[], byte[]> records, Map<TopicPartition, Long> rewindTo) {
    }

    /** Splits one poll: on each partition, the records before the first one whose schema cannot be known yet. */
    public synchronized Passed admit(ConsumerRecords<byte[], byte[]> polled) {
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> passed = new LinkedHashMap<>();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>(polled.nextOffsets());
        Map<TopicPartition, Long> rewindTo = new HashMap<>();
        for (TopicPartition partition : polled.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> records = polled.records(partition);
            int admitted = gatedTopics.contains(partition.topic()) ? admittedPrefix(records) : records.size();
            passed.put(partition, admitted == records.size() ? records : new ArrayList<>(records.subList(0, admitted)));
            if (admitted < records.size()) {
                ConsumerRecord<byte[], byte[]> held = records.get(admitted);
                rewindTo.put(partition, held.offset());
                next.put(partition, new OffsetAndMetadata(held.offset(), held.leaderEpoch(), ""));
            }
        }
        return new Passed(rewindTo.isEmpty() ? polled : new ConsumerRecords<>(passed, next), rewindTo);
    }

    /** How long input has been held for the registry, or empty when nothing waits. */
    public OptionalLong waitingSince() {
        long since = waitingSince;
        return since == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(since);
    }

    /**
     * Registers the schema of every output topic (or, with auto-registration off, finds it registered), waiting out
     * a registry outage: processing starts only when every write can be made without asking the registry again.
     */
    public void registerOutputSchemas(Topics topics) throws InterruptedException {
        registerOutputSchemas(topics.engineOutputs());
    }

    /** The same for {@code outputs} (notify's own). */
    public void registerOutputSchemas(List<TopicSpec<String, ?>> outputs) throws InterruptedException {
        for (TopicSpec<String, ?> output : outputs) {
            String subject = output.name() + "-value";
            while (true) {
                try {
                    registry.register(subject, SpecificData.get().getSchema(output.valueType()));
                    synchronized (this) {
                        if (waitingSince != Long.MIN_VALUE) {
                            recovered();
                        }
                    }
                    break;
                } catch (SchemaRegistryUnavailableException e) {
                    synchronized (this) {
                        failed(e);
                    }
                    Thread.sleep(backoffMs);
                }
            }
        }
    }

    private int admittedPrefix(List<ConsumerRecord<byte[], byte[]>> records) {
        for (int i = 0; i < records.size(); i++) {
            if (!schemaKnowable(records.get(i).value())) {
                return i;
            }
        }
        return records.size();
    }

    /** True when the writer schema is known, or the record is bad in itself; false while the registry cannot answer. */
    private boolean schemaKnowable(byte[] value) {
        if (value == null || value.length < WireFormat.HEADER_SIZE || value[0] != WireFormat.MAGIC_BYTE) {
            return true;
        }
        int id = ByteBuffer.wrap(value, 1, 4).getInt();
        if (id == lastKnown) {
            return true;
        }
        if (known.contains(id)) {
            lastKnown = id;
            return true;
        }
        if (clock.millis() < nextAttemptAt) {
            return false;
        }
        try {
            registry.schemaById(id);
            known.add(id);
            lastKnown = id;
            if (waitingSince != Long.MIN_VALUE) {
                recovered();
            }
            return true;
        } catch (SchemaRegistryUnavailableException e) {
            failed(e);
            return false;
        } catch (SchemaRegistryException e) {
            return true;
        }
    }

    private void failed(SchemaRegistryUnavailableException e) {
        long now = clock.millis();
        if (waitingSince == Long.MIN_VALUE) {
            waitingSince = now;
            backoffMs = FIRST_BACKOFF.toMillis();
        } else {
            backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF.toMillis());
        }
        nextAttemptAt = now + backoffMs;
        if (now - lastWarning >= WARN_EVERY_MS) {
            lastWarning = now;
            log.warn("{}: input waits for it, nothing is skipped and readiness answers 503 (asking again every {} s at most; "
                    + "said once a minute while it lasts)", e.getMessage(), MAX_BACKOFF.toSeconds());
        }
    }

    private void recovered() {
        log.info("The schema registry answers again after {} s: input flows", (clock.millis() - waitingSince) / 1000);
        waitingSince = Long.MIN_VALUE;
        nextAttemptAt = Long.MIN_VALUE;
        backoffMs = FIRST_BACKOFF.toMillis();
        lastWarning = Long.MIN_VALUE / 2;
    }
}
