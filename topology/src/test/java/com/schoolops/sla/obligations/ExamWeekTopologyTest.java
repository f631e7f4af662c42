package com.schoolops.sla.obligations;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.ScheduleWindow;
import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.Site;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.VisitKind;
import com.schoolops.sla.avro.VisitMode;
import com.schoolops.sla.avro.VisitType;
import com.schoolops.sla.avro.WindowKind;
import com.schoolops.sla.testing.TopologyHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static com.schoolops.sla.obligations.Seeds.sh;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 36 on the real topology: an exam week at three seed-003 schools (pre-check 7 working days ahead, 2 engineers
 * on standby), on cn-default with the State Council's 2026 calendar: 劳动节 Fri 05-01 to Tue 05-05 off, Sat 05-09 worked.
 * A working day is 09:00–18:00. The exam: Wednesday 2026-05-13, 09:00 to 17:00. Every instant is derived by hand.
 */
class ExamWeekTopologyTest {
    static final EnumSet<EscalationType> EXAM_DAY = EnumSet.of(EscalationType.PRECHECK_DUE_SOON, EscalationType.PRECHECK_MISSED,
            EscalationType.EVENT_NOTICE_SHORT, EscalationType.STANDBY_SHORTFALL);
    static final Instant START = sh("2026-05-13T09:00");
    static final Instant END = sh("2026-05-13T17:00");
    // The pre-check deadline, 7 working days (63 h) back from Wed 05-13 09:00: Tue 05-12, Mon 05-11, Sat 05-09 (a make-up
    // working day), Fri 05-08, Thu 05-07, Wed 05-06 (6 days); Tue 05-05 to Fri 05-01 off; Thu 04-30 (7): its 09:00.
    static final Instant DEADLINE = sh("2026-04-30T09:00");
    // PRECHECK_DUE_SOON 2 working days (18 h) before it: Wed 04-29 and Tue 04-28: Tuesday 04-28 09:00.
    static final Instant DUE_SOON = sh("2026-04-28T09:00");

    TopologyHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void anExamWeekAtThreeSchools() {
        // Published Monday 04-27 09:00: 10 working days ahead (the 7 above, then Wed 04-29, Tue 04-28, Mon 04-27: 90 h),
        // across Labour Day. school-a and school-b learn of it then; school-c's window is published only on Friday
        // 05-08 10:00, after the deadline.
        Instant published = sh("2026-04-27T09:00");
        h = new TopologyHarness(published.minusSeconds(3600), Map.of("health.check-interval", "1m"));
        for (String school : List.of("school-a", "school-b", "school-c")) {
            h.site(Site.newBuilder().setSiteId(school).setContractId("seed-003").setAcceptedAt(sh("2026-02-02T10:00").toEpochMilli()).build());
        }
        h.jumpTo(published);
        h.schedule(exam("school-a"));
        h.schedule(exam("school-b"));

        // school-a's pre-check: Monday 04-27 15:00, before the due-soon: nothing about it, ever.
        h.jumpTo(sh("2026-04-27T15:00"));
        h.visit(step("pc-a", "school-a", VisitKind.PRECHECK, VisitType.COMPLETED, h.now(), "eng-1"));
        after(DUE_SOON.minusSeconds(2));
        assertEquals(List.of(), examDay(), "nothing before the due-soon");

        // school-b does none: PRECHECK_DUE_SOON at 04-28 09:00, PRECHECK_MISSED at 04-30 09:00, deadline 04-30 09:00 both.
        after(DUE_SOON);
        List<Escalation> soon = examDay();
        assertEquals(1, soon.size(), soon.toString());
        check(soon.get(0), "school-b", EscalationType.PRECHECK_DUE_SOON, null, DUE_SOON, DEADLINE, 1);
        after(DEADLINE);
        List<Escalation> missed = examDay();
        assertEquals(1, missed.size(), missed.toString());
        check(missed.get(0), "school-b", EscalationType.PRECHECK_MISSED, null, DEADLINE, DEADLINE, 2);
        // A pre-check after its deadline does not take it back, and nothing comes twice.
        h.visit(step("pc-b", "school-b", VisitKind.PRECHECK, VisitType.COMPLETED, h.now(), "eng-2"));

        // school-c's window, published Friday 05-08 10:00, after the deadline: EVENT_NOTICE_SHORT at once, with the deadline
        // it could not meet; then neither due soon nor missed.
        h.jumpTo(sh("2026-05-08T10:00"));
        h.schedule(exam("school-c"));
        List<Escalation> notice = examDay();
        assertEquals(1, notice.size(), notice.toString());
        check(notice.get(0), "school-c", EscalationType.EVENT_NOTICE_SHORT, null, sh("2026-05-08T10:00"), DEADLINE, 1);

        // The exam day. school-a: eng-1 checks in at 08:30, eng-2 only at 09:20 (20 minutes late), eng-1 leaves at 12:00,
        // eng-3 comes at 12:30. school-b and school-c: nobody.
        h.jumpTo(sh("2026-05-13T08:30"));
        h.visit(step("sb-1", "school-a", VisitKind.STANDBY, VisitType.CHECK_IN, h.now(), "eng-1"));
        after(START.minusSeconds(2));
        assertEquals(List.of(), examDay(), "not before the start");
        // At 09:00: school-a has 1 of 2, school-b and school-c 0 of 2: a STANDBY_SHORTFALL each, at the start (tier 3).
        after(START);
        List<Escalation> atStart = examDay();
        assertEquals(3, atStart.size(), atStart.toString());
        check(find(atStart, "school-a"), "school-a", EscalationType.STANDBY_SHORTFALL, START.toEpochMilli(), START, null, 3);
        check(find(atStart, "school-b"), "school-b", EscalationType.STANDBY_SHORTFALL, START.toEpochMilli(), START, null, 3);
        check(find(atStart, "school-c"), "school-c", EscalationType.STANDBY_SHORTFALL, START.toEpochMilli(), START, null, 3);
        assertTrue(find(atStart, "school-a").getMessage().contains("1 engineer(s) on standby at 2026-05-13 09:00"), find(atStart, "school-a").getMessage());

        // 09:20, eng-2: two, recovered. 12:00, eng-1 leaves: a drop, STANDBY_SHORTFALL at 12:00. 12:30, eng-3: two again.
        h.jumpTo(sh("2026-05-13T09:20"));
        h.visit(step("sb-2", "school-a", VisitKind.STANDBY, VisitType.CHECK_IN, h.now(), "eng-2"));
        Instant leaves = sh("2026-05-13T12:00");
        h.jumpTo(leaves);
        h.visit(step("sb-3", "school-a", VisitKind.STANDBY, VisitType.CHECK_OUT, h.now(), "eng-1"));
        after(leaves.minusSeconds(2));
        assertEquals(List.of(), examDay(), "09:20 brought the count back to two: no drop before 12:00");
        // Judged once the inputs are known read past 12:00: the readers' next mark, at their next tick (every minute here).
        h.advanceTo(leaves.plusSeconds(61));
        List<Escalation> drop = examDay();
        assertEquals(1, drop.size(), drop.toString());
        check(drop.get(0), "school-a", EscalationType.STANDBY_SHORTFALL, leaves.toEpochMilli(), leaves, null, 3);
        h.jumpTo(sh("2026-05-13T12:30"));
        h.visit(step("sb-4", "school-a", VisitKind.STANDBY, VisitType.CHECK_IN, h.now(), "eng-3"));

        // To the window's end and a day on: nothing more, and the readiness is gone with the window.
        after(END.plusSeconds(24 * 3600));
        assertEquals(List.of(), examDay(), "nothing twice, nothing after");
        assertEquals(0, h.entries("major-event-store"), "the events are dropped at their end");
    }

    @Test
    void aWindowCalledOffBeforeItsDueSoonRaisesNothing() {
        Instant published = sh("2026-04-27T09:00");
        h = new TopologyHarness(published, Map.of("health.check-interval", "1m"));
        h.site(Site.newBuilder().setSiteId("school-a").setContractId("seed-003").setAcceptedAt(sh("2026-02-02T10:00").toEpochMilli()).build());
        h.schedule(exam("school-a"));
        // Tuesday 04-28 08:00, the exam is called off (a schedule with no window): no due-soon at 09:00, no missed, no standby.
        h.jumpTo(sh("2026-04-28T08:00"));
        h.schedule(SiteSchedule.newBuilder().setSiteId("school-a").setWindows(List.of()).build());
        after(END);
        assertEquals(List.of(), examDay());
        assertEquals(0, h.entries("major-event-store"));
    }

    @Test
    void anExamMovedADayLaterKeepsItsPrecheckAndOneCalledOffAndPutBackSaysNothingTwice() {
        // Published 04-27 09:00, pre-checked 04-27 15:00. On Wednesday 04-29 10:00 the exam moves to Thursday 05-14 09:00
        // (one record: the old window gone, the new one there): its deadline 7 working days back is Wed 05-06 09:00 (Thu
        // 05-13 .. Wed 05-06 with Sat 05-09 worked: 05-13, 05-12, 05-11, 05-09, 05-08, 05-07, 05-06), due soon Wed 04-29
        // 09:00 (Thu 04-30 and Wed 04-29 back from 05-06 over Labour Day). The moved exam keeps its first sighting
        // (04-27 09:00), so the 04-27 pre-check counts: nothing, neither at once nor at 05-06 09:00.
        h = new TopologyHarness(sh("2026-04-27T09:00"), Map.of("health.check-interval", "1m"));
        h.site(Site.newBuilder().setSiteId("school-a").setContractId("seed-003").setAcceptedAt(sh("2026-02-02T10:00").toEpochMilli()).build());
        h.schedule(exam("school-a"));
        h.jumpTo(sh("2026-04-27T15:00"));
        h.visit(step("pc-a", "school-a", VisitKind.PRECHECK, VisitType.COMPLETED, h.now(), "eng-1"));
        h.jumpTo(sh("2026-04-29T10:00"));
        Instant moved = sh("2026-05-14T09:00");
        h.schedule(window("school-a", moved, sh("2026-05-14T17:00")));
        after(sh("2026-05-06T09:00"));
        assertEquals(List.of(), examDay(), "the pre-check of 04-27 counts for the moved exam");

        // school-b comes on site-registry with its exam at 05-06 09:00:01, after the exam's pre-check deadline (04-30
        // 09:00): EVENT_NOTICE_SHORT once. Called off at 10:00 and put back at 11:00 with the same start: not said again.
        h.site(Site.newBuilder().setSiteId("school-b").setContractId("seed-003").setAcceptedAt(sh("2026-02-02T10:00").toEpochMilli()).build());
        h.schedule(exam("school-b"));
        List<Escalation> shortNotice = examDay();
        assertEquals(List.of(EscalationType.EVENT_NOTICE_SHORT), shortNotice.stream().map(Escalation::getType).toList());
        h.jumpTo(sh("2026-05-06T10:00"));
        h.schedule(SiteSchedule.newBuilder().setSiteId("school-b").setWindows(List.of()).build());
        h.jumpTo(sh("2026-05-06T11:00"));
        h.schedule(exam("school-b"));
        after(sh("2026-05-07T09:00"));
        assertEquals(List.of(), examDay(), "put back: nothing said twice");
    }

    @Test
    void anExamShortenedOrCalledOffOnTheDayJudgesNoStandbyAfterIt() {
        // school-a's exam is cut to 09:00-12:00 on the day before; school-b's is called off at 11:00 on the day. Both have
        // their two engineers at 08:30, who leave at 12:30: no STANDBY_SHORTFALL for either.
        h = new TopologyHarness(sh("2026-04-27T09:00"), Map.of("health.check-interval", "1m"));
        for (String school : List.of("school-a", "school-b")) {
            h.site(Site.newBuilder().setSiteId(school).setContractId("seed-003").setAcceptedAt(sh("2026-02-02T10:00").toEpochMilli()).build());
            h.schedule(exam(school));
            h.visit(step("pc-" + school, school, VisitKind.PRECHECK, VisitType.COMPLETED, h.now(), "eng-1"));
        }
        h.jumpTo(sh("2026-05-12T10:00"));
        h.schedule(window("school-a", START, sh("2026-05-13T12:00")));
        h.jumpTo(sh("2026-05-13T08:30"));
        for (String school : List.of("school-a", "school-b")) {
            h.visit(step("in-1-" + school, school, VisitKind.STANDBY, VisitType.CHECK_IN, h.now(), "eng-1"));
            h.visit(step("in-2-" + school, school, VisitKind.STANDBY, VisitType.CHECK_IN, h.now(), "eng-2"));
        }
        h.jumpTo(sh("2026-05-13T11:00"));
        h.schedule(SiteSchedule.newBuilder().setSiteId("school-b").setWindows(List.of()).build());
        h.jumpTo(sh("2026-05-13T12:30"));
        for (String school : List.of("school-a", "school-b")) {
            h.visit(step("out-1-" + school, school, VisitKind.STANDBY, VisitType.CHECK_OUT, h.now(), "eng-1"));
        }
        h.advanceTo(sh("2026-05-13T12:35"));
        after(END);
        assertEquals(List.of(), examDay(), "12:30 is after school-a's new end and school-b's exam was called off");
        after(END.plusSeconds(3600));
        assertEquals(0, h.entries("major-event-store"), "both gone at their ends");
    }

    @Test
    void engineersStationedOnSiteBeforeTheExamIsPublishedAreCountedAtItsStart() {
        // Two engineers are stationed at school-a (驻守) from Saturday 06-20, checked in then and never out. 21 survey
        // steps follow on 06-26. At 07-01 00:00 the quarter and the half-year close and old visits are forgotten, but not
        // the check-ins of engineers still on site. An exam on Wednesday 07-15 09:00, published 06-29 09:00 (after the
        // check-ins): at its start two are there, no STANDBY_SHORTFALL.
        Instant start = sh("2026-07-15T09:00");
        h = new TopologyHarness(sh("2026-06-20T09:00"), Map.of("health.check-interval", "1m"));
        h.site(Site.newBuilder().setSiteId("school-a").setContractId("seed-003").setAcceptedAt(sh("2026-02-02T10:00").toEpochMilli()).build());
        h.visit(step("st-1", "school-a", VisitKind.STANDBY, VisitType.CHECK_IN, h.now(), "eng-1"));
        h.visit(step("st-2", "school-a", VisitKind.STANDBY, VisitType.CHECK_IN, h.now(), "eng-2"));
        h.jumpTo(sh("2026-06-26T12:00"));
        for (int i = 1; i <= 21; i++) {
            h.visit(step("sv-" + i, "school-a", VisitKind.SURVEY, VisitType.COMPLETED, sh("2026-06-26T11:00").plusSeconds(60L * i), "eng-3"));
        }
        h.jumpTo(sh("2026-06-29T09:00"));
        h.schedule(window("school-a", start, sh("2026-07-15T17:00")));
        h.visit(step("pc-a", "school-a", VisitKind.PRECHECK, VisitType.COMPLETED, h.now(), "eng-1"));
        after(sh("2026-07-01T00:00"));
        after(start);
        assertEquals(List.of(), examDay(), "both stationed engineers count at the start");
    }

    @Test
    void aScheduleReadBeforeTheSchoolsRecordIsTakenOnWithTheRecord() {
        // The exam is published at 09:00 before school-a is on site-registry; its record follows at 09:05: the window is
        // taken on then (seen 09:05, still 10 working days ahead), due soon on 04-28 09:00 as above.
        h = new TopologyHarness(sh("2026-04-27T09:00"), Map.of("health.check-interval", "1m"));
        h.schedule(exam("school-a"));
        h.jumpTo(sh("2026-04-27T09:05"));
        h.site(Site.newBuilder().setSiteId("school-a").setContractId("seed-003").setAcceptedAt(sh("2026-02-02T10:00").toEpochMilli()).build());
        after(DUE_SOON);
        List<Escalation> soon = examDay();
        assertEquals(1, soon.size(), soon.toString());
        check(soon.get(0), "school-a", EscalationType.PRECHECK_DUE_SOON, null, DUE_SOON, DEADLINE, 1);
    }

    @Test
    void aPrecheckDoneBeforeAQuarterClosesStillCountsForAnExamAfterIt() {
        // An exam on Friday 2026-07-10 09:00-17:00; its pre-check deadline 7 working days back: Thu 07-09, Wed 07-08, Tue
        // 07-07, Mon 07-06, Fri 07-03, Thu 07-02, Wed 07-01: Wednesday 07-01 09:00. Published 06-15, pre-checked Friday
        // 06-26 10:00, then 21 survey steps that day. At 07-01 00:00 the inspection's quarter and the survey's half-year
        // close and the obligations stage forgets the visits before the new periods (keeping the newest 20 steps), but not
        // the steps from the window's sighting on, which the exam-day stage still judges (the pre-check at 09:00).
        Instant start = sh("2026-07-10T09:00");
        h = new TopologyHarness(sh("2026-06-15T10:00"), Map.of("health.check-interval", "1m"));
        h.site(Site.newBuilder().setSiteId("school-a").setContractId("seed-003").setAcceptedAt(sh("2026-02-02T10:00").toEpochMilli()).build());
        h.schedule(SiteSchedule.newBuilder().setSiteId("school-a").setWindows(List.of(ScheduleWindow.newBuilder().setKind(WindowKind.MAJOR_EVENT)
                .setName("skills contest").setStart(start.toEpochMilli()).setEnd(sh("2026-07-10T17:00").toEpochMilli()).build())).build());
        h.jumpTo(sh("2026-06-26T10:00"));
        h.visit(step("pc-a", "school-a", VisitKind.PRECHECK, VisitType.COMPLETED, h.now(), "eng-1"));
        h.jumpTo(sh("2026-06-26T12:00"));
        for (int i = 1; i <= 21; i++) {
            h.visit(step("sv-" + i, "school-a", VisitKind.SURVEY, VisitType.COMPLETED, sh("2026-06-26T11:00").plusSeconds(60L * i), "eng-2"));
        }
        after(sh("2026-06-29T09:00")); // the due-soon: 2 working days before the deadline
        assertEquals(List.of(), examDay(), "the pre-check was done on 06-26");
        after(sh("2026-07-01T09:00"));
        assertEquals(22, h.entries("obligation-visits-store"), "kept from the window's sighting (06-15) on: the exam-day stage may need them until its end");
        assertEquals(List.of(), examDay(), "the pre-check was done on 06-26");
    }

    static SiteSchedule exam(String school) {
        return window(school, START, END);
    }

    static SiteSchedule window(String school, Instant start, Instant end) {
        return SiteSchedule.newBuilder().setSiteId(school).setWindows(List.of(ScheduleWindow.newBuilder().setKind(WindowKind.MAJOR_EVENT)
                .setName("中考 entrance exam").setStart(start.toEpochMilli()).setEnd(end.toEpochMilli()).build())).build();
    }

    static ServiceVisit step(String visitId, String school, VisitKind kind, VisitType type, Instant at, String engineer) {
        return ServiceVisit.newBuilder().setVisitId(visitId).setSiteId(school).setKind(kind).setType(type)
                .setMode(VisitMode.ON_SITE).setTimestamp(at.toEpochMilli()).setEngineers(List.of(engineer)).build();
    }

    /** Moves the wall clock to {@code at} plus a second (a verdict at {@code at} is given once the watermark is past it). */
    void after(Instant at) {
        h.jumpTo(at.plusSeconds(1));
    }

    /** The exam-day escalations published since the last call. */
    List<Escalation> examDay() {
        List<Escalation> all = new ArrayList<>();
        for (Escalation e : h.escalations.readValuesToList()) {
            if (EXAM_DAY.contains(e.getType())) {
                all.add(e);
            }
        }
        return all;
    }

    static Escalation find(List<Escalation> es, String school) {
        return es.stream().filter(e -> e.getSiteId().equals(school)).findFirst().orElseThrow(() -> new AssertionError(school + " in " + es));
    }

    /** SPEC section 10's fields, and the id: the name-based UUID of the event (site|MAJOR_EVENT|start), the type and the detail. */
    static void check(Escalation e, String school, EscalationType type, Long detail, Instant at, Instant deadline, int tier) {
        String event = school + "|MAJOR_EVENT|" + START;
        assertEquals(type, e.getType(), e.toString());
        assertEquals(school, e.getSiteId());
        assertEquals(OccurrenceId.escalation(event, ScheduledEscalation.valueOf(type.name()), detail), e.getEscalationId(), type + " id");
        assertEquals(at.toEpochMilli(), e.getAt(), type + " at");
        assertEquals(deadline == null ? null : deadline.toEpochMilli(), e.getDeadline(), type + " deadline");
        assertEquals(START.toEpochMilli(), e.getPeriodStart(), "the window's start");
        assertEquals(END.toEpochMilli(), e.getPeriodEnd(), "the window's end");
        assertNull(e.getTicketId());
        assertNull(e.getObligationId());
        assertEquals("seed-003", e.getContractId());
        assertEquals(tier, e.getTier(), type + " tier");
    }
}
