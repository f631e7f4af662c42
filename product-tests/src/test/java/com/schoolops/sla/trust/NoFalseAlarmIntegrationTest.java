package com.schoolops.sla.trust;

import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.testing.AppProcess;
import com.schoolops.sla.testing.Fleet;
import com.schoolops.sla.testing.Testbed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Nothing false is published when processes die and come back (specification section 4): the application runs as its own
 * `run` command in child JVMs, a fleet keeps beating from the test, and a read_committed reader checks that no
 * device that kept beating was called DOWN, no outage or escalation was raised for it, and no clock that was
 * stopped in time breached, while what really happened during the gap is still found.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoFalseAlarmIntegrationTest {
    Testbed testbed;

    @BeforeAll
    void start() throws Exception {
        // Silence after 3 s: far shorter than any gap below, so every device would be judged on missing input.
        testbed = Testbed.start("no-false-alarm-it", Map.of("health.interval.CLOUD_TERMINAL", "1s", "sla.unticketed-grace", "2s"));
    }

    @AfterAll
    void stop() {
        testbed.close();
    }

    /** Registers {@code perSite} terminals at each of {@code sites} sites named after {@code prefix}, beating from now on. */
    List<Device> fleet(String prefix, int sites, int perSite) {
        List<Device> devices = new ArrayList<>();
        for (int s = 0; s < sites; s++) {
            for (int i = 0; i < perSite; i++) {
                Device d = Fleet.device(prefix + "-s" + s + "-t" + i, DeviceType.CLOUD_TERMINAL).at(prefix + "-site-" + s).build();
                testbed.kafka.send("device-registry", d.getDeviceId(), d);
                devices.add(d);
            }
        }
        testbed.pump.beating.addAll(devices);
        return devices;
    }

    List<DeviceHealthChange> health(String prefix) {
        return testbed.kafka.readAll("device-health").stream().map(r -> (DeviceHealthChange) testbed.kafka.decode(r))
                .filter(c -> c.getDeviceId().startsWith(prefix)).toList();
    }

    List<Escalation> escalations(String prefix) {
        return testbed.kafka.readAll("sla-escalations").stream().map(r -> (Escalation) testbed.kafka.decode(r))
                .filter(e -> e.getSiteId().startsWith(prefix) || (e.getTicketId() != null && e.getTicketId().startsWith(prefix))).toList();
    }

    void awaitAllUp(List<Device> devices) {
        testbed.kafka.readUntil("device-health", rs -> rs.stream().map(r -> (DeviceHealthChange) testbed.kafka.decode(r))
                .filter(c -> c.getState() == HealthState.UP).map(DeviceHealthChange::getDeviceId).distinct()
                .filter(id -> devices.stream().anyMatch(d -> d.getDeviceId().equals(id))).count() == devices.size(), Duration.ofSeconds(60));
    }

    static List<String> downs(List<DeviceHealthChange> changes, String deviceId) {
        return changes.stream().filter(c -> c.getDeviceId().equals(deviceId) && c.getState() != HealthState.UP)
                .map(c -> c.getPrevious() + "->" + c.getState() + " (" + c.getReason() + ")").toList();
    }

    static void assertNeverDown(List<DeviceHealthChange> changes, List<Device> live) {
        List<String> falseVerdicts = changes.stream()
                .filter(c -> c.getState() != HealthState.UP && live.stream().anyMatch(d -> d.getDeviceId().equals(c.getDeviceId())))
                .map(c -> c.getDeviceId() + " " + c.getPrevious() + "->" + c.getState() + " at " + Instant.ofEpochMilli(c.getAt()) + " (" + c.getReason() + ")")
                .toList();
        assertEquals(List.of(), falseVerdicts, "devices that kept beating were never judged silent");
    }

    @Test
    void aRestartAfterKillMinus9CallsNoLiveDeviceDownAndFindsTheOneThatStoppedOnce() throws Exception {
        Map<String, String> settings = testbed.instance("nfa-restart", "restart", 0);
        List<Device> live = fleet("rs", 4, 3);
        // One of four at its site: its silence is no site outage (30 %).
        Device stopper = Fleet.device("rs-stopper", DeviceType.CLOUD_TERMINAL).at("rs-site-0").build();
        testbed.kafka.send("device-registry", stopper.getDeviceId(), stopper);
        testbed.pump.beating.add(stopper);
        try (AppProcess first = testbed.run("restart-1", settings)) {
            first.awaitReady(Duration.ofSeconds(90));
            awaitAllUp(live);
            first.crash();
        }
        testbed.pump.beating.remove(stopper); // really stops while nothing runs; the others keep beating
        Thread.sleep(8000);
        try (AppProcess second = testbed.run("restart-2", settings)) {
            second.awaitReady(Duration.ofSeconds(90));
            testbed.kafka.readUntil("device-health", rs -> rs.stream().map(r -> (DeviceHealthChange) testbed.kafka.decode(r))
                    .anyMatch(c -> c.getDeviceId().equals(stopper.getDeviceId()) && c.getState() == HealthState.DOWN), Duration.ofSeconds(60));
            Thread.sleep(6000); // anything false would have been published by now
            List<DeviceHealthChange> changes = health("rs");
            assertNeverDown(changes, live);
            List<String> stopped = downs(changes, stopper.getDeviceId());
            assertEquals(1, stopped.size(), "the device that stopped is DOWN exactly once: " + stopped);
            assertTrue(stopped.get(0).startsWith("UP->DOWN"), stopped.get(0));
            List<Escalation> escalations = escalations("rs");
            assertEquals(List.of(EscalationType.UNTICKETED_OUTAGE), escalations.stream().map(Escalation::getType).toList(),
                    "one escalation: the stopped device's outage, no outage of a live one or of a site");
            assertEquals(stopper.getDeviceId(), escalations.get(0).getDeviceId());
        } finally {
            testbed.pump.beating.removeAll(live);
        }
    }

    @Test
    void whenOneOfTwoInstancesDiesTheSurvivorJudgesNoDeviceOnInputItHasNotRead() throws Exception {
        Map<String, String> a = testbed.instance("nfa-pair", "pair-a", 1);
        Map<String, String> b = testbed.instance("nfa-pair", "pair-b", 1);
        List<Device> live = fleet("fo", 6, 2);
        try (AppProcess first = testbed.run("pair-a", a); AppProcess second = testbed.run("pair-b", b)) {
            first.awaitReady(Duration.ofSeconds(90));
            second.awaitReady(Duration.ofSeconds(90));
            awaitAllUp(live);
            Thread.sleep(2000);
            second.crash(); // its tasks, routers of some heartbeat partitions among them, wait 6 s for the session to time out
            Thread.sleep(15000);
            first.awaitReady(Duration.ofSeconds(5));
            assertNeverDown(health("fo"), live);
            assertEquals(List.of(), escalations("fo").stream().map(e -> e.getType() + " " + e.getDeviceId() + " " + e.getSiteId()).toList(),
                    "no UNTICKETED_OUTAGE and no SITE_OUTAGE for a fleet that kept beating");
        } finally {
            testbed.pump.beating.removeAll(live);
        }
    }

    @Test
    void anAcknowledgementWrittenWhileTheApplicationIsDownStopsTheClockBeforeItsDeadline() throws Exception {
        Map<String, String> settings = testbed.instance("nfa-ack", "ack", 0);
        try (AppProcess first = testbed.run("ack-1", settings)) {
            first.awaitReady(Duration.ofSeconds(90));
            long opened = System.currentTimeMillis();
            testbed.kafka.send("fault-tickets", "ack-T1", ticket("ack-T1", TicketEventType.OPENED, opened));
            Thread.sleep(1000);
            first.crash();
            // it-fast P1: RESPONSE 6 s, warning at 50 %. Acknowledged at 2 s, while nothing runs; restarted after 6 s.
            testbed.kafka.send("fault-tickets", "ack-T1", ticket("ack-T1", TicketEventType.ACKNOWLEDGED, opened + 2000));
        }
        Thread.sleep(8000);
        try (AppProcess second = testbed.run("ack-2", settings)) {
            second.awaitReady(Duration.ofSeconds(90));
            // RESTORE (16 s) still runs: its warning at 8 s shows the ticket's clocks were judged after the restart.
            testbed.kafka.readUntil("sla-escalations", rs -> rs.stream().map(r -> (Escalation) testbed.kafka.decode(r))
                    .anyMatch(e -> "ack-T1".equals(e.getTicketId()) && e.getClock() == SlaClock.RESTORE), Duration.ofSeconds(60));
            Thread.sleep(3000);
            assertEquals(List.of(), escalations("ack").stream().filter(e -> e.getClock() == SlaClock.RESPONSE)
                    .map(e -> e.getType() + " " + e.getClock() + " at " + Instant.ofEpochMilli(e.getAt())).toList(),
                    "no warning or breach of a RESPONSE clock that was stopped at 2 s of its 6 s");
        }
    }

    @Test
    void aColdStartOnInputWrittenBeforeItRanReportsNoRegisteredDeviceUnregisteredAndRefusesNoValidTicket() throws Exception {
        // Written before the application ever ran: registrations, heartbeats, and tickets that name only their device.
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Device d = Fleet.device("cold-t" + i, DeviceType.CLOUD_TERMINAL).at("cold-site-" + (i % 4)).build();
            d.setContractId("it-fast");
            testbed.kafka.send("device-registry", d.getDeviceId(), d);
            devices.add(d);
        }
        devices.forEach(d -> testbed.kafka.send("device-heartbeats", d.getDeviceId(), Fleet.heartbeat(d, Instant.now())));
        List<String> tickets = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = "cold-T" + i;
            testbed.kafka.send("fault-tickets", id, TicketEvent.newBuilder().setTicketId(id).setType(TicketEventType.OPENED)
                    .setTimestamp(System.currentTimeMillis()).setSiteId(devices.get(i).getSiteId()).setDeviceId(devices.get(i).getDeviceId())
                    .setSeverity("P1").setCategory(TicketCategory.HARDWARE).build());
            tickets.add(id);
        }
        testbed.pump.beating.addAll(devices);
        try (AppProcess app = testbed.run("cold", testbed.instance("nfa-cold", "cold", 0))) {
            app.awaitReady(Duration.ofSeconds(90));
            // it-fast P1, from the devices' registration: RESPONSE 6 s. Every ticket breaches it: each was opened.
            testbed.kafka.readUntil("sla-escalations", rs -> rs.stream().map(r -> (Escalation) testbed.kafka.decode(r))
                    .filter(e -> e.getTicketId() != null && e.getTicketId().startsWith("cold-T") && e.getType() == EscalationType.SLA_BREACH)
                    .count() == tickets.size(), Duration.ofSeconds(60));
            List<String> refused = testbed.kafka.readAll("dead-letters").stream().map(r -> r.key() == null ? "" : new String(r.key()))
                    .filter(k -> k.startsWith("cold-")).toList();
            assertEquals(List.of(), refused, "no valid ticket refused");
            List<String> unregistered = health("cold-").stream().filter(c -> c.getReason().contains("not in the registry"))
                    .map(c -> c.getDeviceId() + ": " + c.getReason()).toList();
            assertEquals(List.of(), unregistered, "every device was registered before its heartbeat was written");
            assertFalse(app.log().contains("not in the device registry"), app.logTail());
        } finally {
            testbed.pump.beating.removeAll(devices);
        }
    }

    static TicketEvent ticket(String id, TicketEventType type, long at) {
        return TicketEvent.newBuilder().setTicketId(id).setType(type).setTimestamp(at).setSiteId("ack-site")
                .setContractId(type == TicketEventType.OPENED ? "it-fast" : null).setSeverity(type == TicketEventType.OPENED ? "P1" : null)
                .setCategory(type == TicketEventType.OPENED ? TicketCategory.HARDWARE : null).build();
    }
}
