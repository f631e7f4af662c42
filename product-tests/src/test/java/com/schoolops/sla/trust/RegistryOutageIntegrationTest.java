package com.schoolops.sla.trust;

import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.app.TopicAdmin;
import com.schoolops.sla.avro.AgentStatus;
import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.embedded.EmbeddedKafka;
import com.schoolops.sla.serde.ValueSerdes;
import com.schoolops.sla.testing.AppProcess;
import com.schoolops.sla.testing.ChildApps;
import com.schoolops.sla.testing.Fleet;
import com.schoolops.sla.testing.RegistryStub;
import com.schoolops.sla.testing.HeartbeatPump;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static com.schoolops.sla.trust.BrokerOutageIntegrationTest.readAll;
import static com.schoolops.sla.trust.BrokerOutageIntegrationTest.send;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The schema registry goes away while input keeps arriving that the application has never seen the schema of: the
 * instance answers not-ready and holds that input, dead-letters none of it and calls no device DOWN; when the
 * registry is back, every held record is processed, once.
 */
class RegistryOutageIntegrationTest {
    @Test
    void inputWaitsOutARegistryOutageAndIsProcessedOnceWhenItReturns() throws Exception {
        Path dir = ChildApps.workspace("registry-outage-it");
        int registryPort = AppProcess.freePort();
        try (EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("broker"), AppProcess.freePort(), Map.of());
             RegistryStub registry = new RegistryStub(registryPort).start()) {
            AppConfig config = AppConfig.from(Settings.defaults().with(Map.of("kafka.bootstrap.servers", broker.bootstrapServers(),
                    "replication.factor", "1", "topics.partitions", "2")), ValueSerdes.registry(registry.registry()));
            try (TopicAdmin admin = new TopicAdmin(config)) {
                admin.awaitCluster(Duration.ofSeconds(60));
                admin.createTopics();
            }
            Map<String, String> settings = ChildApps.settings(broker.bootstrapServers(), dir, "ro-app", "ro", 0);
            settings.put("schema.registry.url", registry.url());
            settings.put("schema.registry.timeout", "2s");
            settings.put("health.interval.CLOUD_TERMINAL", "1s");
            Properties p = new Properties();
            p.put("bootstrap.servers", broker.bootstrapServers());
            p.put("acks", "all");
            List<Device> fleet = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                fleet.add(Fleet.device("ro-t" + i, DeviceType.CLOUD_TERMINAL).at("ro-site").build());
            }
            Device warning = fleet.get(0);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
                 HeartbeatPump pump = new HeartbeatPump(Duration.ofMillis(300), (id, hb) -> send(producer, config, "device-heartbeats", id, hb),
                         d -> d == warning ? AgentStatus.WARN : AgentStatus.OK);
                 AppProcess app = AppProcess.start("ro", dir, settings)) {
                app.awaitReady(Duration.ofSeconds(90));

                registry.stop();
                fleet.forEach(d -> send(producer, config, "device-registry", d.getDeviceId(), d));
                pump.beating.addAll(fleet);
                send(producer, config, "fault-tickets", "RO-1", TicketEvent.newBuilder().setTicketId("RO-1").setType(TicketEventType.OPENED)
                        .setTimestamp(System.currentTimeMillis()).setSiteId("ro-site").setContractId("it-fast").setSeverity("P1")
                        .setCategory(TicketCategory.HARDWARE).build());
                producer.flush();
                Thread.sleep(8_000);
                assertEquals(503, app.readiness(), "not ready while input waits for the registry:\n" + app.logTail());
                assertEquals(List.of(), readAll(broker, config, "dead-letters"), "an unreachable registry is no reason to dead-letter");
                assertEquals(List.of(), readAll(broker, config, "sla-escalations"), "nothing is decided on input not yet read");

                registry.start();
                app.awaitReady(Duration.ofSeconds(30));
                Thread.sleep(20_000);
                pump.close(); // the fleet stops beating

                assertEquals(List.of(), readAll(broker, config, "dead-letters"), "nothing dead-lettered once the registry is back");
                List<String> changes = readAll(broker, config, "device-health").stream().map(r -> (DeviceHealthChange) r)
                        .map(c -> c.getDeviceId() + " " + c.getPrevious() + "->" + c.getState()).sorted().toList();
                assertEquals(List.of("ro-t0 null->DEGRADED", "ro-t1 null->UP", "ro-t2 null->UP", "ro-t3 null->UP"), changes,
                        "the held heartbeats are processed, once: each device's first verdict, the warning device DEGRADED; "
                                + "no device that kept beating is DOWN");
                List<String> escalations = readAll(broker, config, "sla-escalations").stream().map(r -> (Escalation) r)
                        .map(e -> e.getTicketId() + " " + e.getType() + " " + e.getClock()).sorted().toList();
                assertEquals(List.of("RO-1 SLA_BREACH RESPONSE", "RO-1 SLA_BREACH RESTORE", "RO-1 SLA_WARNING RESPONSE",
                        "RO-1 SLA_WARNING RESTORE"), escalations, "the held ticket is processed once: its clocks ran from OPENED");
                String log = app.log();
                assertEquals(1, log.lines().filter(l -> l.contains("WARN") && l.contains("input waits for it")).count(),
                        "the outage is logged once, not per record:\n" + app.logTail());
                assertTrue(log.contains("The schema registry answers again"), app.logTail());
            }
        }
    }
}
