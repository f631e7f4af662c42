package com.schoolops.sla.trust;

import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.testing.HeldWatermark;
import com.schoolops.sla.testing.TopologyHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.schoolops.sla.testing.Fleet.device;
import static com.schoolops.sla.testing.Fleet.heartbeat;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A cold start on a cluster with data reads the inputs in fetch order, not in the order they were written: a
 * heartbeat or a ticket may be read before the registration of its device. Neither is judged on a registry not
 * read yet: the device is not reported unregistered, the ticket is not refused.
 */
class ColdStartTopologyTest {
    static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");
    final HeldWatermark watermark = new HeldWatermark();
    final TopologyHarness h = new TopologyHarness(T0, Map.of(), watermark);
    final Device terminal = device("cs-t1", DeviceType.CLOUD_TERMINAL).at("school-c").build();

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void aHeartbeatReadBeforeItsDevicesRegistrationIsNotReportedUnregistered() {
        watermark.holdAt(T0.minusSeconds(1).toEpochMilli()); // the registry partition is not read yet
        h.heartbeat(heartbeat(terminal, T0));
        h.advance(Duration.ofSeconds(2));
        assertEquals(List.of(), h.healthChanges(), "not judged before the registry is read");
        h.register(terminal);
        watermark.release();
        h.advance(Duration.ofSeconds(1));
        var changes = h.healthChanges();
        assertEquals(1, changes.size(), changes.toString());
        assertEquals("UP", changes.get(0).value.getState().toString());
        assertEquals("heartbeat OK", changes.get(0).value.getReason());
    }

    @Test
    void aTicketReadBeforeItsDevicesRegistrationWaitsForItAndKeepsWhatFollows() {
        watermark.holdAt(T0.minusSeconds(1).toEpochMilli());
        h.ticket(ticket(TicketEventType.OPENED, T0)); // names its device, not its contract: the device's is seed-003
        h.ticket(ticket(TicketEventType.ACKNOWLEDGED, T0.plus(Duration.ofMinutes(1))));
        h.advance(Duration.ofSeconds(2));
        // seed-003: RESPONSE 15 min (acknowledged at 1 min: the ACK read while the ticket waited was applied), and a
        // remote window of 1 h: opened under its device's contract.
        assertEquals(List.of("DISPATCH_REQUIRED seed-003"), raisedOnceRegisteredAndRead());
    }

    /** The device's registration is read and the watermark released: CS-1's escalations an hour on (none refused). */
    List<String> raisedOnceRegisteredAndRead() {
        h.register(terminal);
        watermark.release();
        h.advanceTo(T0.plus(Duration.ofMinutes(61)));
        assertTrue(h.deadLetters.isEmpty(), "not refused");
        return h.escalations.readValuesToList().stream().filter(e -> "CS-1".equals(e.getTicketId()))
                .map(e -> e.getType() + " " + e.getContractId()).toList();
    }

    /**
     * Found by NoFalseAlarmIntegrationTest under load: the device's heartbeat (its partition read first) made it known
     * to the site, heard but not registered, so its ticket was not parked and was refused for want of a contract.
     */
    @Test
    void aTicketOfADeviceHeardButNotYetRegisteredWaitsForTheRegistration() {
        watermark.holdAt(T0.minusSeconds(1).toEpochMilli());
        h.heartbeat(heartbeat(terminal, T0));
        h.advance(Duration.ofSeconds(1));
        h.ticket(ticket(TicketEventType.OPENED, T0.plusSeconds(1)));
        h.advance(Duration.ofSeconds(1));
        List<String> raised = raisedOnceRegisteredAndRead();
        assertTrue(raised.contains("DISPATCH_REQUIRED seed-003"), "opened under its device's contract: " + raised);
    }

    @Test
    void aTicketWhoseDeviceIsStillUnknownOnceTheRegistryIsReadIsRefused() {
        watermark.holdAt(T0.minusSeconds(1).toEpochMilli());
        h.ticket(ticket(TicketEventType.OPENED, T0));
        h.advance(Duration.ofSeconds(2));
        assertTrue(h.deadLetters.isEmpty());
        watermark.release();
        h.advance(Duration.ofSeconds(1));
        var dead = h.deadLetters.readRecordsToList();
        assertEquals(1, dead.size(), "refused once the registry is read and names no such device");
        assertEquals("0", new String(dead.get(0).headers().lastHeader("__streams.errors.offset").value()),
                "a ticket that waited in state still names where it was read");
    }

    TicketEvent ticket(TicketEventType type, Instant at) {
        boolean opened = type == TicketEventType.OPENED;
        return TicketEvent.newBuilder().setTicketId("CS-1").setType(type).setTimestamp(at.toEpochMilli()).setSiteId("school-c")
                .setDeviceId(opened ? terminal.getDeviceId() : null).setSeverity(opened ? "GENERAL" : null)
                .setCategory(opened ? TicketCategory.HARDWARE : null).build();
    }
}
