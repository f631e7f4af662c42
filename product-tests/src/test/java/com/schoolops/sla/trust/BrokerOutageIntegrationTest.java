package com.schoolops.sla.trust;

import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.app.TopicAdmin;
import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.embedded.EmbeddedKafka;
import com.schoolops.sla.serde.InMemorySchemaRegistry;
import com.schoolops.sla.serde.ValueSerdes;
import com.schoolops.sla.testing.AppProcess;
import com.schoolops.sla.testing.ChildApps;
import com.schoolops.sla.testing.Fleet;
import com.schoolops.sla.testing.HeartbeatPump;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A broker outage of 15 s while a fleet keeps beating (its agents buffer and resend, as Kafka producers do): when the
 * broker is back, no device that kept beating is called DOWN, no outage is raised, and what was due meanwhile (a
 * ticket's warning and breach) is published once, under one id each.
 */
class BrokerOutageIntegrationTest {
    @Test
    void afterABrokerOutageOf15sNothingFalseIsPublishedAndNothingTwice() throws Exception {
        Path dir = ChildApps.workspace("broker-outage-it");
        int port = AppProcess.freePort();
        EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("broker"), port, Map.of());
        AppConfig config = AppConfig.from(Settings.defaults().with(Map.of("kafka.bootstrap.servers", broker.bootstrapServers(),
                "replication.factor", "1", "topics.partitions", "2")), ValueSerdes.registry(InMemorySchemaRegistry.withKnownSchemas()));
        try (TopicAdmin admin = new TopicAdmin(config)) {
            admin.awaitCluster(Duration.ofSeconds(60));
            admin.createTopics();
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrapServers());
        p.put("acks", "all");
        p.put("delivery.timeout.ms", "120000");
        List<Device> fleet = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            for (int i = 0; i < 3; i++) {
                fleet.add(Fleet.device("bo-s" + s + "-t" + i, DeviceType.CLOUD_TERMINAL).at("bo-site-" + s).build());
            }
        }
        Map<String, String> settings = ChildApps.settings(broker.bootstrapServers(), dir, "bo-app", "bo", 0);
        settings.put("health.interval.CLOUD_TERMINAL", "1s");
        settings.put("sla.unticketed-grace", "2s");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
             HeartbeatPump pump = new HeartbeatPump(Duration.ofMillis(300), (id, hb) -> send(producer, config, "device-heartbeats", id, hb));
             AppProcess app = AppProcess.start("bo", dir, settings)) {
            fleet.forEach(d -> send(producer, config, "device-registry", d.getDeviceId(), d));
            pump.beating.addAll(fleet);
            app.awaitReady(Duration.ofSeconds(90));
            Thread.sleep(5000);
            // it-fast P1: RESPONSE 6 s (warning at 3 s), RESTORE 16 s (warning at 8 s): all of it falls in the outage.
            send(producer, config, "fault-tickets", "BO-1", TicketEvent.newBuilder().setTicketId("BO-1").setType(TicketEventType.OPENED)
                    .setTimestamp(System.currentTimeMillis()).setSiteId("bo-site-0").setContractId("it-fast").setSeverity("P1")
                    .setCategory(TicketCategory.HARDWARE).build());
            producer.flush();
            Thread.sleep(1000);

            broker.close();
            Thread.sleep(15_000);
            broker = EmbeddedKafka.start(dir.resolve("broker"), port, Map.of());
            Thread.sleep(30_000);

            List<DeviceHealthChange> falseVerdicts = readAll(broker, config, "device-health").stream().map(r -> (DeviceHealthChange) r)
                    .filter(c -> c.getState() != HealthState.UP).toList();
            assertEquals(List.of(), falseVerdicts.stream().map(c -> c.getDeviceId() + " " + c.getPrevious() + "->" + c.getState()
                    + " (" + c.getReason() + ")").toList(), "the fleet kept beating through the outage:\n" + app.logTail());
            List<Escalation> escalations = readAll(broker, config, "sla-escalations").stream().map(r -> (Escalation) r).toList();
            assertEquals(List.of("SLA_BREACH RESPONSE", "SLA_BREACH RESTORE", "SLA_WARNING RESPONSE", "SLA_WARNING RESTORE"),
                    escalations.stream().map(e -> e.getType() + " " + e.getClock()).sorted().toList(),
                    "the ticket's four escalations, each once; no outage, no UNTICKETED_OUTAGE");
            Map<String, Long> ids = escalations.stream().collect(Collectors.groupingBy(Escalation::getEscalationId, Collectors.counting()));
            assertEquals(4, ids.size(), "four ids for four escalations");
        } finally {
            broker.close();
        }
    }

    @SuppressWarnings("unchecked")
    static <V extends SpecificRecord> void send(KafkaProducer<String, byte[]> producer, AppConfig config, String topic, String key, V value) {
        Serializer<V> serializer = (Serializer<V>) config.topics().byName(topic).valueSerde().serializer();
        producer.send(new ProducerRecord<>(topic, key, serializer.serialize(topic, value)));
    }

    static List<Object> readAll(EmbeddedKafka broker, AppConfig config, String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", broker.bootstrapServers());
        p.put("isolation.level", "read_committed");
        List<Object> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(config.topics().byName(topic).valueSerde().deserializer().deserialize(topic, r.value()));
                }
            }
        }
        return values;
    }
}
