package com.schoolops.sla.app;

import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.DeviceHeartbeat;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.deadletter.DeadLetters;
import com.schoolops.sla.testing.BrokerFixture;
import com.schoolops.sla.testing.Fleet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The assembled application (exactly-once, real serde) on a real KRaft broker in this JVM. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApplicationIntegrationTest {
    BrokerFixture kafka;
    SlaApplication app;

    @BeforeAll
    void start() throws Exception {
        kafka = new BrokerFixture(Map.of("health.interval.SWITCH", "1s", "health.interval.CLOUD_TERMINAL", "1s"));
        app = new SlaApplication(kafka.config).start();
        app.awaitRunning(Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    static String header(ConsumerRecord<?, ?> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void aTerminalThatFallsSilentIsFoundDownByTheWallClockWithNothingElseArriving() throws Exception {
        Device sw = Fleet.device("it-sw", DeviceType.SWITCH).at("it-school").critical().build();
        Device term = Fleet.device("it-term", DeviceType.CLOUD_TERMINAL).at("it-school").behind("it-sw").build();
        kafka.send("device-registry", sw.getDeviceId(), sw);
        kafka.send("device-registry", term.getDeviceId(), term);
        // Both beat for two seconds; then the terminal stops and the switch keeps beating.
        for (int i = 0; i < 8; i++) {
            Instant now = Instant.now();
            kafka.send("device-heartbeats", sw.getDeviceId(), Fleet.heartbeat(sw, now));
            if (i < 4) {
                kafka.send("device-heartbeats", term.getDeviceId(), Fleet.heartbeat(term, now));
            }
            Thread.sleep(500); // the devices' own pace, not a wait for a timer
        }
        var records = kafka.readUntil("device-health", rs -> rs.stream().map(r -> (DeviceHealthChange) kafka.decode(r))
                .anyMatch(c -> c.getDeviceId().equals("it-term") && c.getState() == HealthState.DOWN), Duration.ofSeconds(30));
        List<DeviceHealthChange> term1 = records.stream().map(r -> (DeviceHealthChange) kafka.decode(r))
                .filter(c -> c.getDeviceId().equals("it-term")).toList();
        assertEquals(List.of(HealthState.UP, HealthState.DOWN), term1.stream().map(DeviceHealthChange::getState).toList());
        assertTrue(term1.get(1).getReason().startsWith("no heartbeat for"), term1.get(1).getReason());
        assertEquals("it-term", new String(records.stream().filter(r -> ((DeviceHealthChange) kafka.decode(r)).getDeviceId().equals("it-term"))
                .findFirst().orElseThrow().key(), StandardCharsets.UTF_8), "keyed by deviceId");
    }

    @Test
    void recordsThatCannotBeReadOrAcceptedGoToDeadLettersWithTheirOriginalBytesAndReasons() {
        byte[] random = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 1, 2, 3};
        byte[] unknownSchema = {0, 0x7f, 0x7f, 0x7f, 0x7f, 2, 4};
        kafka.sendRaw("device-heartbeats", "dl-random", random);
        kafka.sendRaw("fault-tickets", "dl-unknown-schema", unknownSchema);
        DeviceHeartbeat future = Fleet.heartbeat("dl-future", DeviceType.SWITCH, "it-school", Instant.now().plus(Duration.ofDays(3 * 365)),
                com.schoolops.sla.avro.AgentStatus.OK);
        kafka.send("device-heartbeats", "dl-future", future);
        var noSeverity = com.schoolops.sla.avro.TicketEvent.newBuilder().setTicketId("dl-no-severity")
                .setType(com.schoolops.sla.avro.TicketEventType.OPENED).setTimestamp(System.currentTimeMillis()).setSiteId("it-school")
                .setContractId("seed-003").setSeverity(null).build();
        kafka.send("fault-tickets", "dl-no-severity", noSeverity);
        var unknownContract = com.schoolops.sla.avro.TicketEvent.newBuilder(noSeverity).setTicketId("dl-unknown-contract")
                .setContractId("seed-999").setSeverity("GENERAL").build();
        kafka.send("fault-tickets", "dl-unknown-contract", unknownContract);
        // A good record after the bad ones is still processed.
        kafka.send("device-heartbeats", "dl-good", Fleet.heartbeat("dl-good", DeviceType.SWITCH, "it-school", Instant.now(),
                com.schoolops.sla.avro.AgentStatus.OK));

        var dead = kafka.readUntil("dead-letters", rs -> rs.size() >= 5, Duration.ofSeconds(30));
        var byKey = new java.util.HashMap<String, ConsumerRecord<byte[], byte[]>>();
        dead.forEach(r -> byKey.put(new String(r.key(), StandardCharsets.UTF_8), r));

        ConsumerRecord<byte[], byte[]> r1 = byKey.get("dl-random");
        assertArrayEquals(random, r1.value(), "original bytes");
        assertEquals("device-heartbeats", header(r1, DeadLetters.HEADER_TOPIC));
        assertTrue(header(r1, DeadLetters.HEADER_MESSAGE).contains("magic byte"), header(r1, DeadLetters.HEADER_MESSAGE));
        ConsumerRecord<byte[], byte[]> r2 = byKey.get("dl-unknown-schema");
        assertArrayEquals(unknownSchema, r2.value());
        assertTrue(header(r2, DeadLetters.HEADER_MESSAGE).contains("unknown schema id 2139062143"), header(r2, DeadLetters.HEADER_MESSAGE));
        ConsumerRecord<byte[], byte[]> r3 = byKey.get("dl-future");
        assertEquals(future, kafka.decode(new ConsumerRecord<>("device-heartbeats", 0, 0, r3.key(), r3.value())), "original record, readable");
        assertTrue(header(r3, DeadLetters.HEADER_MESSAGE).contains("ahead of the processor's clock"), header(r3, DeadLetters.HEADER_MESSAGE));
        assertNotNull(header(r3, DeadLetters.HEADER_OFFSET));

        for (var bad : List.of(Map.entry("dl-no-severity", "has no severity"), Map.entry("dl-unknown-contract", "unknown contract 'seed-999'"))) {
            ConsumerRecord<byte[], byte[]> r = byKey.get(bad.getKey());
            assertEquals(bad.getKey(), ((com.schoolops.sla.avro.TicketEvent) kafka.decode(new ConsumerRecord<>("fault-tickets", 0, 0, r.key(), r.value()))).getTicketId(),
                    "the original ticket, readable");
            assertTrue(header(r, DeadLetters.HEADER_MESSAGE).contains(bad.getValue()), header(r, DeadLetters.HEADER_MESSAGE));
            assertEquals("fault-tickets", header(r, DeadLetters.HEADER_TOPIC));
        }
        kafka.readUntil("device-health", rs -> rs.stream().anyMatch(r -> ((DeviceHealthChange) kafka.decode(r)).getDeviceId().equals("dl-good")),
                Duration.ofSeconds(30));
        assertEquals(org.apache.kafka.streams.KafkaStreams.State.RUNNING, app.state(), "bad input never stops the application");
    }
}
