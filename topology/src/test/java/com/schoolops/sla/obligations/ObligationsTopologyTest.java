package com.schoolops.sla.obligations;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.Site;
import com.schoolops.sla.avro.VisitKind;
import com.schoolops.sla.avro.VisitMode;
import com.schoolops.sla.avro.VisitType;
import com.schoolops.sla.deadletter.DeadLetters;
import com.schoolops.sla.testing.HeldWatermark;
import com.schoolops.sla.testing.TopologyHarness;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 35 on the real topology: a seed-004 school (cn-default calendar, Asia/Shanghai, 09:00-18:00 Monday to Friday,
 * 2026's holidays) goes live mid-quarter; its quarterly on-site inspection is done in the first quarter and not in the
 * second; its return visit (a phone AND an on-site visit each quarter, 09:30-11:30 and 14:50-17:00, from one month after
 * go-live) gets only a phone call at 12:00, which does not count. Every instant below is derived by hand.
 */
class ObligationsTopologyTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    TopologyHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    /** A local time in Shanghai. */
    static Instant sh(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    /** The escalation id SPEC section 9 gives: the name-based UUID of occurrence|type|clock|detail. */
    static String id(String occurrence, EscalationType type, String detail) {
        return UUID.nameUUIDFromBytes((occurrence + "|" + type + "||" + detail).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static Site school4(Instant acceptedAt) {
        return Site.newBuilder().setSiteId("school-4").setName("No. 4 Middle School").setContractId("seed-004")
                .setAcceptedAt(acceptedAt.toEpochMilli()).build();
    }

    static ServiceVisit completed(String visitId, VisitKind kind, VisitMode mode, Instant at) {
        return ServiceVisit.newBuilder().setVisitId(visitId).setSiteId("school-4").setKind(kind).setType(VisitType.COMPLETED)
                .setMode(mode).setTimestamp(at.toEpochMilli()).setEngineers(List.of("eng-1")).build();
    }

    /** Moves the wall clock to {@code at} plus a second (a verdict at {@code at} is given once the watermark is past it). */
    void after(Instant at) {
        h.jumpTo(at.plusSeconds(1));
    }

    void checkObligation(Escalation e, EscalationType type, String obligation, String firstDay, Instant periodStart, Instant periodEnd,
                         Instant at, int tier) {
        String occurrence = "school-4|" + obligation + "|" + firstDay;
        assertEquals(type, e.getType(), e.toString());
        assertEquals(id(occurrence, type, ""), e.getEscalationId(), occurrence + " " + type);
        assertEquals(obligation, e.getObligationId());
        assertEquals(periodStart.toEpochMilli(), e.getPeriodStart(), occurrence + " starts");
        assertEquals(periodEnd.toEpochMilli(), e.getPeriodEnd(), occurrence + " ends");
        assertEquals(periodEnd.toEpochMilli(), e.getDeadline(), "DUE_SOON and MISSED: the deadline is the period's end");
        assertEquals(at.toEpochMilli(), e.getAt(), occurrence + " " + type + " at");
        assertEquals(tier, e.getTier());
        assertEquals("school-4", e.getSiteId());
        assertNull(e.getTicketId());
        assertEquals("seed-004", e.getContractId());
        assertEquals(1, e.getContractVersion(), "judged by the version in force at the period's start: the policies file's");
    }

    List<Escalation> escalations() {
        return h.escalations.readValuesToList();
    }

    @Test
    void aSeed004SchoolThroughTwoQuarters() {
        // Accepted (and live: inServiceAt null) on Tuesday 2026-02-10 10:00, mid Q1. Warranty 1 year: to 2027-02-10 10:00.
        Instant accepted = sh("2026-02-10T10:00");
        h = new TopologyHarness(accepted, Map.of("health.check-interval", "1m"));
        h.site(school4(accepted));
        // The occurrences opened: inspection Q1 [02-10 10:00, 04-01 00:00) (clipped at go-live); return-visit Q1 from go-live
        // + 1 month [03-10 10:00, 04-01 00:00); maintenance, the contract year [02-10 10:00, 2027-02-10 10:00).
        Instant q1End = sh("2026-04-01T00:00");

        // Thursday 03-12 10:00: the inspection, on site: inspection Q1 is met.
        h.jumpTo(sh("2026-03-12T10:00"));
        h.visit(completed("in-1", VisitKind.INSPECTION, VisitMode.ON_SITE, h.now()));
        assertTrue(escalations().isEmpty());

        // Monday 03-16 12:00, a working day, but between 11:30 and 14:50: the phone return visit does not count.
        Instant phoneAt = sh("2026-03-16T12:00");
        h.jumpTo(phoneAt);
        h.visit(completed("rv-1", VisitKind.RETURN_VISIT, VisitMode.PHONE, phoneAt));
        List<Escalation> outOfHours = escalations();
        assertEquals(1, outOfHours.size(), outOfHours.toString());
        Escalation ooh = outOfHours.get(0);
        assertEquals(EscalationType.VISIT_OUT_OF_HOURS, ooh.getType());
        assertEquals(id("school-4|return-visit|2026-03-10", EscalationType.VISIT_OUT_OF_HOURS, "rv-1"), ooh.getEscalationId());
        assertEquals(phoneAt.toEpochMilli(), ooh.getAt());
        assertEquals(1, ooh.getTier());
        assertNull(ooh.getDeadline());
        assertEquals("return-visit", ooh.getObligationId());
        assertEquals(sh("2026-03-10T10:00").toEpochMilli(), ooh.getPeriodStart());

        // Due soon 10 working days (90 working hours) before Wednesday 04-01 00:00, counted back over Tue 03-31, Mon 03-30,
        // Fri 03-27, Thu 03-26, Wed 03-25, Tue 03-24, Mon 03-23, Fri 03-20, Thu 03-19, Wed 03-18 (no holiday in March): 09:00
        // on Wednesday 03-18. The inspection is met by then: only the return visit (nothing counted) is due soon.
        Instant q1DueSoon = sh("2026-03-18T09:00");
        after(q1DueSoon.minusSeconds(2));
        assertTrue(escalations().isEmpty(), "not before its time");
        after(q1DueSoon);
        List<Escalation> dueSoon = escalations();
        assertEquals(1, dueSoon.size(), dueSoon.toString());
        checkObligation(dueSoon.get(0), EscalationType.OBLIGATION_DUE_SOON, "return-visit", "2026-03-10", sh("2026-03-10T10:00"), q1End, q1DueSoon, 1);

        // Friday 03-20 15:00, inside 14:50-17:00: the on-site half. Without a phone call in the hours the quarter is still not met.
        h.jumpTo(sh("2026-03-20T15:00"));
        h.visit(completed("rv-2", VisitKind.RETURN_VISIT, VisitMode.ON_SITE, h.now()));
        assertTrue(escalations().isEmpty());

        // Q1's end, 04-01 00:00: the return visit is missed (the phone half never counted); the inspection is not.
        after(q1End);
        List<Escalation> q1 = escalations();
        assertEquals(1, q1.size(), q1.toString());
        checkObligation(q1.get(0), EscalationType.OBLIGATION_MISSED, "return-visit", "2026-03-10", sh("2026-03-10T10:00"), q1End, q1End, 2);

        // Q2 [04-01 00:00, 07-01 00:00): no visit at all. Due soon 90 working hours before Wednesday 07-01 00:00: Tue 06-30,
        // Mon 06-29, Fri 06-26, Thu 06-25, Wed 06-24, Tue 06-23, Mon 06-22 (7 days); Fri 06-19 is 端午 (Sat 06-20, Sun 06-21
        // too); Thu 06-18, Wed 06-17, Tue 06-16: 09:00 on Tuesday 06-16, for both quarterly obligations.
        Instant q2Start = q1End;
        Instant q2End = sh("2026-07-01T00:00");
        Instant q2DueSoon = sh("2026-06-16T09:00");
        after(q2DueSoon.minusSeconds(2));
        assertTrue(escalations().isEmpty(), "not before its time");
        after(q2DueSoon);
        List<Escalation> q2Soon = escalations();
        assertEquals(2, q2Soon.size(), q2Soon.toString());
        checkObligation(q2Soon.get(0), EscalationType.OBLIGATION_DUE_SOON, "inspection", "2026-04-01", q2Start, q2End, q2DueSoon, 1);
        checkObligation(q2Soon.get(1), EscalationType.OBLIGATION_DUE_SOON, "return-visit", "2026-04-01", q2Start, q2End, q2DueSoon, 1);

        after(q2End);
        List<Escalation> q2 = escalations();
        assertEquals(2, q2.size(), q2.toString());
        checkObligation(q2.get(0), EscalationType.OBLIGATION_MISSED, "inspection", "2026-04-01", q2Start, q2End, q2End, 2);
        checkObligation(q2.get(1), EscalationType.OBLIGATION_MISSED, "return-visit", "2026-04-01", q2Start, q2End, q2End, 2);

        // Exactly once: the site's record written again (same contract, same dates) opens nothing twice, and the quarter's
        // timers are gone. Q3's due-soon is 09-xx: nothing before mid-September.
        h.site(school4(accepted));
        h.visit(completed("rv-1", VisitKind.RETURN_VISIT, VisitMode.PHONE, phoneAt)); // the same step again: heard already
        after(sh("2026-08-31T00:00"));
        assertTrue(escalations().isEmpty(), "nothing twice");
        assertTrue(h.deadLetters.readRecordsToList().isEmpty());
    }

    @Test
    void aLateVisitInsideThePeriodCountsWhenReadBeforeTheVerdictsWatermark() {
        Instant accepted = sh("2026-02-10T10:00");
        HeldWatermark input = new HeldWatermark();
        h = new TopologyHarness(accepted, Map.of("health.check-interval", "1m"), input);
        h.site(school4(accepted));
        // An input partition lags: read up to Tuesday 03-31 23:00 only, an hour before Q1 ends (04-01 00:00).
        input.holdAt(sh("2026-03-31T23:00").toEpochMilli());
        Instant q1End = sh("2026-04-01T00:00");
        h.jumpTo(q1End.plusSeconds(30 * 60));
        // The due-soon of 03-18 09:00 was judged (nothing done by then); the end is not: the input is not read past it.
        List<String> soFar = escalations().stream().map(e -> e.getType() + " " + e.getObligationId()).toList();
        assertEquals(List.of("OBLIGATION_DUE_SOON inspection", "OBLIGATION_DUE_SOON return-visit"), soFar);
        // The inspection of Tuesday 03-31 15:00 comes in late, at 00:30, before the verdict.
        h.visit(completed("in-late", VisitKind.INSPECTION, VisitMode.ON_SITE, sh("2026-03-31T15:00")));
        input.release();
        h.jumpTo(q1End.plusSeconds(32 * 60)); // the next tick, a check interval (1m) or more later

        List<String> verdicts = escalations().stream().map(e -> e.getType() + " " + e.getObligationId()).toList();
        assertEquals(List.of("OBLIGATION_MISSED return-visit"), verdicts, "the inspection is met by the visit read before its verdict");
        // A return visit inside Q1 read after its verdict does not take the published MISSED back, and raises nothing.
        h.visit(completed("rv-late", VisitKind.RETURN_VISIT, VisitMode.ON_SITE, sh("2026-03-31T10:00")));
        h.jumpTo(q1End.plusSeconds(3600));
        assertTrue(escalations().isEmpty());
    }

    @Test
    void aVisitOfASiteNotInTheRegistryIsADeadLetterAndProcessingGoesOn() {
        Instant now = sh("2026-03-16T10:00");
        h = new TopologyHarness(now, Map.of("health.check-interval", "1m"));
        h.visit(completed("rv-9", VisitKind.RETURN_VISIT, VisitMode.PHONE, now));
        var letters = h.deadLetters.readRecordsToList();
        assertEquals(1, letters.size());
        TestRecord<byte[], byte[]> letter = letters.get(0);
        assertEquals("school-4", new String(letter.key(), StandardCharsets.UTF_8));
        String reason = new String(letter.headers().lastHeader(DeadLetters.HEADER_MESSAGE).value(), StandardCharsets.UTF_8);
        assertEquals("visit rv-9 COMPLETED: site school-4 is not in site-registry", reason);
        assertEquals("service-visits", new String(letter.headers().lastHeader(DeadLetters.HEADER_TOPIC).value(), StandardCharsets.UTF_8));
        // a visit more than the lateness bound ahead of the clock: refused where it is read
        h.visit(completed("rv-10", VisitKind.RETURN_VISIT, VisitMode.PHONE, now.plusSeconds(30 * 24 * 3600)));
        assertEquals(1, h.deadLetters.readRecordsToList().size());
        // a site's record naming no known contract is refused where it is read
        h.site(Site.newBuilder(school4(sh("2026-02-10T10:00"))).setContractId("seed-999").build());
        var refused = h.deadLetters.readRecordsToList();
        assertEquals(1, refused.size());
        assertEquals("site school-4 names contract 'seed-999', which is not known",
                new String(refused.get(0).headers().lastHeader(DeadLetters.HEADER_MESSAGE).value(), StandardCharsets.UTF_8));
        h.visit(completed("rv-10", VisitKind.RETURN_VISIT, VisitMode.PHONE, now));
        assertEquals(1, h.deadLetters.readRecordsToList().size(), "still not in the registry");
        // the site registered, its visits are heard
        h.site(school4(sh("2026-02-10T10:00")));
        h.visit(completed("rv-11", VisitKind.RETURN_VISIT, VisitMode.PHONE, now));
        assertTrue(h.deadLetters.readRecordsToList().isEmpty());
    }
}
