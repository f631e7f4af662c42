package com.schoolops.sla.obligations;

import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.Site;
import com.schoolops.sla.avro.VisitKind;
import com.schoolops.sla.avro.VisitMode;
import com.schoolops.sla.avro.VisitType;
import com.schoolops.sla.policy.Contract;
import com.schoolops.sla.policy.Obligation;
import com.schoolops.sla.policy.Policies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static com.schoolops.sla.obligations.Seeds.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A seed-004 school through its first contract year, every verdict derived by hand. The school is accepted and goes
 * live on Tuesday 2026-02-10 10:00 (mid-Q1); cn-default is Mon–Fri 09:00–18:00 Asia/Shanghai with the State
 * Council's 2026 holidays (端午 Fri 06-19 to Sun 06-21; 劳动节 Fri 05-01 to Tue 05-05, Sat 05-09 worked).
 */
class OccurrenceTest {
    final Site school = site("school-4", "seed-004", "2026-02-10T10:00", null);

    Occurrence occurrence(String obligationId, String at) {
        Obligation o = obligation("seed-004", obligationId);
        ObligationPeriod p = Periods.of(o, school, contract("seed-004").warranty(), CN).containing(sh(at)).orElseThrow();
        return new Occurrence("school-4", o, p);
    }

    static List<String> ids(List<ServiceVisit> visits) {
        return visits.stream().map(ServiceVisit::getVisitId).toList();
    }

    @Test
    void theFirstReturnVisitQuarterAPhoneCallAtNoonDoesNotCountThePhoneAndOnSiteHalvesDo() {
        // The first return-visit period: 2026-03-10 10:00 (go-live + 1 month) to 2026-04-01 00:00.
        Occurrence q1 = occurrence("return-visit", "2026-03-10T10:00");
        assertEquals("school-4|return-visit|2026-03-10", q1.id());
        Visits visits = Visits.of(List.of(
                completed("rv-0", VisitKind.RETURN_VISIT, VisitMode.PHONE, "2026-03-09T10:00"),   // Monday, before the period: not this one's
                completed("rv-1", VisitKind.RETURN_VISIT, VisitMode.PHONE, "2026-03-12T12:00"),   // Thursday 12:00: between 11:30 and 14:50
                completed("rv-2", VisitKind.RETURN_VISIT, VisitMode.PHONE, "2026-03-14T10:00"),   // Saturday: not a working day
                completed("rv-3", VisitKind.RETURN_VISIT, VisitMode.PHONE, "2026-03-16T11:30"),   // Monday 11:30: the last minute of the morning
                completed("rv-4", VisitKind.RETURN_VISIT, VisitMode.ON_SITE, "2026-03-20T15:00"), // Friday 15:00: the on-site half
                completed("rv-5", VisitKind.INSPECTION, VisitMode.ON_SITE, "2026-03-18T10:00"))); // another kind
        Occurrence.Judgement j = q1.judge(visits, CN);
        assertEquals(List.of("rv-1", "rv-2"), ids(j.outOfHours()), "VISIT_OUT_OF_HOURS each; they do not count");
        assertEquals(List.of("rv-3", "rv-4"), ids(j.counted()));
        assertEquals(Optional.of(sh("2026-03-20T15:00")), j.metAt(), "met when the on-site half joins the phone half");
        // Had the on-site half not come: due soon 10 working days (90 working hours) before 2026-04-01 00:00, counted back over
        // Tue 03-31, Mon 03-30, Fri 03-27, Thu 03-26, Wed 03-25, Tue 03-24, Mon 03-23, Fri 03-20, Thu 03-19, Wed 03-18: 09:00 that day.
        assertEquals(sh("2026-03-18T09:00"), q1.dueSoonAt(CN));
        assertEquals(sh("2026-04-01T00:00"), q1.missedAt());
        // the phone call alone by then is not the occurrence met: with allModes every mode is needed
        assertEquals(0, q1.doneBefore(j, sh("2026-03-18T09:00")));
        assertFalse(q1.judge(Visits.of(List.of(
                completed("rv-3", VisitKind.RETURN_VISIT, VisitMode.PHONE, "2026-03-16T11:30"))), CN).met());
    }

    @Test
    void aQuarterWithOnlyThePhoneHalfIsMissedAtItsEnd() {
        // Q2: 2026-04-01 00:00 to 2026-07-01 00:00
        Occurrence q2 = occurrence("return-visit", "2026-05-12T15:00");
        Visits visits = Visits.of(List.of(
                completed("rv-6", VisitKind.RETURN_VISIT, VisitMode.PHONE, "2026-05-12T15:00"),   // Tuesday 15:00: counts
                completed("rv-7", VisitKind.RETURN_VISIT, VisitMode.ON_SITE, "2026-06-10T10:00"), // Wednesday 10:00 on site ...
                Seeds.visit("rv-7", VisitKind.RETURN_VISIT, VisitType.CANCELLED, null, "2026-06-10T12:00", null))); // ... withdrawn
        Occurrence.Judgement j = q2.judge(visits, CN);
        assertEquals(List.of("rv-6"), ids(j.counted()));
        assertFalse(j.met());
        assertEquals(0, j.done(), "a phone call without its on-site half");
        // Due soon 90 working hours before Wed 2026-07-01 00:00: Tue 06-30, Mon 06-29, Fri 06-26, Thu 06-25, Wed 06-24, Tue 06-23,
        // Mon 06-22 (7 days); Sun 06-21 to Fri 06-19 端午; Thu 06-18, Wed 06-17, Tue 06-16: 09:00 on Tuesday 2026-06-16.
        assertEquals(sh("2026-06-16T09:00"), q2.dueSoonAt(CN));
        assertEquals(sh("2026-07-01T00:00"), q2.missedAt());
        assertEquals("school-4|return-visit|2026-04-01", q2.id());
    }

    @Test
    void threeMaintenanceVisitsByYearEndAreBehindTwiceAndThenMissed() {
        // The contract year 2026-02-10 10:00 to 2027-02-10 10:00; its quarters end 05-10, 08-10 and 11-10 at 10:00.
        Occurrence year = occurrence("maintenance", "2026-02-10T10:00");
        Visits visits = Visits.of(List.of(
                completed("mv-1", VisitKind.MAINTENANCE_VISIT, VisitMode.ON_SITE, "2026-04-20T10:00"),
                completed("mv-2", VisitKind.MAINTENANCE_VISIT, VisitMode.REMOTE, "2026-09-15T20:00"), // any mode, any hour
                completed("mv-3", VisitKind.MAINTENANCE_VISIT, VisitMode.ON_SITE, "2026-12-10T10:00"),
                completed("mv-3", VisitKind.MAINTENANCE_VISIT, VisitMode.ON_SITE, "2026-12-10T10:05"))); // the same visit twice: once
        Occurrence.Judgement j = year.judge(visits, CN);
        assertEquals(3, j.done());
        List<Occurrence.Checkpoint> quarters = year.checkpoints(CN);
        // ceil(q × 4 / 4) = q visits by the end of quarter q
        assertEquals(List.of(new Occurrence.Checkpoint(1, sh("2026-05-10T10:00"), 1), new Occurrence.Checkpoint(2, sh("2026-08-10T10:00"), 2),
                new Occurrence.Checkpoint(3, sh("2026-11-10T10:00"), 3)), quarters);
        assertFalse(year.behind(j, quarters.get(0)), "Q1: mv-1 (04-20), 1 of 1");
        assertTrue(year.behind(j, quarters.get(1)), "Q2: still mv-1 alone, 1 of 2: OBLIGATION_BEHIND at 2026-08-10 10:00");
        assertTrue(year.behind(j, quarters.get(2)), "Q3: mv-1 and mv-2, 2 of 3: OBLIGATION_BEHIND at 2026-11-10 10:00");
        assertFalse(j.met(), "3 of 4 by the year's end");
        assertEquals(sh("2027-02-10T10:00"), year.missedAt());
        assertNotEquals(OccurrenceId.escalation(year.id(), ScheduledEscalation.OBLIGATION_BEHIND, "Q2"),
                OccurrenceId.escalation(year.id(), ScheduledEscalation.OBLIGATION_BEHIND, "Q3"), "once per quarter");
    }

    @Test
    void aCountOfTwoIsBehindAtCeilingOfItsShare(@TempDir Path dir) throws Exception {
        Contract c = contractOf(dir, "{\"id\": \"twice\", \"kind\": \"MAINTENANCE_VISIT\", \"count\": 2, \"per\": \"CONTRACT_YEAR\"}");
        Occurrence year = new Occurrence("school-4", c.obligations().get(0),
                Periods.of(c.obligations().get(0), school, c.warranty(), CN).first().orElseThrow());
        // ceil(1 × 2 / 4) = 1, ceil(2 × 2 / 4) = 1, ceil(3 × 2 / 4) = 2
        assertEquals(List.of(1, 1, 2), year.checkpoints(CN).stream().map(Occurrence.Checkpoint::required).toList());
    }

    @Test
    void aVisitServingTwoObligationsCountsForBothAndOneThatNamesOneCountsForIt(@TempDir Path dir) throws Exception {
        Contract c = contractOf(dir,
                "{\"id\": \"inspection\", \"kind\": \"INSPECTION\", \"every\": \"QUARTER\", \"modes\": [\"ON_SITE\"], \"record\": \"2d working\"},"
                        + "{\"id\": \"video-inspection\", \"kind\": \"INSPECTION\", \"every\": \"QUARTER\"}");
        Visits visits = Visits.of(List.of(
                completed("iv-1", VisitKind.INSPECTION, VisitMode.ON_SITE, "2026-05-06T10:00"), // names none: serves both
                Seeds.visit("iv-2", VisitKind.INSPECTION, VisitType.COMPLETED, VisitMode.REMOTE, "2026-07-07T16:00", List.of("video-inspection")),
                Seeds.visit("iv-3", VisitKind.INSPECTION, VisitType.COMPLETED, VisitMode.ON_SITE, "2026-07-07T16:00", List.of("inspection")),
                Seeds.visit("iv-1", VisitKind.INSPECTION, VisitType.RECORD_SUBMITTED, null, "2026-05-08T10:30", null),
                Seeds.visit("iv-3", VisitKind.INSPECTION, VisitType.RECORD_SUBMITTED, null, "2026-07-09T09:30", null)));
        Occurrence inspectionQ2 = occurrenceOf(c, "inspection", "2026-05-06T10:00");
        Occurrence videoQ2 = occurrenceOf(c, "video-inspection", "2026-05-06T10:00");
        assertEquals(Optional.of(sh("2026-05-06T10:00")), inspectionQ2.judge(visits, CN).metAt());
        assertEquals(Optional.of(sh("2026-05-06T10:00")), videoQ2.judge(visits, CN).metAt());
        assertEquals(List.of("iv-3"), ids(occurrenceOf(c, "inspection", "2026-07-07T16:00").judge(visits, CN).counted()));
        assertEquals(List.of("iv-2"), ids(occurrenceOf(c, "video-inspection", "2026-07-07T16:00").judge(visits, CN).counted()));

        // The record is due 2 working days (18 working hours) after COMPLETED. iv-1, Wed 05-06 10:00: 8 h that day, 9 h on
        // Thu 05-07, 1 h on Fri 05-08: due 05-08 10:00; handed in 10:30, late.
        Occurrence.Judgement q2 = inspectionQ2.judge(visits, CN);
        assertEquals(List.of(new Occurrence.LateRecord("iv-1", sh("2026-05-08T10:00"))), inspectionQ2.lateRecords(q2, visits, CN));
        // iv-3, Tue 07-07 16:00: 2 h that day, 9 h on Wed 07-08, 7 h on Thu 07-09: due 07-09 16:00; handed in 09:30, on time.
        Occurrence inspectionQ3 = occurrenceOf(c, "inspection", "2026-07-07T16:00");
        assertEquals(List.of(), inspectionQ3.lateRecords(inspectionQ3.judge(visits, CN), visits, CN));
        // the video inspection asks for no record
        assertEquals(List.of(), videoQ2.lateRecords(videoQ2.judge(visits, CN), visits, CN));
    }

    @Test
    void escalationIdsAreNameBasedOnTheOccurrenceSoEveryRunGivesTheSame() {
        Occurrence q2 = occurrence("return-visit", "2026-05-12T15:00");
        assertEquals(uuid("school-4|return-visit|2026-04-01|OBLIGATION_MISSED||"), OccurrenceId.escalation(q2.id(), ScheduledEscalation.OBLIGATION_MISSED));
        assertEquals(uuid("school-4|return-visit|2026-04-01|OBLIGATION_DUE_SOON||"), OccurrenceId.escalation(q2.id(), ScheduledEscalation.OBLIGATION_DUE_SOON));
        assertEquals(uuid("school-4|return-visit|2026-04-01|VISIT_OUT_OF_HOURS||rv-1"),
                OccurrenceId.escalation(q2.id(), ScheduledEscalation.VISIT_OUT_OF_HOURS, "rv-1"));
    }

    static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    Occurrence occurrenceOf(Contract c, String obligationId, String at) {
        Obligation o = c.obligation(obligationId).orElseThrow();
        return new Occurrence("school-4", o, Periods.of(o, school, c.warranty(), CN).containing(sh(at)).orElseThrow());
    }

    static Contract contractOf(Path dir, String obligations) throws Exception {
        Path file = Files.writeString(dir.resolve("ours.json"), "{\"contracts\": [{\"id\": \"ours\", \"severities\": {\"P1\": {}}, "
                + "\"warranty\": {\"years\": 1}, \"obligations\": [" + obligations + "]}]}");
        return Policies.load(Optional.of(file)).contract("ours").orElseThrow();
    }

    @Test
    void anInstantIsOfThePeriodItFallsInOnly() {
        Occurrence q1 = occurrence("inspection", "2026-03-01T00:00");
        Visits visits = Visits.of(List.of(completed("iv-9", VisitKind.INSPECTION, VisitMode.ON_SITE, "2026-04-01T00:00")));
        assertFalse(q1.judge(visits, CN).met(), "a visit at the period's end is the next period's");
        assertTrue(occurrence("inspection", "2026-04-01T00:00").judge(visits, CN).met());
        assertEquals(Instant.parse("2026-02-10T02:00:00Z"), q1.period().start(), "10:00 in Shanghai");
    }
}
