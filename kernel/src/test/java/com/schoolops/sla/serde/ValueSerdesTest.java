package com.schoolops.sla.serde;

import com.schoolops.sla.avro.DeviceHeartbeat;
import com.schoolops.sla.config.Settings;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ValueSerdesTest {
    /** Stands in for a user's serde class, such as Confluent's SpecificAvroSerde. */
    public static class RecordingSerde implements Serde<Object> {
        static volatile Map<String, ?> lastConfig;

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            lastConfig = configs;
        }

        @Override
        public Serializer<Object> serializer() {
            return (topic, data) -> "user-serde".getBytes();
        }

        @Override
        public Deserializer<Object> deserializer() {
            return (topic, data) -> null;
        }
    }

    @Test
    void aNamedSerdeClassIsUsedForEveryValueAndConfiguredWithTheRegistryUrlAndClientSettings() {
        Settings settings = Settings.defaults().with(Map.of("value.serde.class", RecordingSerde.class.getName(),
                "schema.registry.url", "http://registry:8081", "kafka.security.protocol", "SASL_SSL"));
        Serde<DeviceHeartbeat> serde = SerdeConfig.valueSerdes(settings).serde(DeviceHeartbeat.class);

        assertArrayEquals("user-serde".getBytes(), serde.serializer().serialize("device-heartbeats", RegistryAvroSerdeTest.heartbeat()));
        assertEquals("http://registry:8081", RecordingSerde.lastConfig.get("schema.registry.url"));
        assertEquals("SASL_SSL", RecordingSerde.lastConfig.get("security.protocol"));
        assertEquals("true", RecordingSerde.lastConfig.get("specific.avro.reader"));
    }

    @Test
    void aSerdeClassThatIsMissingOrIsNotASerdeIsAClearError() {
        var missing = assertThrows(IllegalArgumentException.class, () -> ValueSerdes.named("io.confluent.Nope", Map.of()));
        assertEquals("value serde class io.confluent.Nope is not on the classpath", missing.getMessage());
        var wrong = assertThrows(IllegalArgumentException.class, () -> ValueSerdes.named(String.class.getName(), Map.of()));
        assertTrue(wrong.getMessage().contains("does not implement org.apache.kafka.common.serialization.Serde"));
    }

    @Test
    void withoutARegistryUrlTheBuiltInSerdeUsesTheInMemoryRegistry() {
        Serde<DeviceHeartbeat> serde = SerdeConfig.valueSerdes(Settings.defaults()).serde(DeviceHeartbeat.class);
        assertInstanceOf(RegistryAvroSerde.class, serde);
        byte[] bytes = serde.serializer().serialize("device-heartbeats", RegistryAvroSerdeTest.heartbeat());
        assertEquals(RegistryAvroSerdeTest.heartbeat(), serde.deserializer().deserialize("device-heartbeats", bytes));
    }
}
