package com.schoolops.sla.obligations;

import com.schoolops.sla.policy.EventTargets;
import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.avro.VisitKind;
import com.schoolops.sla.avro.VisitMode;
import com.schoolops.sla.avro.VisitType;
import com.schoolops.sla.policy.MajorEventTerms;
import com.schoolops.sla.policy.Span;
import com.schoolops.sla.policy.Target;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static com.schoolops.sla.obligations.Seeds.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Exam days at seed-003 schools (pre-check 7 working days ahead, 2 engineers on standby, event targets), every instant
 * derived by hand on cn-default and the State Council's 2026 calendar: 劳动节 Fri 05-01 to Tue 05-05 off, Sat 05-09
 * worked; 中秋 Fri 09-25 to Sun 09-27 and 国庆 Thu 10-01 to Wed 10-07 off, Sat 10-10 worked. A working day is 09:00–18:00.
 */
class ExamDayTest {
    final MajorEventTerms terms = contract("seed-003").majorEventTerms().orElseThrow();
    final Span precheck = terms.precheck().orElseThrow();
    // An exam on Wednesday 2026-05-13 from 09:00 to 17:00, published on Monday 04-20.
    final Instant examStart = sh("2026-05-13T09:00");
    final Instant examEnd = sh("2026-05-13T17:00");

    @Test
    void thePrecheckDeadlineIsSevenWorkingDaysBackAcrossLabourDayAndItsMakeUpSaturday() {
        Precheck p = Precheck.of("school-3", examStart, sh("2026-04-20T10:00"), precheck, CN);
        // 63 working hours back from Wed 05-13 09:00: Tue 05-12 (1), Mon 05-11 (2), Sat 05-09 worked (3), Fri 05-08 (4),
        // Thu 05-07 (5), Wed 05-06 (6); Tue 05-05 to Fri 05-01 off; Thu 04-30 (7): its 09:00.
        assertEquals(sh("2026-04-30T09:00"), p.deadline());
        // PRECHECK_DUE_SOON 2 working days (18 h) earlier: Wed 04-29 and Tue 04-28: 04-28 09:00.
        assertEquals(Optional.of(sh("2026-04-28T09:00")), p.dueSoonAt());
        assertEquals(Optional.of(sh("2026-04-30T09:00")), p.missedAt());
        assertFalse(p.noticeShort());
        assertEquals("school-3|MAJOR_EVENT|2026-05-13T01:00:00Z", p.eventId());
    }

    @Test
    void anAfternoonExamKeepsItsTimeOfDay() {
        // Wed 05-13 13:30: 4.5 h of that morning, then 6 working days as above (58.5 h), then 4.5 h of Thu 04-30: 13:30.
        assertEquals(sh("2026-04-30T13:30"), Precheck.of("school-3", sh("2026-05-13T13:30"), sh("2026-04-20T10:00"), precheck, CN).deadline());
    }

    @Test
    void aMondayExamAfterNationalDayCountsTheMakeUpSaturdayAndSkipsTheMidAutumnFestival() {
        // Mon 10-12 09:00: Sat 10-10 worked (1), Fri 10-09 (2), Thu 10-08 (3); 10-07 to 10-01 off; Wed 09-30 (4), Tue 09-29 (5),
        // Mon 09-28 (6); Sun 09-27 to Fri 09-25 中秋; Thu 09-24 (7): its 09:00.
        assertEquals(sh("2026-09-24T09:00"), Precheck.of("school-3", sh("2026-10-12T09:00"), sh("2026-09-01T10:00"), precheck, CN).deadline());
    }

    @Test
    void onTimeAtOneSchoolMissedAtAnotherAndNoticeTooShortAtAThird() {
        Precheck onTime = Precheck.of("school-a", examStart, sh("2026-04-20T10:00"), precheck, CN);
        assertEquals(Optional.of(sh("2026-04-29T16:00")), onTime.metAt(Visits.of(List.of(
                completed("pc-a", VisitKind.PRECHECK, VisitMode.ON_SITE, "2026-04-29T16:00")))));

        Precheck late = Precheck.of("school-b", examStart, sh("2026-04-20T10:00"), precheck, CN);
        Visits b = Visits.of(List.of(
                completed("pc-b0", VisitKind.PRECHECK, VisitMode.ON_SITE, "2026-04-17T10:00"),  // before the window was published
                completed("pc-b1", VisitKind.PRECHECK, VisitMode.ON_SITE, "2026-04-30T09:00"),  // at the deadline: too late
                completed("pc-b2", VisitKind.PRECHECK, VisitMode.ON_SITE, "2026-04-29T10:00"),  // on time, but ...
                Seeds.visit("pc-b2", VisitKind.PRECHECK, VisitType.CANCELLED, null, "2026-04-29T11:00", null))); // ... withdrawn
        assertEquals(Optional.empty(), late.metAt(b), "PRECHECK_MISSED at 2026-04-30 09:00");

        // Published on Wed 05-06, after the deadline: EVENT_NOTICE_SHORT at once, and neither due soon nor missed.
        Precheck shortNotice = Precheck.of("school-c", examStart, sh("2026-05-06T08:00"), precheck, CN);
        assertTrue(shortNotice.noticeShort());
        assertEquals(Optional.empty(), shortNotice.dueSoonAt());
        assertEquals(Optional.empty(), shortNotice.missedAt());

        // Published on Wed 04-29 12:00, inside the two working days before the deadline: due soon at once.
        Precheck soon = Precheck.of("school-d", examStart, sh("2026-04-29T12:00"), precheck, CN);
        assertFalse(soon.noticeShort());
        assertEquals(Optional.of(sh("2026-04-29T12:00")), soon.dueSoonAt());
        // Published at the deadline itself: exactly the lead asked for, not short.
        assertFalse(Precheck.of("school-e", examStart, sh("2026-04-30T09:00"), precheck, CN).noticeShort());
    }

    @Test
    void oneEngineerAtTheStartASecondTwentyMinutesLateAndADropOnceEvenWhenItFallsFurther() {
        int min = terms.minEngineers().orElseThrow();
        assertEquals(2, min);
        Visits visits = Visits.of(List.of(
                standby("sb-0", VisitType.CHECK_IN, "2026-05-13T08:00", "ghost"),
                Seeds.visit("sb-0", VisitKind.STANDBY, VisitType.CANCELLED, null, "2026-05-13T08:05", null), // withdrawn
                standby("sb-1", VisitType.CHECK_IN, "2026-05-13T08:30", "wang"),
                standby("sb-2", VisitType.CHECK_IN, "2026-05-13T09:20", "li"),        // twenty minutes late
                standby("sb-3", VisitType.CHECK_OUT, "2026-05-13T12:00", "wang"),     // lunch: 1 left
                standby("sb-4", VisitType.CHECK_IN, "2026-05-13T12:30", "wang"),
                standby("sb-5", VisitType.CHECK_OUT, "2026-05-13T15:00", "li"),       // 1 left ...
                standby("sb-6", VisitType.CHECK_OUT, "2026-05-13T15:10", "wang"),     // ... 0 left: the same drop
                standby("sb-7", VisitType.CHECK_IN, "2026-05-13T15:30", "zhao", "qian"),
                standby("sb-8", VisitType.CHECK_OUT, "2026-05-13T17:00", "zhao", "qian"))); // the window's end: not inside it
        assertEquals(List.of(new Standby.Drop(examStart, 1), new Standby.Drop(sh("2026-05-13T12:00"), 1), new Standby.Drop(sh("2026-05-13T15:00"), 1)),
                Standby.drops(visits, examStart, examEnd, min), "STANDBY_SHORTFALL at the start and at each drop, once per drop");
        assertEquals(Set.of("wang", "li"), Standby.onSite(visits, sh("2026-05-13T09:20")));
        String event = OccurrenceId.ofEvent("school-3", examStart);
        assertNotEquals(OccurrenceId.escalation(event, ScheduledEscalation.STANDBY_SHORTFALL, examStart.toEpochMilli()),
                OccurrenceId.escalation(event, ScheduledEscalation.STANDBY_SHORTFALL, sh("2026-05-13T12:00").toEpochMilli()));
    }

    @Test
    void twoEngineersFromTheStartAreNoShortfall() {
        Visits visits = Visits.of(List.of(standby("sb-1", VisitType.CHECK_IN, "2026-05-13T09:00", "wang", "li")));
        assertEquals(List.of(), Standby.drops(visits, examStart, examEnd, 2), "a check-in at the start instant counts at the start");
    }

    @Test
    void aTicketOpenTheDayBeforeIsNowDueThirtyMinutesAfterTheStart() {
        Target restore = contract("seed-003").majorEvent().orElseThrow().clocks().get(SlaClock.RESTORE).target();
        // Opened Tue 05-12 10:00 with a 24 h RESTORE: due Wed 05-13 10:00; the event's 30m from 09:00 is 09:30, earlier.
        assertEquals(sh("2026-05-13T09:30"), EventTargets.deadline(sh("2026-05-13T10:00"), examStart, restore, CN));
        // A deadline already earlier stays.
        assertEquals(sh("2026-05-13T09:02"), EventTargets.deadline(sh("2026-05-13T09:02"), examStart, restore, CN));
        // A working-time event target counts on the calendar: Fri 05-08 17:00 + 2 working hours = 1 h Friday, 1 h on Sat 05-09 (worked).
        assertEquals(sh("2026-05-09T10:00"), EventTargets.deadline(sh("2026-05-11T12:00"), sh("2026-05-08T17:00"), Target.parse("2h working"), CN));
    }

    static com.schoolops.sla.avro.ServiceVisit standby(String visitId, VisitType type, String at, String... engineers) {
        return Seeds.visit(visitId, VisitKind.STANDBY, type, VisitMode.ON_SITE, at, null, engineers);
    }
}
