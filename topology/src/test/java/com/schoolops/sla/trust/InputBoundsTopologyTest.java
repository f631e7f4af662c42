package com.schoolops.sla.trust;

import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.avro.ScheduleWindow;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.avro.WindowKind;
import com.schoolops.sla.testing.Fleet;
import com.schoolops.sla.testing.TopologyHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Input that makes no sense is refused to dead-letters with its reason, never obeyed (issue 13, point 5). */
class InputBoundsTopologyTest {
    static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");
    TopologyHarness h;

    @BeforeEach
    void start() {
        h = new TopologyHarness(T0);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    static TicketEvent opened(String id, long at) {
        return TicketEvent.newBuilder().setTicketId(id).setType(TicketEventType.OPENED).setTimestamp(at).setSiteId("school-1")
                .setContractId("seed-003").setSeverity("GENERAL").setCategory(TicketCategory.HARDWARE).build();
    }

    List<String> deadLetterReasons() {
        return h.deadLetters.readRecordsToList().stream()
                .map(r -> new String(r.headers().lastHeader("__streams.errors.message").value(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void ticketsStampedAtTheEpochOrCenturiesAheadAreRefusedAndRaiseNothing() {
        h.ticket(opened("T-neg", -1));
        h.ticket(opened("T-9999", Instant.parse("9999-01-01T00:00:00Z").toEpochMilli()));
        h.advance(Duration.ofHours(8)); // past every seed-003 target, had either been obeyed
        List<String> reasons = deadLetterReasons();
        assertEquals(2, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).contains("ticket T-neg OPENED is stamped 1969-12-31T23:59:59.999Z, before 2000-01-01T00:00:00Z"), reasons.get(0));
        assertTrue(reasons.get(1).contains("ticket T-9999 OPENED is stamped 9999-01-01T00:00:00Z, more than 5m ahead"), reasons.get(1));
        assertTrue(h.escalations.isEmpty(), "no warning and no breach for a ticket that was refused");
    }

    @Test
    void aCalendarWindowFrom1969To9999AndAHeartbeatFrom1970AreRefused() {
        h.schedule(new SiteSchedule("school-1", List.of(new ScheduleWindow(WindowKind.MAINTENANCE, -1000L,
                Instant.parse("9999-01-01T00:00:00Z").toEpochMilli(), "forever", null))));
        h.schedule(new SiteSchedule("school-1", List.of(new ScheduleWindow(WindowKind.MAINTENANCE, T0.toEpochMilli(),
                T0.plus(Duration.ofDays(3650)).toEpochMilli(), "ten years", null))));
        Device door = Fleet.device("door-1", DeviceType.ACCESS_CONTROL).at("school-1").build();
        h.heartbeat(Fleet.heartbeat(door, Instant.ofEpochSecond(1)));
        List<String> reasons = deadLetterReasons();
        assertEquals(3, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).contains("window 'forever' of site school-1 starts 1969-12-31T23:59:59Z, before 2000"), reasons.get(0));
        assertTrue(reasons.get(1).contains("window 'ten years' of site school-1 ends 2036-02-28T01:00:00Z, more than 1825d ahead"), reasons.get(1));
        assertTrue(reasons.get(2).contains("heartbeat of door-1 is stamped 1970-01-01T00:00:01Z, before 2000"), reasons.get(2));
        assertTrue(h.health.isEmpty(), "no verdict on a heartbeat that was refused");
    }

    @Test
    void aDeviceNamingAContractNotKnownYetIsTrackedNotRefused() {
        Device d = Fleet.device("sw-x", DeviceType.SWITCH).at("school-1").critical().build();
        d.setContractId("seed-404");
        h.register(d);
        h.heartbeat(Fleet.heartbeat(d, T0));
        assertTrue(h.deadLetters.isEmpty(), "contracts may arrive later: the registration is accepted");
        List<DeviceHealthChange> health = h.health.readValuesToList();
        assertEquals(List.of(HealthState.UP), health.stream().map(DeviceHealthChange::getState).toList());
    }
}
