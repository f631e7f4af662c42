package com.schoolops.sla.tickets;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.ScheduleWindow;
import com.schoolops.sla.avro.Site;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.avro.WindowKind;
import com.schoolops.sla.testing.TopologyHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPEC section 10 on the real topology: tickets already open when a major event starts take the earlier of their own
 * deadline and the start plus the event's target. A seed-003 school (MAJOR: RESPONSE 15m, RESTORE 24h; majorEvent:
 * RESPONSE 5m, RESTORE 30m; warnings at 50% and 80%), an exam on Wednesday 2026-05-13 from 09:00 to 17:00 (Asia/Shanghai).
 * Every instant is derived by hand.
 */
class EventTargetsTopologyTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Instant START = sh("2026-05-13T09:00");

    TopologyHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void ticketsOpenAtAnExamsStartAreHeldToItsTargets() {
        h = new TopologyHarness(sh("2026-05-12T08:00"), Map.of("health.check-interval", "1m"));
        h.site(Site.newBuilder().setSiteId("school-a").setContractId("seed-003").setAcceptedAt(sh("2026-02-02T10:00").toEpochMilli()).build());
        h.schedule(SiteSchedule.newBuilder().setSiteId("school-a").setWindows(List.of(ScheduleWindow.newBuilder().setKind(WindowKind.MAJOR_EVENT)
                .setName("中考 entrance exam").setStart(START.toEpochMilli()).setEnd(sh("2026-05-13T17:00").toEpochMilli()).build())).build());

        // b, Tuesday 09:10, acknowledged 09:12: RESTORE 24h due Wednesday 09:10, before 09:30: it keeps its own deadline.
        at("2026-05-12T09:10", "b", TicketEventType.OPENED);
        at("2026-05-12T09:12", "b", TicketEventType.ACKNOWLEDGED);
        // c, Tuesday 11:00, acknowledged 11:02, resolved Wednesday 08:00, before the start: untouched.
        at("2026-05-12T11:00", "c", TicketEventType.OPENED);
        at("2026-05-12T11:02", "c", TicketEventType.ACKNOWLEDGED);
        // a, the issue's ticket opened the day before: Tuesday 20:00, acknowledged 20:05. RESTORE 24h due Wednesday 20:00;
        // from the start it is due 09:00 + 30m = 09:30. Its 50% (08:00) came before the start; its 80%, 15:12 on its own,
        // is now 09:00 + 80% of 30m = 09:24.
        at("2026-05-12T20:00", "a", TicketEventType.OPENED);
        at("2026-05-12T20:05", "a", TicketEventType.ACKNOWLEDGED);
        at("2026-05-13T08:00", "c", TicketEventType.RESOLVED);
        // d, Wednesday 08:58, two minutes before the start: RESPONSE 15m due 09:13 on its own; from the start 09:05
        // (50% 09:02:30, 80% 09:04). Acknowledged 09:08, late; resolved 09:12, before its RESTORE's 50% (09:15).
        at("2026-05-13T08:58", "d", TicketEventType.OPENED);
        at("2026-05-13T09:08", "d", TicketEventType.ACKNOWLEDGED);
        at("2026-05-13T09:12", "d", TicketEventType.RESOLVED);
        h.jumpTo(sh("2026-05-13T12:00"));

        List<Escalation> clocks = clockEscalations();
        assertEquals(List.of(
                "b RESTORE SLA_WARNING @2026-05-12T21:10 due 2026-05-13T09:10 tier 1",
                "c RESTORE SLA_WARNING @2026-05-12T23:00 due 2026-05-13T11:00 tier 1",
                "b RESTORE SLA_WARNING @2026-05-13T04:22 due 2026-05-13T09:10 tier 1",
                "c RESTORE SLA_WARNING @2026-05-13T06:12 due 2026-05-13T11:00 tier 1",
                "a RESTORE SLA_WARNING @2026-05-13T08:00 due 2026-05-13T20:00 tier 1",
                "d RESPONSE SLA_WARNING @2026-05-13T09:02:30 due 2026-05-13T09:05 tier 1",
                "d RESPONSE SLA_WARNING @2026-05-13T09:04 due 2026-05-13T09:05 tier 1",
                // a breach of the event's target is one during the event: tier 3 (a RESPONSE breach is 2 otherwise)
                "d RESPONSE SLA_BREACH @2026-05-13T09:05 due 2026-05-13T09:05 tier 3",
                "b RESTORE SLA_BREACH @2026-05-13T09:10 due 2026-05-13T09:10 tier 3",
                "a RESTORE SLA_WARNING @2026-05-13T09:24 due 2026-05-13T09:30 tier 1",
                "a RESTORE SLA_BREACH @2026-05-13T09:30 due 2026-05-13T09:30 tier 3"),
                clocks.stream().map(EventTargetsTopologyTest::describe).toList());
        Escalation aBreach = clocks.get(clocks.size() - 1);
        assertTrue(aBreach.getMessage().contains("RESTORE target of 30m from the start of major event '中考 entrance exam' at 2026-05-13 09:00"),
                aBreach.getMessage());
        Escalation bBreach = clocks.get(8);
        assertTrue(bBreach.getMessage().contains("RESTORE target of 1d missed at 2026-05-13 09:10"), bBreach.getMessage());
    }

    @Test
    void aTicketOpenAtTheStartIsHeldToItOnlyOnceAndAWindowCalledOffHoldsNothing() {
        h = new TopologyHarness(sh("2026-05-12T08:00"), Map.of("health.check-interval", "1m"));
        h.site(Site.newBuilder().setSiteId("school-a").setContractId("seed-003").setAcceptedAt(sh("2026-02-02T10:00").toEpochMilli()).build());
        h.schedule(SiteSchedule.newBuilder().setSiteId("school-a").setWindows(List.of(ScheduleWindow.newBuilder().setKind(WindowKind.MAJOR_EVENT)
                .setName("skills contest").setStart(START.toEpochMilli()).setEnd(sh("2026-05-13T17:00").toEpochMilli()).build())).build());
        // e, Tuesday 20:00, acknowledged 20:05: due Wednesday 20:00 on its own. The contest is called off Wednesday 08:30.
        at("2026-05-12T20:00", "e", TicketEventType.OPENED);
        at("2026-05-12T20:05", "e", TicketEventType.ACKNOWLEDGED);
        h.jumpTo(sh("2026-05-13T08:30"));
        h.schedule(SiteSchedule.newBuilder().setSiteId("school-a").setWindows(List.of()).build());
        h.jumpTo(sh("2026-05-13T12:00"));
        // only its own 50% at Wednesday 08:00; its 80% is at 15:12, after this
        assertEquals(List.of("e RESTORE SLA_WARNING @2026-05-13T08:00 due 2026-05-13T20:00 tier 1"),
                clockEscalations().stream().map(EventTargetsTopologyTest::describe).toList());
    }

    void at(String local, String ticket, TicketEventType type) {
        Instant when = sh(local);
        h.jumpTo(when);
        h.ticket(TicketEvent.newBuilder().setTicketId(ticket).setType(type).setTimestamp(when.toEpochMilli()).setSiteId("school-a")
                .setContractId("seed-003").setSeverity(type == TicketEventType.OPENED ? "MAJOR" : null)
                .setCategory(type == TicketEventType.OPENED ? TicketCategory.HARDWARE : null).build());
    }

    /** The clocks' warnings and breaches published so far, in time order. */
    List<Escalation> clockEscalations() {
        List<Escalation> all = new ArrayList<>();
        for (Escalation e : h.escalations.readValuesToList()) {
            if (e.getType() == EscalationType.SLA_WARNING || e.getType() == EscalationType.SLA_BREACH) {
                all.add(e);
            }
        }
        all.sort(Comparator.comparingLong(Escalation::getAt).thenComparing(Escalation::getTicketId));
        return all;
    }

    static String describe(Escalation e) {
        return e.getTicketId() + " " + e.getClock() + " " + e.getType() + " @" + local(e.getAt()) + " due " + local(e.getDeadline()) + " tier " + e.getTier();
    }

    static String local(long at) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(at), SHANGHAI).toString();
    }

    static Instant sh(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }
}
