package com.schoolops.sla.obligations;

import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.ScheduleWindow;
import com.schoolops.sla.avro.Site;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.avro.WindowKind;
import com.schoolops.sla.escalation.EscalationIds;
import com.schoolops.sla.testing.TopologyHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.schoolops.sla.obligations.Seeds.sh;
import static com.schoolops.sla.testing.Fleet.device;
import static org.junit.jupiter.api.Assertions.*;

/**
 * SPEC section 10's device clocks on the real topology: a seed-003 school ({@code deviceClocks} EMERGENCY_START 5m,
 * DEVICE_RESTORE 30m, natural time; warnings at 50 % and 80 %), an exam on Wednesday 2026-05-13 from 09:00 to 12:00.
 * A switch with two terminals behind it, every device sending a heartbeat every 30 s. Every instant is derived by hand.
 */
class ExamDayDeviceClocksTopologyTest {
    static final Instant START = sh("2026-05-13T09:00");
    static final Instant END = sh("2026-05-13T12:00");
    static final String EVENT = "school-a|MAJOR_EVENT|" + START;
    // The switch's last heartbeat is at 10:00:00; it is DOWN after 3 missed intervals of 30 s: at 10:01:30, the terminals
    // behind it UNREACHABLE at the same verdict (their own last heartbeats were at 10:00:00 too).
    static final Instant DIES = sh("2026-05-13T10:00");
    static final Instant VERDICT = sh("2026-05-13T10:01:30");
    // EMERGENCY_START: 5 minutes from the verdict, 10:06:30; its warnings at 50 % (2m30s) 10:04:00 and 80 % (4m) 10:05:30.
    static final Instant EMERGENCY_DUE = sh("2026-05-13T10:06:30");
    // DEVICE_RESTORE: 30 minutes, 10:31:30; its warnings at 50 % (15m) 10:16:30 and 80 % (24m) 10:25:30.
    static final Instant RESTORE_DUE = sh("2026-05-13T10:31:30");
    static final Instant BACK = sh("2026-05-13T10:20");

    final Device sw = device("sw-1", DeviceType.SWITCH).at("school-a").build();
    final Device t1 = device("term-1", DeviceType.CLOUD_TERMINAL).at("school-a").behind("sw-1").build();
    final Device t2 = device("term-2", DeviceType.CLOUD_TERMINAL).at("school-a").behind("sw-1").build();
    TopologyHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    /** The school, its exam (published at 08:00 that day), its devices registered at 09:50 and heard every 30 s to 10:00:00. */
    void anExamMorning() {
        h = new TopologyHarness(sh("2026-05-13T08:00"), Map.of("health.check-interval", "1s"));
        h.site(Site.newBuilder().setSiteId("school-a").setContractId("seed-003").setAcceptedAt(sh("2026-02-02T10:00").toEpochMilli()).build());
        h.schedule(exam());
        h.jumpTo(sh("2026-05-13T09:50"));
        for (Device d : List.of(sw, t1, t2)) {
            h.register(d);
        }
        h.live(Duration.ofMinutes(10).plusSeconds(1), List.of(sw, t1, t2));
        assertEquals(DIES, h.lastBeat.get("sw-1"));
        assertEquals(List.of(), deviceClocks(), "nothing before the switch dies (the devices were not known at the start)");
    }

    /**
     * A fault's episode in its escalations' ids: the device and the checkpoint bucket of its last heartbeat (as an
     * untracked outage is named), not the verdict's time, which may fall on another tick live than in replay.
     */
    String episode(String deviceId, DeviceType type, Instant lastHeartbeat) {
        return deviceId + "@" + h.config.topology().health().checkpointBucket(type, lastHeartbeat.toEpochMilli());
    }

    @Test
    void aSwitchDyingMidExamIsOneFaultAtTheVerdictAndAnAcknowledgementAndItsReturnMeetBothClocks() {
        anExamMorning();
        // 10:01:30: one MAJOR_EVENT_FAULT, for the switch (the root cause), naming the terminals behind it; no grace.
        h.advanceTo(VERDICT.plusSeconds(1));
        List<Escalation> fault = deviceClocks();
        assertEquals(1, fault.size(), fault.toString());
        checkFault(fault.get(0), VERDICT);
        assertTrue(fault.get(0).getMessage().contains("2 device(s) unreachable behind it: term-1, term-2"), fault.get(0).getMessage());

        // 10:02 the service desk opens a ticket naming the switch, 10:03 acknowledges it (the event does not name the device
        // again: the ticket does). The ticket has its own MAJOR_EVENT_FAULT (opened inside the window): a ticket, not a device.
        h.advanceTo(sh("2026-05-13T10:02"));
        h.ticket(ticket(TicketEventType.OPENED, "sw-1"));
        h.advanceTo(sh("2026-05-13T10:03"));
        h.ticket(ticket(TicketEventType.ACKNOWLEDGED, null));
        List<Escalation> ticketFaults = h.escalations.readValuesToList().stream()
                .filter(e -> e.getType() == EscalationType.MAJOR_EVENT_FAULT).toList();
        assertEquals(1, ticketFaults.size(), ticketFaults.toString());
        assertEquals("tk-1", ticketFaults.get(0).getTicketId());

        // Heartbeats back at 10:20: the switch is UP at its first one. On the way, only DEVICE_RESTORE's 50 % warning at
        // 10:16:30; EMERGENCY_START was met at 10:03 (before its 50 % at 10:04:00), DEVICE_RESTORE at 10:20.
        h.advanceTo(BACK);
        h.live(Duration.ofMinutes(15), List.of(sw, t1, t2)); // to 10:35, past both deadlines
        List<Escalation> clocks = deviceClocks();
        assertEquals(1, clocks.size(), clocks.toString());
        checkClock(clocks.get(0), EscalationType.SLA_WARNING, SlaClock.DEVICE_RESTORE, "50%", sh("2026-05-13T10:16:30"), RESTORE_DUE, 1);
        assertEquals(1, h.entries("major-event-store"), "the exam is still on");
    }

    @Test
    void whenNobodyAcknowledgesEmergencyStartWarnsAndBreaches() {
        anExamMorning();
        h.advanceTo(EMERGENCY_DUE.minusSeconds(1));
        List<Escalation> before = deviceClocks();
        assertEquals(3, before.size(), before.toString());
        checkFault(before.get(0), VERDICT);
        checkClock(before.get(1), EscalationType.SLA_WARNING, SlaClock.EMERGENCY_START, "50%", sh("2026-05-13T10:04:00"), EMERGENCY_DUE, 1);
        checkClock(before.get(2), EscalationType.SLA_WARNING, SlaClock.EMERGENCY_START, "80%", sh("2026-05-13T10:05:30"), EMERGENCY_DUE, 1);
        // The breach at 10:06:30, to the experts (tier 3: a breach during a major event).
        h.advanceTo(EMERGENCY_DUE.plusSeconds(1));
        List<Escalation> breach = deviceClocks();
        assertEquals(1, breach.size(), breach.toString());
        checkClock(breach.get(0), EscalationType.SLA_BREACH, SlaClock.EMERGENCY_START, "100%", EMERGENCY_DUE, EMERGENCY_DUE, 3);
        assertTrue(breach.get(0).getMessage().contains("no ticket naming it acknowledged or on site"), breach.get(0).getMessage());
        // An acknowledgement after the breach takes nothing back; the switch back at 10:20 meets DEVICE_RESTORE.
        h.advanceTo(sh("2026-05-13T10:10"));
        h.ticket(ticket(TicketEventType.OPENED, "sw-1"));
        h.ticket(ticket(TicketEventType.ACKNOWLEDGED, "sw-1"));
        h.advanceTo(BACK);
        h.live(Duration.ofMinutes(15), List.of(sw, t1, t2));
        List<Escalation> after = deviceClocks();
        assertEquals(1, after.size(), after.toString());
        checkClock(after.get(0), EscalationType.SLA_WARNING, SlaClock.DEVICE_RESTORE, "50%", sh("2026-05-13T10:16:30"), RESTORE_DUE, 1);
    }

    @Test
    void aDeviceDownAtTheStartIsAFaultFromTheStartAndAHandlingBegunBeforeItMeetsEmergencyStart() {
        // A door unit (60 s heartbeats) heard from 08:40 to 08:50:00, DOWN 3 minutes later (08:53:00) before the exam: no fault
        // then. A ticket naming it is opened at 08:55 and acknowledged at 08:56: the handling began after it fell silent.
        Device door = device("door-1", DeviceType.ACCESS_CONTROL).at("school-a").build();
        h = new TopologyHarness(sh("2026-05-13T08:00"), Map.of("health.check-interval", "1s"));
        h.site(Site.newBuilder().setSiteId("school-a").setContractId("seed-003").setAcceptedAt(sh("2026-02-02T10:00").toEpochMilli()).build());
        h.schedule(exam());
        h.jumpTo(sh("2026-05-13T08:40"));
        h.register(door);
        h.live(Duration.ofMinutes(10).plusSeconds(1), List.of(door));
        h.advanceTo(sh("2026-05-13T08:55"));
        h.ticket(ticket(TicketEventType.OPENED, "door-1"));
        h.advanceTo(sh("2026-05-13T08:56"));
        h.ticket(ticket(TicketEventType.ACKNOWLEDGED, null));
        h.jumpTo(START.minusSeconds(1));
        assertEquals(List.of(), deviceClocks(), "down before the exam: not a fault of it");
        // 09:00: a fault from the start, its clocks from 09:00; EMERGENCY_START is met (08:56 acknowledgement), DEVICE_RESTORE
        // runs: 50 % at 09:15, 80 % at 09:24, breached at 09:30.
        h.jumpTo(START.plusSeconds(1));
        List<Escalation> atStart = deviceClocks();
        assertEquals(1, atStart.size(), atStart.toString());
        Escalation f = atStart.get(0);
        assertEquals(EscalationType.MAJOR_EVENT_FAULT, f.getType());
        assertEquals("door-1", f.getDeviceId());
        assertEquals(START.toEpochMilli(), f.getAt());
        assertNull(f.getDeadline(), "no emergency start to wait for");
        assertEquals(EscalationIds.of(EVENT, EscalationType.MAJOR_EVENT_FAULT, null, episode("door-1", DeviceType.ACCESS_CONTROL, sh("2026-05-13T08:50"))), f.getEscalationId());
        assertTrue(f.getMessage().contains("is down at its start"), f.getMessage());
        h.jumpTo(sh("2026-05-13T09:31"));
        List<Escalation> restore = deviceClocks();
        assertEquals(List.of(EscalationType.SLA_WARNING, EscalationType.SLA_WARNING, EscalationType.SLA_BREACH),
                restore.stream().map(Escalation::getType).toList(), restore.toString());
        assertEquals(List.of(sh("2026-05-13T09:15").toEpochMilli(), sh("2026-05-13T09:24").toEpochMilli(), sh("2026-05-13T09:30").toEpochMilli()),
                restore.stream().map(Escalation::getAt).toList());
        assertTrue(restore.stream().allMatch(e -> e.getClock() == SlaClock.DEVICE_RESTORE));
        assertEquals(3, restore.get(2).getTier());
        // Still down at the exam's end: its clocks are done, the event goes at 12:00.
        h.jumpTo(END.plusSeconds(1));
        assertEquals(0, h.entries("major-event-store"));
    }

    static SiteSchedule exam() {
        return SiteSchedule.newBuilder().setSiteId("school-a").setWindows(List.of(ScheduleWindow.newBuilder().setKind(WindowKind.MAJOR_EVENT)
                .setName("期中考试 mid-term exam").setStart(START.toEpochMilli()).setEnd(END.toEpochMilli()).build())).build();
    }

    TicketEvent ticket(TicketEventType type, String deviceId) {
        return TicketEvent.newBuilder().setTicketId("tk-1").setType(type).setTimestamp(h.now().toEpochMilli()).setSiteId("school-a")
                .setDeviceId(deviceId).setSeverity(type == TicketEventType.OPENED ? "MAJOR" : null).build();
    }

    /** The device faults and their clocks' escalations (no ticket) published since the last call. */
    List<Escalation> deviceClocks() {
        return h.escalations.readValuesToList().stream().filter(e -> e.getTicketId() == null && (e.getType() == EscalationType.MAJOR_EVENT_FAULT
                || e.getType() == EscalationType.SLA_WARNING || e.getType() == EscalationType.SLA_BREACH)).toList();
    }

    /** The switch's fault: tier 3, its device, the window, the emergency start's deadline; its id from the event, the switch and the verdict. */
    void checkFault(Escalation e, Instant verdict) {
        assertEquals(EscalationType.MAJOR_EVENT_FAULT, e.getType(), e.toString());
        assertEquals("sw-1", e.getDeviceId());
        assertNull(e.getTicketId());
        assertNull(e.getClock());
        assertEquals(verdict.toEpochMilli(), e.getAt());
        assertEquals(verdict.plusSeconds(300).toEpochMilli(), e.getDeadline());
        assertEquals(3, e.getTier());
        assertEquals("seed-003", e.getContractId());
        assertEquals(START.toEpochMilli(), e.getPeriodStart());
        assertEquals(END.toEpochMilli(), e.getPeriodEnd());
        assertEquals(EscalationIds.of(EVENT, EscalationType.MAJOR_EVENT_FAULT, null, episode("sw-1", DeviceType.SWITCH, DIES)), e.getEscalationId());
    }

    void checkClock(Escalation e, EscalationType type, SlaClock clock, String threshold, Instant at, Instant deadline, int tier) {
        assertEquals(type, e.getType(), e.toString());
        assertEquals(clock, e.getClock(), e.toString());
        assertEquals("sw-1", e.getDeviceId());
        assertNull(e.getTicketId());
        assertEquals(at.toEpochMilli(), e.getAt(), type + " " + clock + " at");
        assertEquals(deadline.toEpochMilli(), e.getDeadline(), type + " " + clock + " deadline");
        assertEquals(tier, e.getTier(), type + " " + clock + " tier");
        assertEquals(EscalationIds.of(EVENT, type, clock, episode("sw-1", DeviceType.SWITCH, DIES) + "|" + threshold), e.getEscalationId());
    }
}
