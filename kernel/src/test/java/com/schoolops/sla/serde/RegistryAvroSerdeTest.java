package com.schoolops.sla.serde;

import com.schoolops.sla.avro.AgentStatus;
import com.schoolops.sla.avro.DeviceHeartbeat;
import com.schoolops.sla.avro.DeviceType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class RegistryAvroSerdeTest {
    final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    final RegistryAvroSerde<DeviceHeartbeat> serde = new RegistryAvroSerde<>(DeviceHeartbeat.class, registry, false);

    static DeviceHeartbeat heartbeat() {
        return DeviceHeartbeat.newBuilder().setDeviceId("sw-1").setDeviceType(DeviceType.SWITCH).setSiteId("school-1")
                .setTimestamp(1_772_413_200_000L).setStatus(AgentStatus.WARN).setCpuPct(12.5).setMemPct(null)
                .setTemperatureC(41.0).setPacketLossPct(null).setFirmware("v1").build();
    }

    static byte[] avroBinary(Schema schema, Object record, boolean generic) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        if (generic) {
            new GenericDatumWriter<GenericRecord>(schema).write((GenericRecord) record, encoder);
        } else {
            new SpecificDatumWriter<DeviceHeartbeat>(schema).write((DeviceHeartbeat) record, encoder);
        }
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void writesMagicByteThenTheRegisteredIdBigEndianThenAvroBinary() throws IOException {
        byte[] bytes = serde.serializer().serialize("device-heartbeats", heartbeat());

        int id = registry.register("device-heartbeats-value", DeviceHeartbeat.getClassSchema());
        assertEquals(0, bytes[0], "magic byte");
        assertEquals(id, ByteBuffer.wrap(bytes, 1, 4).getInt(), "schema id, big-endian");
        byte[] payload = Arrays.copyOfRange(bytes, 5, bytes.length);
        assertArrayEquals(avroBinary(DeviceHeartbeat.getClassSchema(), heartbeat(), false), payload);
        assertEquals(Map.of("device-heartbeats-value", 1), registry.subjectVersionCounts(), "registered under <topic>-value");
    }

    @Test
    void roundTripsEveryField() {
        byte[] bytes = serde.serializer().serialize("device-heartbeats", heartbeat());
        assertEquals(heartbeat(), serde.deserializer().deserialize("device-heartbeats", bytes));
        assertNull(serde.serializer().serialize("device-heartbeats", null), "null stays null (tombstones)");
    }

    @Test
    void anOlderProducerWithoutTheOptionalFieldStillReads() throws IOException {
        // The schema as it was before `firmware` was added.
        Schema v1 = withFields(f -> !f.name().equals("firmware"), null);
        assertNull(v1.getField("firmware"));
        GenericRecord old = new GenericData.Record(v1);
        old.put("deviceId", "spk-1");
        old.put("deviceType", new GenericData.EnumSymbol(v1.getField("deviceType").schema(), "BROADCAST_SPEAKER"));
        old.put("siteId", "school-2");
        old.put("timestamp", 5L);
        old.put("status", new GenericData.EnumSymbol(v1.getField("status").schema(), "OK"));
        byte[] bytes = wire(registry.register("device-heartbeats-value", v1), avroBinary(v1, old, true));

        DeviceHeartbeat read = serde.deserializer().deserialize("device-heartbeats", bytes);
        assertEquals("spk-1", read.getDeviceId());
        assertEquals(DeviceType.BROADCAST_SPEAKER, read.getDeviceType());
        assertNull(read.getFirmware(), "the field the old producer did not know takes its default");
    }

    @Test
    void aNewerProducerWithAnExtraFieldStillReads() throws IOException {
        Schema v3 = withFields(f -> true, new Schema.Field("uptimeS",
                Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.LONG)), null, Schema.Field.NULL_DEFAULT_VALUE));
        GenericRecord newer = new GenericData.Record(v3);
        DeviceHeartbeat hb = heartbeat();
        for (Schema.Field f : DeviceHeartbeat.getClassSchema().getFields()) {
            Object v = hb.get(f.name());
            newer.put(f.name(), v instanceof Enum<?> e ? new GenericData.EnumSymbol(v3.getField(f.name()).schema(), e.name()) : v);
        }
        newer.put("uptimeS", 86_400L);
        byte[] bytes = wire(registry.register("device-heartbeats-value", v3), avroBinary(v3, newer, true));

        assertEquals(hb, serde.deserializer().deserialize("device-heartbeats", bytes));
    }

    @Test
    void rejectsBytesThatAreNotInTheWireFormat() {
        var de = serde.deserializer();
        SerializationException shortOne = assertThrows(SerializationException.class, () -> de.deserialize("t", new byte[]{0, 1}));
        assertTrue(shortOne.getMessage().contains("shorter than the 5-byte header"), shortOne.getMessage());
        SerializationException magic = assertThrows(SerializationException.class, () -> de.deserialize("t", "{\"json\":1}".getBytes()));
        assertTrue(magic.getMessage().contains("magic byte"), magic.getMessage());
        SerializationException unknown = assertThrows(SerializationException.class, () -> de.deserialize("t", new byte[]{0, 0, 0, 0, 99, 2}));
        assertTrue(unknown.getMessage().contains("unknown schema id 99"), unknown.getMessage());
    }

    @Test
    void inMemoryIdsAreTheSameInEveryProcessSoAnotherProcessCanRead() {
        byte[] bytes = serde.serializer().serialize("device-heartbeats", heartbeat());
        // A second registry, as in another JVM (`tail`), that only knows the product's schemas.
        var elsewhere = new RegistryAvroSerde<>(DeviceHeartbeat.class, InMemorySchemaRegistry.withKnownSchemas(), false);
        assertEquals(heartbeat(), elsewhere.deserializer().deserialize("device-heartbeats", bytes));
    }

    /** DeviceHeartbeat's schema with some fields left out, or one more added: another version of it. */
    static Schema withFields(java.util.function.Predicate<Schema.Field> keep, Schema.Field extra) {
        Schema current = DeviceHeartbeat.getClassSchema();
        java.util.List<Schema.Field> fields = new java.util.ArrayList<>();
        for (Schema.Field f : current.getFields()) {
            if (keep.test(f)) {
                fields.add(new Schema.Field(f, f.schema()));
            }
        }
        if (extra != null) {
            fields.add(extra);
        }
        return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    }

    static byte[] wire(int id, byte[] payload) {
        return ByteBuffer.allocate(5 + payload.length).put((byte) 0).putInt(id).put(payload).array();
    }
}
