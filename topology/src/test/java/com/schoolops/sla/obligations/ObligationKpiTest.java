package com.schoolops.sla.obligations;

import com.schoolops.sla.avro.KpiGranularity;
import com.schoolops.sla.avro.SlaKpi;
import com.schoolops.sla.avro.VisitKind;
import com.schoolops.sla.avro.VisitMode;
import com.schoolops.sla.testing.TopologyHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.schoolops.sla.obligations.ObligationsTopologyTest.completed;
import static com.schoolops.sla.obligations.ObligationsTopologyTest.school4;
import static com.schoolops.sla.obligations.ObligationsTopologyTest.sh;
import static org.junit.jupiter.api.Assertions.*;

/**
 * SPEC section 9, KPIs, on the real topology: a seed-004 school (no devices, so no KPI window is open but for what the
 * obligations count) accepted on Tuesday 2026-02-10 10:00. Q1's inspection is done on 03-12 (met); Q1's return visit
 * [03-10 10:00, 04-01 00:00) gets nothing (missed). Both close at 04-01 00:00 Shanghai and count on their period's last
 * day, Tuesday 03-31: the DAILY window [03-30 16:00Z, 03-31 16:00Z) of the site and of its contract, and its last hour.
 * The contract-year maintenance does not close in the quarter.
 */
class ObligationKpiTest {
    TopologyHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void aMetAndAMissedOccurrenceClosingTheSameDayCountOnThatDaysRecordsOfTheSiteAndTheContract() {
        Instant accepted = sh("2026-02-10T10:00");
        h = new TopologyHarness(accepted, Map.of("health.check-interval", "1m"));
        h.site(school4(accepted));
        h.jumpTo(sh("2026-03-12T10:00"));
        h.visit(completed("in-1", VisitKind.INSPECTION, VisitMode.ON_SITE, h.now()));

        Instant q1End = sh("2026-04-01T00:00");
        h.jumpTo(q1End.plusSeconds(1)); // the verdicts, at the periods' end
        h.jumpTo(q1End.plusSeconds(9 * 60 + 59));
        assertTrue(h.kpis.isEmpty(), "the day's window is open until its end plus the 10 min grace");
        h.jumpTo(q1End.plusSeconds(10 * 60 + 1));
        h.jumpTo(sh("2026-04-02T00:11")); // and the next day closes too: nothing of it

        List<SlaKpi> published = h.kpis.readValuesToList();
        List<SlaKpi> daily = published.stream().filter(k -> k.getGranularity() == KpiGranularity.DAILY).toList();
        assertEquals(List.of("CONTRACT seed-004 2026-03-30T16:00:00Z", "SITE school-4 2026-03-30T16:00:00Z"), daily.stream()
                .map(k -> k.getScope() + " " + k.getScopeId() + " " + Instant.ofEpochMilli(k.getWindowStart())).sorted().toList(),
                "one record per scope, for 03-31 only");
        for (SlaKpi day : daily) {
            assertEquals(sh("2026-04-01T00:00").toEpochMilli(), day.getWindowEnd());
            assertEquals(List.of(2, 1, 1), List.of(day.getObligationsDue(), day.getObligationsMet(), day.getObligationsMissed()),
                    day.getScope() + ": due, met, missed");
            assertEquals(0, day.getTicketsOpened());
        }
        // The hourly windows carry them too, in the period's last hour, 23:00-24:00 on 03-31 (15:00Z-16:00Z).
        List<SlaKpi> hourly = published.stream().filter(k -> k.getGranularity() == KpiGranularity.HOURLY).toList();
        assertEquals(2, hourly.size(), hourly.toString());
        for (SlaKpi hour : hourly) {
            assertEquals(Instant.parse("2026-03-31T15:00:00Z").toEpochMilli(), hour.getWindowStart());
            assertEquals(List.of(2, 1, 1), List.of(hour.getObligationsDue(), hour.getObligationsMet(), hour.getObligationsMissed()));
        }
    }
}
