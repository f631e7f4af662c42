package com.schoolops.sla.streams;

import com.schoolops.sla.serde.SchemaRegistryClient;
import com.schoolops.sla.serde.SchemaRegistryException;
import com.schoolops.sla.serde.SchemaRegistryUnavailableException;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

class SchemaGateTest {
    static final TopicPartition HEARTBEATS_0 = new TopicPartition("device-heartbeats", 0);
    static final TopicPartition HEARTBEATS_1 = new TopicPartition("device-heartbeats", 1);
    static final TopicPartition REPARTITION = new TopicPartition("app-site-events-repartition", 0);

    /** A registry that knows ids 1 and 2, answers 404 for any other, and can be taken down. */
    static final class FlakyRegistry implements SchemaRegistryClient {
        boolean up = true;
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public int register(String subject, Schema schema) {
            return 1;
        }

        @Override
        public Schema schemaById(int id) {
            calls.incrementAndGet();
            if (!up) {
                throw new SchemaRegistryUnavailableException("cannot reach schema registry at http://registry:8081");
            }
            if (id > 2) {
                throw new SchemaRegistryException("HTTP 404: Schema " + id + " not found");
            }
            return Schema.create(Schema.Type.STRING);
        }
    }

    final FlakyRegistry registry = new FlakyRegistry();
    Instant now = Instant.parse("2026-11-28T08:00:00Z");
    final SchemaGate gate = new SchemaGate(registry, Set.of("device-heartbeats"), new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    static byte[] written(int schemaId) {
        return ByteBuffer.allocate(7).put((byte) 0).putInt(schemaId).put((byte) 2).put((byte) 'o').array();
    }

    static ConsumerRecords<byte[], byte[]> poll(Map<TopicPartition, List<byte[]>> values, long firstOffset) {
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> records = new LinkedHashMap<>();
        Map<TopicPartition, OffsetAndMetadata> next = new LinkedHashMap<>();
        values.forEach((tp, vs) -> {
            List<ConsumerRecord<byte[], byte[]>> list = new ArrayList<>();
            for (int i = 0; i < vs.size(); i++) {
                list.add(new ConsumerRecord<>(tp.topic(), tp.partition(), firstOffset + i, new byte[0], vs.get(i)));
            }
            records.put(tp, list);
            next.put(tp, new OffsetAndMetadata(firstOffset + vs.size()));
        });
        return new ConsumerRecords<>(records, next);
    }

    @Test
    void whileTheRegistryIsDownARecordOfAnUnknownSchemaAndAllAfterItOnItsPartitionAreHeldNotDeadLettered() {
        assertEquals(1, gate.admit(poll(Map.of(HEARTBEATS_0, List.of(written(1))), 0)).records().count(), "id 1 now known");
        registry.up = false;

        SchemaGate.Passed passed = gate.admit(poll(Map.of(
                HEARTBEATS_0, List.of(written(1), written(2), written(1)),
                HEARTBEATS_1, List.of(written(1)),
                REPARTITION, List.of(new byte[]{(byte) 0xC3, 1, 9, 9})), 10));

        assertEquals(List.of(10L), passed.records().records(HEARTBEATS_0).stream().map(ConsumerRecord::offset).toList(),
                "what precedes the first unknown schema passes; the rest of its partition waits, in order");
        assertEquals(1, passed.records().records(HEARTBEATS_1).size(), "a partition whose schemas are known flows on");
        assertEquals(1, passed.records().records(REPARTITION).size(), "internal topics are not ours to hold");
        assertEquals(Map.of(HEARTBEATS_0, 11L), passed.rewindTo(), "the consumer reads the held partition again from the held record");
        assertEquals(11L, passed.records().nextOffsets().get(HEARTBEATS_0).offset(), "and nothing is committed past it");
        assertTrue(gate.waitingSince().isPresent(), "readiness says input waits");
    }

    @Test
    void theRegistryIsAskedAgainAfterABackoffNotPerRecordAndTheHeldInputFlowsOnceItAnswers() {
        registry.up = false;
        gate.admit(poll(Map.of(HEARTBEATS_0, List.of(written(2))), 0));
        int calls = registry.calls.get();
        for (int i = 0; i < 100; i++) {
            assertEquals(0, gate.admit(poll(Map.of(HEARTBEATS_0, List.of(written(2))), 0)).records().count());
        }
        assertEquals(calls, registry.calls.get(), "within the backoff the registry is not asked again");

        now = now.plus(SchemaGate.FIRST_BACKOFF);
        registry.up = true;
        SchemaGate.Passed passed = gate.admit(poll(Map.of(HEARTBEATS_0, List.of(written(2), written(2))), 0));
        assertEquals(2, passed.records().count());
        assertEquals(Map.of(), passed.rewindTo());
        assertTrue(gate.waitingSince().isEmpty(), "ready again");
    }

    @Test
    void aRecordBadInItselfPassesOnToBeDeadLetteredByTheDeserializer() {
        SchemaGate.Passed passed = gate.admit(poll(Map.of(HEARTBEATS_0, List.of(written(99), new byte[]{7, 7}, written(1))), 0));
        assertEquals(3, passed.records().count(), "an id the registry does not have, and bytes not in the wire format, are not waited for");
        assertTrue(gate.waitingSince().isEmpty());
    }
}
