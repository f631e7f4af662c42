package com.schoolops.sla.obligations;

import com.schoolops.sla.avro.Site;
import com.schoolops.sla.policy.Obligation;
import com.schoolops.sla.policy.Policies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static com.schoolops.sla.obligations.Seeds.*;
import static org.junit.jupiter.api.Assertions.*;

/** The periods of an obligation at a site, every boundary local to Asia/Shanghai (cn-default's zone). */
class PeriodsTest {
    // A seed-004 school accepted and live on Tuesday 2026-02-10 10:00, mid-Q1; its one-year warranty ends 2027-02-10 10:00.
    final Site school = site("school-4", "seed-004", "2026-02-10T10:00", null);

    Periods of(String obligationId) {
        return Periods.of(obligation("seed-004", obligationId), school, contract("seed-004").warranty(), CN);
    }

    static String show(ObligationPeriod p) {
        return p.firstDay() + " " + p.start().atZone(SHANGHAI).toLocalDateTime() + " .. " + p.end().atZone(SHANGHAI).toLocalDateTime();
    }

    @Test
    void quartersInWarrantyStartAtGoLiveMidQuarterAndEndWithTheWarranty() {
        assertEquals(List.of(
                        "2026-02-10 2026-02-10T10:00 .. 2026-04-01T00:00", // go-live mid-quarter: Q1 clipped to start then
                        "2026-04-01 2026-04-01T00:00 .. 2026-07-01T00:00",
                        "2026-07-01 2026-07-01T00:00 .. 2026-10-01T00:00",
                        "2026-10-01 2026-10-01T00:00 .. 2027-01-01T00:00",
                        "2027-01-01 2027-01-01T00:00 .. 2027-02-10T10:00"), // clipped at the warranty's end: the last
                of("inspection").until(sh("2030-01-01T00:00")).stream().map(PeriodsTest::show).toList());
        assertEquals(Optional.empty(), of("inspection").containing(sh("2027-02-10T10:00")), "nothing after the warranty");
        assertEquals(Optional.empty(), of("inspection").containing(sh("2026-02-10T09:59")), "nothing before go-live");
    }

    @Test
    void theFirstReturnVisitPeriodStartsAMonthAfterGoLiveAndTheyGoOnAfterTheWarranty() {
        // startAfter "1 month": 2026-02-10 10:00 + 1 calendar month = 2026-03-10 10:00, inside Q1
        assertEquals("2026-03-10 2026-03-10T10:00 .. 2026-04-01T00:00", show(of("return-visit").first().orElseThrow()));
        assertEquals(Optional.empty(), of("return-visit").containing(sh("2026-03-10T09:59")));
        // ALWAYS: 2030 Q2 still has its occurrence, years after the warranty
        assertEquals("2030-04-01 2030-04-01T00:00 .. 2030-07-01T00:00", show(of("return-visit").containing(sh("2030-05-05T12:00")).orElseThrow()));
        ObligationPeriod q1 = of("return-visit").first().orElseThrow();
        assertEquals("2026-04-01 2026-04-01T00:00 .. 2026-07-01T00:00", show(of("return-visit").next(q1).orElseThrow()));
    }

    @Test
    void aCountPerContractYearRunsFromAcceptanceYearByYear() {
        ObligationPeriod year = of("maintenance").first().orElseThrow();
        assertEquals("2026-02-10 2026-02-10T10:00 .. 2027-02-10T10:00", show(year));
        assertEquals(Optional.empty(), of("maintenance").next(year), "one year of warranty: one contract year");
    }

    @Test
    void aSiteLiveAfterItsAcceptanceClipsItsFirstContractYearButKeepsItsQuarters() {
        // accepted 2026-01-15 00:00, live 2026-03-20 09:00: the contract year still runs from the acceptance
        Site late = site("school-9", "seed-004", "2026-01-15T00:00", "2026-03-20T09:00");
        Periods periods = Periods.of(obligation("seed-004", "maintenance"), late, contract("seed-004").warranty(), CN);
        ObligationPeriod year = periods.first().orElseThrow();
        assertEquals("2026-03-20 2026-03-20T09:00 .. 2027-01-15T00:00", show(year));
        assertEquals(sh("2026-01-15T00:00"), year.nominalStart());
        // quarters end 3, 6 and 9 months after 2026-01-15: needing ceil(q × 4 / 4) = q visits
        assertEquals(List.of(new Occurrence.Checkpoint(1, sh("2026-04-15T00:00"), 1), new Occurrence.Checkpoint(2, sh("2026-07-15T00:00"), 2),
                new Occurrence.Checkpoint(3, sh("2026-10-15T00:00"), 3)), new Occurrence("school-9", obligation("seed-004", "maintenance"), year).checkpoints(CN));
        // the warranty still runs from the acceptance: an inspection period stops at 2027-01-15 00:00
        Periods inspections = Periods.of(obligation("seed-004", "inspection"), late, contract("seed-004").warranty(), CN);
        assertEquals("2026-03-20 2026-03-20T09:00 .. 2026-04-01T00:00", show(inspections.first().orElseThrow()));
        assertEquals("2027-01-01 2027-01-01T00:00 .. 2027-01-15T00:00", show(inspections.containing(sh("2027-01-10T00:00")).orElseThrow()));
    }

    @Test
    void halfYearsOverThreeYearsOfWarranty() {
        // seed-003's survey at a school accepted 2026-08-20 00:00: H2 2026 clipped, then half-years to 2029-08-20 00:00
        Site s = site("school-3", "seed-003", "2026-08-20T00:00", null);
        assertEquals(List.of("2026-08-20", "2027-01-01", "2027-07-01", "2028-01-01", "2028-07-01", "2029-01-01", "2029-07-01"),
                Periods.of(obligation("seed-003", "survey"), s, contract("seed-003").warranty(), CN).until(sh("2040-01-01T00:00")).stream()
                        .map(p -> p.firstDay().toString()).toList());
        assertEquals(sh("2029-08-20T00:00"), Periods.of(obligation("seed-003", "survey"), s, contract("seed-003").warranty(), CN)
                .containing(sh("2029-08-19T23:59")).orElseThrow().end());
    }

    @Test
    void monthsAndYearsAreCalendarMonthsAndYearsOfTheZone(@TempDir Path dir) throws Exception {
        Policies p = Policies.load(Optional.of(Files.writeString(dir.resolve("ours.json"), """
                {"contracts": [{"id": "ours", "severities": {"P1": {}},
                  "obligations": [{"id": "backup", "kind": "MAINTENANCE_VISIT", "every": "MONTH"},
                                  {"id": "audit", "kind": "SURVEY", "every": "YEAR"}]}]}
                """)));
        Site s = site("school-5", "ours", "2026-12-31T23:30", null);
        Obligation monthly = p.contract("ours").orElseThrow().obligation("backup").orElseThrow();
        // 2026-12-31 23:30 in Shanghai is 15:30 UTC the same day: the month is Shanghai's December, half an hour of it
        assertEquals(List.of("2026-12-31 2026-12-31T23:30 .. 2027-01-01T00:00", "2027-01-01 2027-01-01T00:00 .. 2027-02-01T00:00",
                        "2027-02-01 2027-02-01T00:00 .. 2027-03-01T00:00"),
                Periods.of(monthly, s, Optional.empty(), CN).until(sh("2027-03-01T00:00")).stream().map(PeriodsTest::show).toList());
        Obligation yearly = p.contract("ours").orElseThrow().obligation("audit").orElseThrow();
        assertEquals(LocalDate.of(2027, 1, 1), Periods.of(yearly, s, Optional.empty(), CN).containing(sh("2027-06-01T00:00")).orElseThrow().firstDay());
        assertEquals(Instant.parse("2027-12-31T16:00:00Z"), Periods.of(yearly, s, Optional.empty(), CN).containing(sh("2027-06-01T00:00")).orElseThrow().end());
    }
}
