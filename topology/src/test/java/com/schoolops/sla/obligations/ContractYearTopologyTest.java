package com.schoolops.sla.obligations;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.Site;
import com.schoolops.sla.avro.VisitKind;
import com.schoolops.sla.avro.VisitMode;
import com.schoolops.sla.testing.TopologyHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static com.schoolops.sla.avro.EscalationType.OBLIGATION_BEHIND;
import static com.schoolops.sla.avro.EscalationType.OBLIGATION_DUE_SOON;
import static com.schoolops.sla.avro.EscalationType.OBLIGATION_MISSED;
import static com.schoolops.sla.avro.EscalationType.VISIT_OUT_OF_HOURS;
import static com.schoolops.sla.obligations.Seeds.SHANGHAI;
import static com.schoolops.sla.obligations.Seeds.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 35's done-when: a seed-004 school through its whole contract year on the real topology, every verdict derived
 * by hand. The school is accepted on Monday 2025-10-20 10:00 (warranty 1 year: to Tuesday 2026-10-20 10:00, which is
 * also the end of its contract year) and goes live on Monday 2025-11-10 10:00, mid Q4. The calendar is the bundled
 * cn-default: Asia/Shanghai, 09:00-18:00 (9 h a working day) Monday to Friday, with the State Council's holidays and
 * make-up working days (../shared/cn-public-holidays.json). "10d working" before a period's end is 90 working hours
 * counted back. The occurrences, by the bundled seed-004 contract:
 * <ul>
 * <li>inspection (a quarter, ON_SITE, in warranty): from go-live [2025-11-10 10:00, 2026-01-01), Q1, Q2, Q3 of 2026,
 *     and [2026-10-01, 2026-10-20 10:00) clipped at the warranty's end; none after.</li>
 * <li>maintenance (4 a contract year, in warranty): the contract year from the acceptance, clipped at go-live:
 *     [2025-11-10 10:00, 2026-10-20 10:00); its quarters end 3, 6 and 9 months after the acceptance, 2026-01-20,
 *     04-20 and 07-20 at 10:00, needing ceil(q × 4 / 4) = 1, 2 and 3 visits.</li>
 * <li>return-visit (a quarter, PHONE and ON_SITE, 09:30-11:30 or 14:50-17:00 on working days, from one month after
 *     go-live, always): [2025-12-10 10:00, 2026-01-01), then every quarter, after the warranty too.</li>
 * </ul>
 */
class ContractYearTopologyTest {
    static final String SITE = "school";
    /** Escalations at the same instant come in no promised order: the test lists them by obligation. */
    static final Comparator<Escalation> BY_TIME = Comparator.comparing(Escalation::getAt).thenComparing(Escalation::getObligationId);

    TopologyHarness h;
    /** Every escalation read off the topic during the walk, in the order it came. */
    final List<Escalation> seen = new ArrayList<>();

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    /** An escalation as the test derives it: its type, occurrence (obligation and the period's first local day), detail and times. */
    record Expected(EscalationType type, String obligation, String firstDay, String detail, Instant at, Instant deadline,
                    Instant periodStart, Instant periodEnd) {
        String occurrence() {
            return SITE + "|" + obligation + "|" + firstDay;
        }

        int tier() {
            return type == OBLIGATION_MISSED ? 2 : 1; // the bundled tiers: MISSED on-site service, the rest remote support
        }

        /** The same line {@link #render(Escalation)} writes of a published one. */
        String render() {
            return line(type, obligation, Seeds.id(occurrence(), type, detail == null ? "" : detail), at.toEpochMilli(),
                    deadline == null ? null : deadline.toEpochMilli(), periodStart.toEpochMilli(), periodEnd.toEpochMilli(), tier(),
                    SITE, "seed-004", 1, null);
        }
    }

    static String render(Escalation e) {
        return line(e.getType(), e.getObligationId(), e.getEscalationId(), e.getAt(), e.getDeadline(), e.getPeriodStart(), e.getPeriodEnd(),
                e.getTier(), e.getSiteId(), e.getContractId(), e.getContractVersion(), e.getTicketId());
    }

    private static String line(EscalationType type, String obligation, String id, long at, Long deadline, Long periodStart, Long periodEnd,
                               int tier, String site, String contract, Integer version, String ticket) {
        return type + " " + obligation + " at " + local(at) + " deadline " + (deadline == null ? "-" : local(deadline)) + " period "
                + local(periodStart) + ".." + local(periodEnd) + " tier " + tier + " site " + site + " contract " + contract + " v" + version
                + " ticket " + ticket + " id " + id;
    }

    private static String local(Long epochMs) {
        return epochMs == null ? "null" : Instant.ofEpochMilli(epochMs).atZone(SHANGHAI).toLocalDateTime().toString();
    }

    static Expected dueSoon(String obligation, String firstDay, Instant at, Instant periodStart, Instant periodEnd) {
        return new Expected(OBLIGATION_DUE_SOON, obligation, firstDay, null, at, periodEnd, periodStart, periodEnd);
    }

    static Expected missed(String obligation, String firstDay, Instant periodStart, Instant periodEnd) {
        return new Expected(OBLIGATION_MISSED, obligation, firstDay, null, periodEnd, periodEnd, periodStart, periodEnd);
    }

    static Expected outOfHours(String visitId, String firstDay, Instant at, Instant periodStart, Instant periodEnd) {
        return new Expected(VISIT_OUT_OF_HOURS, "return-visit", firstDay, visitId, at, null, periodStart, periodEnd);
    }

    /** The escalations published since the last look are exactly {@code expected} (same instant: by obligation). */
    void expectNew(Expected... expected) {
        List<Escalation> now = h.escalations.readValuesToList();
        seen.addAll(now);
        List<String> published = now.stream().sorted(BY_TIME)
                .map(ContractYearTopologyTest::render).toList();
        assertEquals(Arrays.stream(expected).map(Expected::render).toList(), published, "at " + h.now().atZone(SHANGHAI));
    }

    /** The wall clock to just before {@code at} (nothing is due yet), then just past it: exactly {@code expected}. */
    void until(Instant at, Expected... expected) {
        h.jumpTo(at.minusSeconds(1));
        expectNew();
        h.jumpTo(at.plusSeconds(1));
        expectNew(expected);
    }

    /** A COMPLETED visit, read at its own time: exactly {@code expected} at once. */
    void visit(String visitId, VisitKind kind, VisitMode mode, Instant at, Expected... expected) {
        assertTrue(!at.isBefore(h.now()), "the walk goes forward: " + visitId);
        h.jumpTo(at);
        h.visit(Seeds.completed(visitId, kind, mode, at.atZone(SHANGHAI).toLocalDateTime().toString()));
        expectNew(expected);
    }

    @Test
    void aSeed004SchoolThroughItsWholeContractYear() {
        Instant accepted = sh("2025-10-20T10:00");
        Instant live = sh("2025-11-10T10:00");
        Instant warrantyEnd = sh("2026-10-20T10:00"); // accepted + 1 year: the end of the contract year too
        Site school = Seeds.site(SITE, "seed-004", "2025-10-20T10:00", "2025-11-10T10:00");
        // The site's record is written at go-live (one naming a go-live ahead of the clock is refused, as any time from the future).
        h = new TopologyHarness(live, Map.of("health.check-interval", "1m"));
        h.site(school);
        expectNew();

        Instant y2026 = sh("2026-01-01T00:00");
        Instant apr = sh("2026-04-01T00:00");
        Instant jul = sh("2026-07-01T00:00");
        Instant oct = sh("2026-10-01T00:00");
        Instant y2027 = sh("2027-01-01T00:00");
        Instant rv0Start = sh("2025-12-10T10:00"); // go-live + 1 month
        String year = "2025-11-10"; // the maintenance occurrence: its period starts at go-live

        // Before the first return-visit period: both halves in hours, and neither counts for anything (nor is out of hours).
        visit("rv-early-phone", VisitKind.RETURN_VISIT, VisitMode.PHONE, sh("2025-11-20T10:00"));
        // Thursday 11-20 14:00, the first quarter's inspection: met before its due-soon.
        visit("in-1", VisitKind.INSPECTION, VisitMode.ON_SITE, sh("2025-11-20T14:00"));
        visit("rv-early-site", VisitKind.RETURN_VISIT, VisitMode.ON_SITE, sh("2025-11-21T15:00"));

        // Friday 12-12 12:00, a working day, between 11:30 and 14:50: the phone return visit does not count.
        Instant rv1At = sh("2025-12-12T12:00");
        visit("rv-1", VisitKind.RETURN_VISIT, VisitMode.PHONE, rv1At, outOfHours("rv-1", "2025-12-10", rv1At, rv0Start, y2026));
        // Monday 12-15 10:00, the first maintenance visit: the year's quarter 1 (to 2026-01-20 10:00) has its one.
        visit("mv-1", VisitKind.MAINTENANCE_VISIT, VisitMode.ON_SITE, sh("2025-12-15T10:00"));

        // Due soon, 90 working hours before Thursday 2026-01-01 00:00 (no holiday of 2025's December): Wed 12-31, Tue 12-30,
        // Mon 12-29, Fri 12-26, Thu 12-25, Wed 12-24, Tue 12-23, Mon 12-22, Fri 12-19, Thu 12-18: 09:00 on Thursday 12-18.
        // The return visit has nothing counted; the inspection (the same instant) is met.
        until(sh("2025-12-18T09:00"), dueSoon("return-visit", "2025-12-10", sh("2025-12-18T09:00"), rv0Start, y2026));
        // Both halves in hours after the warning: met, so no MISSED at the quarter's end.
        visit("rv-2", VisitKind.RETURN_VISIT, VisitMode.PHONE, sh("2025-12-22T10:00"));
        visit("rv-3", VisitKind.RETURN_VISIT, VisitMode.ON_SITE, sh("2025-12-23T15:00"));
        until(y2026);

        // Q1 of 2026: the inspection on Thursday 01-15; quarter 1 of the maintenance year ends Tuesday 01-20 10:00 with
        // mv-1: 1 of 1, nothing; the return visit's two halves in February.
        visit("in-2", VisitKind.INSPECTION, VisitMode.ON_SITE, sh("2026-01-15T10:00"));
        until(sh("2026-01-20T10:00"));
        visit("rv-4", VisitKind.RETURN_VISIT, VisitMode.PHONE, sh("2026-02-03T10:00"));
        visit("rv-5", VisitKind.RETURN_VISIT, VisitMode.ON_SITE, sh("2026-02-05T15:00"));
        // Q1's due-soon (Wednesday 03-18 09:00) and end find both met.
        until(sh("2026-03-18T09:00"));
        until(apr);

        // Q2: only the phone half of the return visit (Tuesday 04-14 10:00, in hours), no inspection.
        visit("rv-6", VisitKind.RETURN_VISIT, VisitMode.PHONE, sh("2026-04-14T10:00"));
        // Monday 04-20 10:00, the maintenance year's quarter 2 ends: mv-1 alone, 1 of 2.
        until(sh("2026-04-20T10:00"), new Expected(OBLIGATION_BEHIND, "maintenance", year, "Q2", sh("2026-04-20T10:00"), warrantyEnd, live, warrantyEnd));
        visit("mv-2", VisitKind.MAINTENANCE_VISIT, VisitMode.ON_SITE, sh("2026-05-12T10:00"));
        // Due soon, 90 working hours before Wednesday 07-01 00:00: Tue 06-30, Mon 06-29, Fri 06-26, Thu 06-25, Wed 06-24,
        // Tue 06-23, Mon 06-22 (7 days); Fri 06-19 to Sun 06-21 are 端午; Thu 06-18, Wed 06-17, Tue 06-16: 09:00 on Tuesday 06-16.
        Instant q2Soon = sh("2026-06-16T09:00");
        until(q2Soon, dueSoon("inspection", "2026-04-01", q2Soon, apr, jul), dueSoon("return-visit", "2026-04-01", q2Soon, apr, jul));
        // Q2's end: the inspection is missed; so is the return visit, whose phone half alone is none done.
        until(jul, missed("inspection", "2026-04-01", apr, jul), missed("return-visit", "2026-04-01", apr, jul));

        // Q3: the return visit's on-site half on Tuesday 07-14 15:00.
        visit("rv-7", VisitKind.RETURN_VISIT, VisitMode.ON_SITE, sh("2026-07-14T15:00"));
        // Monday 07-20 10:00, quarter 3 ends: mv-1 and mv-2, 2 of 3.
        until(sh("2026-07-20T10:00"), new Expected(OBLIGATION_BEHIND, "maintenance", year, "Q3", sh("2026-07-20T10:00"), warrantyEnd, live, warrantyEnd));
        visit("mv-3", VisitKind.MAINTENANCE_VISIT, VisitMode.ON_SITE, sh("2026-08-18T10:00"));
        // Due soon, 90 working hours before Thursday 10-01 00:00: Wed 09-30, Tue 09-29, Mon 09-28 (3); Fri 09-25 to Sun 09-27
        // are 中秋; Thu 09-24, Wed 09-23, Tue 09-22, Mon 09-21 (7); Sunday 09-20 is a make-up working day (8); Sat 09-19 is
        // not; Fri 09-18 (9), Thu 09-17 (10): 09:00 on Thursday 09-17, for both quarterly obligations.
        Instant q3Soon = sh("2026-09-17T09:00");
        until(q3Soon, dueSoon("inspection", "2026-07-01", q3Soon, jul, oct), dueSoon("return-visit", "2026-07-01", q3Soon, jul, oct));
        // Sunday 09-20 10:00, the make-up working day: the phone half is in hours and counts; the return visit is met.
        visit("rv-8", VisitKind.RETURN_VISIT, VisitMode.PHONE, sh("2026-09-20T10:00"));
        visit("in-5", VisitKind.INSPECTION, VisitMode.ON_SITE, sh("2026-09-22T10:00"));
        // The maintenance year's due-soon, 90 working hours before Tuesday 10-20 10:00: Tue 10-20 1 h, Mon 10-19 (10 h),
        // Fri 10-16, Thu 10-15, Wed 10-14, Tue 10-13, Mon 10-12 (55 h), Saturday 10-10 a make-up working day (64 h), Fri 10-09,
        // Thu 10-08 (82 h); 10-01 to 10-07 are 国庆; 8 h of Wed 09-30 back from 18:00: 10:00 on Wednesday 09-30. 3 of 4 done.
        Instant yearSoon = sh("2026-09-30T10:00");
        until(yearSoon, dueSoon("maintenance", year, yearSoon, live, warrantyEnd));

        // 10-01 00:00: Q3's inspection and return visit were met: no MISSED. The last inspection period opens, clipped at
        // the warranty's end: [10-01 00:00, 10-20 10:00). Its due-soon counted back is the same 09-30 10:00, before it
        // starts: it is due soon from its start. It was opened by the tick that closed Q3, so the next tick judges it.
        until(oct);
        h.jumpTo(oct.plusSeconds(60));
        expectNew(dueSoon("inspection", "2026-10-01", oct, oct, warrantyEnd));
        // Thursday 10-01 10:00 is 国庆, no working day: the phone return visit does not count.
        Instant rv9At = sh("2026-10-01T10:00");
        visit("rv-9", VisitKind.RETURN_VISIT, VisitMode.PHONE, rv9At, outOfHours("rv-9", "2026-10-01", rv9At, oct, y2027));
        // Saturday 10-10, the inspection (any time counts): the last one of the warranty is met.
        visit("in-6", VisitKind.INSPECTION, VisitMode.ON_SITE, sh("2026-10-10T10:00"));

        // The contract year (and the warranty) ends Tuesday 10-20 10:00: maintenance 3 of 4, missed; the inspection met.
        until(warrantyEnd, missed("maintenance", year, live, warrantyEnd));

        // After the warranty, only the return visit goes on. Q4 of 2026 has nothing counted. Due soon 90 working hours before
        // Friday 2027-01-01 00:00: Thu 12-31, Wed 12-30, Tue 12-29, Mon 12-28, Fri 12-25, Thu 12-24, Wed 12-23, Tue 12-22,
        // Mon 12-21, Fri 12-18: 09:00 on Friday 12-18.
        Instant q4Soon = sh("2026-12-18T09:00");
        until(q4Soon, dueSoon("return-visit", "2026-10-01", q4Soon, oct, y2027));
        until(y2027, missed("return-visit", "2026-10-01", oct, y2027));
        // Nothing more before 2027's first due-soon in March: no inspection or maintenance after the warranty. The site's
        // record written again opens nothing twice.
        h.site(school);
        h.jumpTo(sh("2027-03-01T00:00"));
        expectNew();

        // The year's whole list: nothing extra, nothing missing, nothing twice.
        List<String> all = List.of(
                outOfHours("rv-1", "2025-12-10", rv1At, rv0Start, y2026),
                dueSoon("return-visit", "2025-12-10", sh("2025-12-18T09:00"), rv0Start, y2026),
                new Expected(OBLIGATION_BEHIND, "maintenance", year, "Q2", sh("2026-04-20T10:00"), warrantyEnd, live, warrantyEnd),
                dueSoon("inspection", "2026-04-01", q2Soon, apr, jul),
                dueSoon("return-visit", "2026-04-01", q2Soon, apr, jul),
                missed("inspection", "2026-04-01", apr, jul),
                missed("return-visit", "2026-04-01", apr, jul),
                new Expected(OBLIGATION_BEHIND, "maintenance", year, "Q3", sh("2026-07-20T10:00"), warrantyEnd, live, warrantyEnd),
                dueSoon("inspection", "2026-07-01", q3Soon, jul, oct),
                dueSoon("return-visit", "2026-07-01", q3Soon, jul, oct),
                dueSoon("maintenance", year, yearSoon, live, warrantyEnd),
                dueSoon("inspection", "2026-10-01", oct, oct, warrantyEnd),
                outOfHours("rv-9", "2026-10-01", rv9At, oct, y2027),
                missed("maintenance", year, live, warrantyEnd),
                dueSoon("return-visit", "2026-10-01", q4Soon, oct, y2027),
                missed("return-visit", "2026-10-01", oct, y2027)).stream().map(Expected::render).toList();
        assertEquals(all, seen.stream().sorted(BY_TIME).map(ContractYearTopologyTest::render).toList());
        assertEquals(all.size(), seen.stream().map(Escalation::getEscalationId).distinct().count(), "every id once");
        assertTrue(h.deadLetters.readRecordsToList().isEmpty());
    }
}
