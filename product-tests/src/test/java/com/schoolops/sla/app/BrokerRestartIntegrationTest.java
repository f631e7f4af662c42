package com.schoolops.sla.app;

import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.embedded.EmbeddedKafka;
import com.schoolops.sla.serde.InMemorySchemaRegistry;
import com.schoolops.sla.serde.ValueSerdes;
import com.schoolops.sla.testing.AppProcess;
import com.schoolops.sla.testing.Fleet;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The broker goes away under the running application and comes back: the application recovers by itself. */
class BrokerRestartIntegrationTest {

    @Test
    void theApplicationCarriesOnAfterTheBrokerRestarts(@TempDir Path dir) throws Exception {
        int port = AppProcess.freePort();
        EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("broker"), port, Map.of());
        Settings settings = Settings.defaults().with(Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(), "state.dir", dir.resolve("state").toString(),
                "replication.factor", "1", "num.standby.replicas", "0", "topics.partitions", "1", "health.check-interval", "200ms"));
        AppConfig config = AppConfig.from(settings, ValueSerdes.registry(InMemorySchemaRegistry.withKnownSchemas()));
        try (TopicAdmin admin = new TopicAdmin(config)) {
            admin.awaitCluster(Duration.ofSeconds(60));
            admin.createTopics();
        }
        try (SlaApplication app = new SlaApplication(config).start()) {
            app.awaitRunning(Duration.ofSeconds(60));
            sendHeartbeat(broker, config, "before-sw");
            awaitHealthOf(broker, config, "before-sw");

            broker.close();
            Thread.sleep(5000); // the application sees no broker for a while
            broker = EmbeddedKafka.start(dir.resolve("broker"), port, Map.of());

            sendHeartbeat(broker, config, "after-sw");
            awaitHealthOf(broker, config, "after-sw");
            assertNotEquals(KafkaStreams.State.ERROR, app.state());
        } finally {
            broker.close();
        }
    }

    static void sendHeartbeat(EmbeddedKafka broker, AppConfig config, String device) throws Exception {
        var sw = Fleet.device(device, DeviceType.SWITCH).at("restart-school").critical().build();
        var p = new java.util.Properties();
        p.put("bootstrap.servers", broker.bootstrapServers());
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(p, new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("device-heartbeats", device,
                    config.topics().heartbeats().valueSerde().serializer().serialize("device-heartbeats", Fleet.heartbeat(sw, Instant.now())))).get();
        }
    }

    static void awaitHealthOf(EmbeddedKafka broker, AppConfig config, String device) throws Exception {
        var p = new java.util.Properties();
        p.put("bootstrap.servers", broker.bootstrapServers());
        p.put("isolation.level", "read_committed");
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(p, new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            var tp = new org.apache.kafka.common.TopicPartition("device-health", 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < end) {
                for (var r : consumer.poll(Duration.ofMillis(300))) {
                    DeviceHealthChange c = config.topics().health().valueSerde().deserializer().deserialize("device-health", r.value());
                    if (c.getDeviceId().equals(device)) {
                        return;
                    }
                }
            }
        }
        fail("no device-health record for " + device + " within 120 s");
    }
}
