package com.schoolops.sla.report;

import com.schoolops.sla.avro.KpiGranularity;
import com.schoolops.sla.avro.KpiScope;
import com.schoolops.sla.avro.SlaKpi;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ServiceReviewTest {
    static SlaKpi day(String start, Double availability, long trackedMs, Double response, int decided) {
        long s = Instant.parse(start).toEpochMilli();
        return SlaKpi.newBuilder().setScope(KpiScope.SITE).setScopeId("school-1").setGranularity(KpiGranularity.DAILY)
                .setWindowStart(s).setWindowEnd(s + 86_400_000).setDeviceAvailabilityPct(availability).setTrackedDeviceMs(trackedMs)
                .setResponseCompliancePct(response).setResponseDecided(decided).setBreachesByClock(Map.of()).build();
    }

    @Test
    void aMonthIsItsDaysAddedUpByTheirBasesNotTheMeanOfTheirPercentages() {
        List<SlaKpi> days = List.of(
                day("2026-02-28T16:00:00Z", 100.0, 3_600_000, 100.0, 1),     // 1 March in Shanghai
                day("2026-03-01T16:00:00Z", 50.0, 3 * 3_600_000, 50.0, 2),   // 2 March
                day("2026-03-31T16:00:00Z", 0.0, 3_600_000, 0.0, 5));        // 1 April: another month
        ServiceReview.Month m = ServiceReview.of(days, KpiScope.SITE, "school-1", YearMonth.of(2026, 3), Map.of()).total();
        assertEquals(62.5, m.deviceAvailabilityPct(), 1e-9, "(1 h + 1.5 h) of 4 h tracked, not (100 + 50) / 2");
        assertEquals(200.0 / 3, m.responseCompliancePct(), 1e-9, "1 + 1 met of 1 + 2 decided, not (100 + 50) / 2");
        assertEquals(3, m.responseDecided());
    }
}
