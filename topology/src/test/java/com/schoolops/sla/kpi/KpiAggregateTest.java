package com.schoolops.sla.kpi;

import com.schoolops.sla.avro.KpiGranularity;
import com.schoolops.sla.avro.KpiScope;
import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.avro.SlaKpi;
import com.schoolops.sla.state.KpiFact;
import com.schoolops.sla.state.KpiFactKind;
import com.schoolops.sla.state.KpiWindow;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class KpiAggregateTest {
    KpiWindow window = KpiWindow.newBuilder().setScope(KpiScope.CONTRACT).setScopeId("seed-003").setGranularity(KpiGranularity.DAILY)
            .setWindowStart(0).setWindowEnd(86_400_000).setBreachesByClock(new HashMap<>()).build();

    static KpiFact.Builder fact(KpiFactKind kind) {
        return KpiFact.newBuilder().setSiteId("school-1").setContractId("seed-003").setKind(kind).setAt(1_000)
                .setClock(null).setOpenedAt(null).setDurationMs(null).setSatisfaction(null);
    }

    @Test
    void aWindowWithNothingDecidedHasNoShareAndNoMeanRatherThanZero() {
        SlaKpi kpi = KpiAggregate.kpi(window);
        assertEquals(0, kpi.getTicketsOpened());
        assertNull(kpi.getResponseCompliancePct());
        assertNull(kpi.getRestoreCompliancePct());
        assertNull(kpi.getMeanTimeToAcknowledgeMs());
        assertNull(kpi.getMeanTimeToRestoreMs());
        assertNull(kpi.getRepairRatePct());
        assertNull(kpi.getMeanSatisfaction());
        assertNull(kpi.getSatisfiedPct());
        assertEquals(Map.of(), kpi.getBreachesByClock());
    }

    @Test
    void eachFigureAsTheReadmeDefinesIt() {
        // 4 tickets opened, 3 of them faults; 2 of the faults repaired while the window was open.
        KpiAggregate.add(window, fact(KpiFactKind.OPENED).setFault(true).build());
        KpiAggregate.add(window, fact(KpiFactKind.OPENED).setFault(true).build());
        KpiAggregate.add(window, fact(KpiFactKind.OPENED).setFault(true).build());
        KpiAggregate.add(window, fact(KpiFactKind.OPENED).setFault(false).build());
        KpiAggregate.repaired(window);
        KpiAggregate.repaired(window);
        // RESPONSE: 3 met, 1 missed; RESTORE: 1 met, 1 missed (also a breach each).
        for (int i = 0; i < 3; i++) {
            KpiAggregate.add(window, fact(KpiFactKind.CLOCK_MET).setClock(SlaClock.RESPONSE).build());
        }
        KpiAggregate.add(window, fact(KpiFactKind.CLOCK_MISSED).setClock(SlaClock.RESPONSE).build());
        KpiAggregate.add(window, fact(KpiFactKind.CLOCK_MET).setClock(SlaClock.RESTORE).build());
        KpiAggregate.add(window, fact(KpiFactKind.CLOCK_MISSED).setClock(SlaClock.RESTORE).build());
        KpiAggregate.add(window, fact(KpiFactKind.BREACH).setClock(SlaClock.RESPONSE).build());
        KpiAggregate.add(window, fact(KpiFactKind.BREACH).setClock(SlaClock.RESTORE).build());
        KpiAggregate.add(window, fact(KpiFactKind.BREACH).setClock(SlaClock.RESTORE).build());
        // Acknowledged after 10 and 20 min; restored after 2 h and 4 h.
        KpiAggregate.add(window, fact(KpiFactKind.ACKNOWLEDGED).setDurationMs(600_000L).build());
        KpiAggregate.add(window, fact(KpiFactKind.ACKNOWLEDGED).setDurationMs(1_200_000L).build());
        KpiAggregate.add(window, fact(KpiFactKind.RESOLVED).setDurationMs(7_200_000L).setOpenedAt(0L).build());
        KpiAggregate.add(window, fact(KpiFactKind.RESOLVED).setDurationMs(14_400_000L).setOpenedAt(0L).build());
        // Ratings 5, 4, 3: mean 4, two of three satisfied.
        for (int rating : new int[]{5, 4, 3}) {
            KpiAggregate.add(window, fact(KpiFactKind.SATISFACTION).setSatisfaction(rating).build());
        }

        SlaKpi kpi = KpiAggregate.kpi(window);
        assertEquals(4, kpi.getTicketsOpened());
        assertEquals(2, kpi.getTicketsResolved());
        assertEquals(75.0, kpi.getResponseCompliancePct());
        assertEquals(50.0, kpi.getRestoreCompliancePct());
        assertEquals(900_000L, kpi.getMeanTimeToAcknowledgeMs());
        assertEquals(10_800_000L, kpi.getMeanTimeToRestoreMs());
        assertEquals(200.0 / 3, kpi.getRepairRatePct(), 1e-9, "2 of the 3 faults: a consultation is no fault");
        assertEquals(4.0, kpi.getMeanSatisfaction());
        assertEquals(200.0 / 3, kpi.getSatisfiedPct(), 1e-9);
        assertEquals(Map.of("RESPONSE", 1, "RESTORE", 2), kpi.getBreachesByClock());
    }

    @Test
    void obligationsDueAreTheOccurrencesClosedMetOrMissedOnTheirPeriodsLastDay() {
        KpiAggregate.add(window, KpiFacts.obligation("school-1", "seed-003", true, 86_400_000));
        KpiAggregate.add(window, KpiFacts.obligation("school-1", "seed-003", false, 86_400_000));
        KpiAggregate.add(window, KpiFacts.obligation("school-2", "seed-003", false, 43_200_000));
        SlaKpi kpi = KpiAggregate.kpi(window);
        assertEquals(3, kpi.getObligationsDue());
        assertEquals(1, kpi.getObligationsMet());
        assertEquals(2, kpi.getObligationsMissed());
        assertEquals(86_399_999, KpiFacts.obligation("school-1", "seed-003", true, 86_400_000).getAt(),
                "a period ending at midnight counts on the day before it, its last");
    }
}
