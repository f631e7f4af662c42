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
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static com.schoolops.sla.obligations.Seeds.id;
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
        // Meanwhile the maintenance year [02-10 10:00, 2027-02-10 10:00) has had no visit: at its first quarter's end,
        // Sunday 05-10 10:00 (3 months after the year's start), 0 of ceil(1 × 4 / 4) = 1: OBLIGATION_BEHIND Q1.
        Instant maintenanceYearEnd = sh("2027-02-10T10:00");
        after(sh("2026-05-10T10:00"));
        List<Escalation> behind1 = escalations();
        assertEquals(1, behind1.size(), behind1.toString());
        checkBehind(behind1.get(0), "Q1", sh("2026-05-10T10:00"), accepted, maintenanceYearEnd);
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
        // Monday 08-10 10:00, the maintenance year's second quarter ends: 0 of 2, OBLIGATION_BEHIND Q2, once.
        after(sh("2026-08-10T10:00"));
        List<Escalation> behind2 = escalations();
        assertEquals(1, behind2.size(), behind2.toString());
        checkBehind(behind2.get(0), "Q2", sh("2026-08-10T10:00"), accepted, maintenanceYearEnd);
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

    /** The escalations about one obligation (the school's others run beside it), read off the topic. */
    List<Escalation> escalationsOf(String obligation) {
        return escalations().stream().filter(e -> obligation.equals(e.getObligationId())).toList();
    }

    static ServiceVisit step(String visitId, VisitKind kind, VisitType type, Instant at) {
        return ServiceVisit.newBuilder().setVisitId(visitId).setSiteId("school-4").setKind(kind).setType(type)
                .setTimestamp(at.toEpochMilli()).setEngineers(List.of("eng-1")).build();
    }

    static void checkRecordLate(Escalation e, String visitId, Instant due, Instant periodStart, Instant periodEnd) {
        assertEquals(EscalationType.VISIT_RECORD_LATE, e.getType(), e.toString());
        assertEquals(id("school-4|inspection|2026-02-10", EscalationType.VISIT_RECORD_LATE, visitId), e.getEscalationId());
        assertEquals("inspection", e.getObligationId());
        assertEquals(due.toEpochMilli(), e.getAt(), visitId + " at its record's due");
        assertEquals(due.toEpochMilli(), e.getDeadline(), "the record's due");
        assertEquals(periodStart.toEpochMilli(), e.getPeriodStart());
        assertEquals(periodEnd.toEpochMilli(), e.getPeriodEnd());
        assertEquals(1, e.getTier());
        assertEquals("district-records", e.getContractId());
        assertEquals("school-4", e.getSiteId());
        assertNull(e.getTicketId());
    }

    @Test
    void aVisitWhoseRecordIsNotInWithinItsRecordTimeIsRecordLateOnce() throws Exception {
        // No bundled obligation asks for a record: the test policies file's district-records asks for the inspection's
        // within "3d working" (27 working hours of cn-default's 09:00-18:00) of its COMPLETED; its quarter is met by any.
        String policies = Path.of(getClass().getResource("/policies/inspection-records.json").toURI()).toString();
        Instant accepted = sh("2026-02-10T10:00");
        HeldWatermark input = new HeldWatermark();
        h = new TopologyHarness(accepted, Map.of("health.check-interval", "1m", "sla.policies", policies), input);
        h.site(Site.newBuilder(school4(accepted)).setContractId("district-records").build());
        // Inspection Q1 [02-10 10:00, 04-01 00:00), clipped at go-live.
        Instant q1Start = accepted;
        Instant q1End = sh("2026-04-01T00:00");

        // Thursday 03-12 10:00, in-1, no record ever: Thu 8h + Fri 03-13 9h + Mon 03-16 9h + Tue 03-17 1h: due Tue 03-17 10:00.
        h.jumpTo(sh("2026-03-12T10:00"));
        h.visit(completed("in-1", VisitKind.INSPECTION, VisitMode.ON_SITE, h.now()));
        // Friday 03-13 15:00, in-2: Fri 3h + Mon 9h + Tue 9h + Wed 03-18 6h: due Wed 03-18 15:00.
        h.jumpTo(sh("2026-03-13T15:00"));
        h.visit(completed("in-2", VisitKind.INSPECTION, VisitMode.ON_SITE, h.now()));
        assertTrue(escalations().isEmpty(), "the quarter is met; no record is due yet");

        Instant in1Due = sh("2026-03-17T10:00");
        after(in1Due.minusSeconds(2));
        assertTrue(escalations().isEmpty(), "not before its time");
        after(in1Due);
        List<Escalation> late = escalations();
        assertEquals(1, late.size(), late.toString());
        checkRecordLate(late.get(0), "in-1", in1Due, q1Start, q1End);

        // in-2's record is handed in at Wednesday 03-18 14:30, half an hour before its due, but read only at 15:30 while
        // the input is held at 14:00: it is read before the verdict's watermark passes 15:00, so nothing is late.
        Instant in2Due = sh("2026-03-18T15:00");
        input.holdAt(sh("2026-03-18T14:00").toEpochMilli());
        h.jumpTo(in2Due.plusSeconds(30 * 60));
        h.visit(step("in-2", VisitKind.INSPECTION, VisitType.RECORD_SUBMITTED, sh("2026-03-18T14:30")));
        input.release();
        h.jumpTo(in2Due.plusSeconds(32 * 60));
        assertTrue(escalations().isEmpty(), "in-2's record was in by its due");

        // Tuesday 03-31 16:00, in-3, Q1's last working day: Tue 2h + Wed 04-01 9h + Thu 04-02 9h + Fri 04-03 7h (04-04..06
        // are 清明): due Friday 04-03 16:00, after Q1 closed at 04-01 00:00 (met: no MISSED). It is still Q1's.
        h.jumpTo(sh("2026-03-31T16:00"));
        h.visit(completed("in-3", VisitKind.INSPECTION, VisitMode.ON_SITE, h.now()));
        after(q1End);
        assertTrue(escalations().isEmpty(), "Q1 met");
        Instant in3Due = sh("2026-04-03T16:00");
        after(in3Due.minusSeconds(2));
        assertTrue(escalations().isEmpty(), "not before its time");
        after(in3Due);
        List<Escalation> afterClose = escalations();
        assertEquals(1, afterClose.size(), afterClose.toString());
        checkRecordLate(afterClose.get(0), "in-3", in3Due, q1Start, q1End);

        // Exactly once: the COMPLETED again is heard already, a record handed in now takes nothing back.
        h.visit(completed("in-3", VisitKind.INSPECTION, VisitMode.ON_SITE, sh("2026-03-31T16:00")));
        h.visit(step("in-3", VisitKind.INSPECTION, VisitType.RECORD_SUBMITTED, h.now()));
        after(sh("2026-04-30T00:00"));
        assertTrue(escalations().isEmpty(), "nothing twice");
        assertTrue(h.deadLetters.readRecordsToList().isEmpty());
    }

    @Test
    void aMaintenanceYearWithThreeVisitsIsBehindInQuartersTwoAndThreeAndMissedAtItsEnd() {
        // seed-004's maintenance: 4 per contract year, in warranty. Accepted (and live) Tuesday 2026-02-10 10:00: one
        // occurrence [2026-02-10 10:00, 2027-02-10 10:00) (the warranty's end is the year's), id school-4|maintenance|2026-02-10.
        // Its quarters end 3, 6 and 9 months after the year's start: 05-10 10:00 (needs ceil(1 × 4 / 4) = 1), 08-10 10:00
        // (needs 2), 11-10 10:00 (needs 3).
        Instant accepted = sh("2026-02-10T10:00");
        Instant yearEnd = sh("2027-02-10T10:00");
        h = new TopologyHarness(accepted, Map.of("health.check-interval", "1m"));
        h.site(school4(accepted));

        // Monday 04-20 10:00, mv-1: Q1 has its one.
        h.jumpTo(sh("2026-04-20T10:00"));
        h.visit(completed("mv-1", VisitKind.MAINTENANCE_VISIT, VisitMode.ON_SITE, h.now()));
        after(sh("2026-05-10T10:00"));
        assertTrue(escalationsOf("maintenance").isEmpty(), "Q1: 1 of 1");

        // Q2's end, Monday 08-10 10:00: still mv-1 alone, 1 of 2.
        Instant q2 = sh("2026-08-10T10:00");
        after(q2.minusSeconds(2));
        assertTrue(escalationsOf("maintenance").isEmpty(), "not before its time");
        after(q2);
        List<Escalation> behind2 = escalationsOf("maintenance");
        assertEquals(1, behind2.size(), behind2.toString());
        checkBehind(behind2.get(0), "Q2", q2, accepted, yearEnd);

        // Tuesday 09-15 10:00, mv-2; Q3's end, Tuesday 11-10 10:00: 2 of 3.
        h.jumpTo(sh("2026-09-15T10:00"));
        h.visit(completed("mv-2", VisitKind.MAINTENANCE_VISIT, VisitMode.ON_SITE, h.now()));
        Instant q3 = sh("2026-11-10T10:00");
        after(q3);
        List<Escalation> behind3 = escalationsOf("maintenance");
        assertEquals(1, behind3.size(), behind3.toString());
        checkBehind(behind3.get(0), "Q3", q3, accepted, yearEnd);

        // Tuesday 12-01 10:00, mv-3. The year ends 2027-02-10 10:00 with 3 of 4: no BEHIND for the fourth quarter (it ends
        // with the period), OBLIGATION_MISSED. Its due-soon, 10 working days (90 h) before: Wed 02-10 1h, Tue 02-09, Mon
        // 02-08, Fri 02-05, Thu 02-04, Wed 02-03, Tue 02-02, Mon 02-01, Fri 01-29, Thu 01-28 (82 h; cn-default lists no
        // 2027 holidays), 8 h of Wed 01-27: 10:00 on Wednesday 2027-01-27.
        h.jumpTo(sh("2026-12-01T10:00"));
        h.visit(completed("mv-3", VisitKind.MAINTENANCE_VISIT, VisitMode.ON_SITE, h.now()));
        Instant dueSoon = sh("2027-01-27T10:00");
        after(dueSoon);
        List<Escalation> soon = escalationsOf("maintenance");
        assertEquals(1, soon.size(), soon.toString());
        checkObligation(soon.get(0), EscalationType.OBLIGATION_DUE_SOON, "maintenance", "2026-02-10", accepted, yearEnd, dueSoon, 1);
        after(yearEnd);
        List<Escalation> missed = escalationsOf("maintenance");
        assertEquals(1, missed.size(), missed.toString());
        checkObligation(missed.get(0), EscalationType.OBLIGATION_MISSED, "maintenance", "2026-02-10", accepted, yearEnd, yearEnd, 2);

        // Out of warranty there is no next year; the site's record again opens nothing twice.
        h.site(school4(accepted));
        after(sh("2027-06-01T00:00"));
        assertTrue(escalationsOf("maintenance").isEmpty(), "nothing twice, nothing after the warranty");
    }

    @Test
    void aSchoolRegisteredMidYearIsNotBehindForTheQuartersBeforeItsRecordWasRead() {
        // The same maintenance year (accepted 2026-02-10 10:00), but the school comes under the product's watch only on
        // Tuesday 2026-09-01 10:00: its visits before then are not known yet (they may be entered after), so the
        // checkpoints already past (Q1 05-10, Q2 08-10) are not judged; Q3's (11-10 10:00, needs 3) is, with mv-1
        // entered afterwards, stamped in April: 1 of 3.
        Instant accepted = sh("2026-02-10T10:00");
        Instant registered = sh("2026-09-01T10:00");
        h = new TopologyHarness(registered, Map.of("health.check-interval", "1m"));
        h.site(school4(accepted));
        h.jumpTo(registered.plusSeconds(3600));
        assertTrue(escalationsOf("maintenance").isEmpty(), "Q1 and Q2 ended before the school's record was read");
        h.visit(completed("mv-1", VisitKind.MAINTENANCE_VISIT, VisitMode.ON_SITE, sh("2026-04-20T10:00")));
        Instant q3 = sh("2026-11-10T10:00");
        after(q3);
        List<Escalation> behind3 = escalationsOf("maintenance");
        assertEquals(1, behind3.size(), behind3.toString());
        checkBehind(behind3.get(0), "Q3", q3, accepted, sh("2027-02-10T10:00"));
    }

    @Test
    void aSchoolRegisteredAtAcceptanceWithItsGoLiveAheadIsTakenOnAndItsFirstPeriodsStartThen() {
        // Accepted Tuesday 2026-02-10 10:00 and registered then, going live Monday 03-02 09:00: the record is not refused
        // as a time ahead of the clock (a planned go-live is not a clock reading). The inspection's first period is
        // [03-02 09:00, 04-01 00:00), due soon Wednesday 03-18 09:00 (as above), id school-4|inspection|2026-03-02.
        Instant accepted = sh("2026-02-10T10:00");
        Instant goLive = sh("2026-03-02T09:00");
        h = new TopologyHarness(accepted, Map.of("health.check-interval", "1m"));
        h.site(Site.newBuilder(school4(accepted)).setInServiceAt(goLive.toEpochMilli()).build());
        assertTrue(h.deadLetters.readRecordsToList().isEmpty(), "a go-live ahead is not refused");
        // but one written in seconds (1970) or past the calendar's horizon (input.calendar-horizon, 5 years) is
        h.site(Site.newBuilder(school4(accepted)).setSiteId("school-5").setInServiceAt(goLive.getEpochSecond()).build());
        h.site(Site.newBuilder(school4(accepted)).setSiteId("school-6").setInServiceAt(goLive.plus(java.time.Duration.ofDays(6 * 366)).toEpochMilli()).build());
        List<String> refused = h.deadLetters.readRecordsToList().stream()
                .map(r -> new String(r.headers().lastHeader(DeadLetters.HEADER_MESSAGE).value(), StandardCharsets.UTF_8)).toList();
        assertEquals(2, refused.size(), refused.toString());
        assertTrue(refused.get(0).startsWith("site school-5's inServiceAt is 1970-01-21T") && refused.get(0).endsWith("seconds instead of milliseconds?"), refused.get(0));
        assertTrue(refused.get(1).startsWith("site school-6's inServiceAt is 2032-") && refused.get(1).endsWith("ahead (input.calendar-horizon)"), refused.get(1));
        Instant dueSoon = sh("2026-03-18T09:00");
        after(dueSoon);
        List<Escalation> inspection = escalationsOf("inspection");
        assertEquals(1, inspection.size(), inspection.toString());
        checkObligation(inspection.get(0), EscalationType.OBLIGATION_DUE_SOON, "inspection", "2026-03-02", goLive, sh("2026-04-01T00:00"), dueSoon, 1);
    }

    @Test
    void anObligationANewContractVersionAddsIsOpenedAtTheSitesNextPeriodClose() {
        // seed-004's school accepted 2026-02-10 10:00. On Monday 03-16 a version 2 of seed-004 adds a quarterly survey,
        // in force from then. The site's record is not written again: the survey's period is opened at the site's next
        // close (the inspection's quarter, Wednesday 04-01 00:00), the second quarter [04-01, 07-01), id
        // school-4|survey|2026-04-01; with no survey done it is MISSED at 07-01 00:00.
        Instant accepted = sh("2026-02-10T10:00");
        h = new TopologyHarness(accepted, Map.of("health.check-interval", "1m"));
        h.site(school4(accepted));
        h.jumpTo(sh("2026-03-16T10:00"));
        com.fasterxml.jackson.databind.node.ObjectNode v2 = Seeds.POLICIES.documents().stream().filter(d -> d.id().equals("seed-004"))
                .findFirst().orElseThrow().json().deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) v2.path("obligations")).addObject().put("id", "survey").put("kind", "SURVEY")
                .put("every", "QUARTER").put("phase", "ALWAYS");
        h.contract(com.schoolops.sla.avro.ContractKind.CONTRACT, "seed-004", null, v2.toString());
        Instant q2End = sh("2026-07-01T00:00");
        after(sh("2026-04-01T00:00"));
        assertTrue(escalationsOf("survey").isEmpty());
        after(q2End);
        List<Escalation> survey = escalationsOf("survey");
        assertEquals(List.of(EscalationType.OBLIGATION_DUE_SOON, EscalationType.OBLIGATION_MISSED), survey.stream().map(Escalation::getType).toList(),
                survey.toString());
        Escalation missed = survey.get(1);
        assertEquals(id("school-4|survey|2026-04-01", EscalationType.OBLIGATION_MISSED, ""), missed.getEscalationId());
        assertEquals(sh("2026-04-01T00:00").toEpochMilli(), missed.getPeriodStart());
        assertEquals(q2End.toEpochMilli(), missed.getPeriodEnd());
        assertEquals(2, missed.getContractVersion(), "judged by the version in force at the period's start");
    }

    void checkBehind(Escalation e, String quarter, Instant at, Instant periodStart, Instant periodEnd) {
        assertEquals(EscalationType.OBLIGATION_BEHIND, e.getType(), e.toString());
        assertEquals(id("school-4|maintenance|2026-02-10", EscalationType.OBLIGATION_BEHIND, quarter), e.getEscalationId(), quarter);
        assertEquals(at.toEpochMilli(), e.getAt(), quarter + " at the quarter's end");
        assertEquals(periodEnd.toEpochMilli(), e.getDeadline(), "the year's end");
        assertEquals(periodStart.toEpochMilli(), e.getPeriodStart());
        assertEquals(periodEnd.toEpochMilli(), e.getPeriodEnd());
        assertEquals(1, e.getTier());
        assertEquals("seed-004", e.getContractId());
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
