package com.schoolops.sla.kpi;

import com.schoolops.sla.avro.KpiGranularity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.*;

class KpiWindowsTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void aShanghaiDayRunsFrom16ZTo16Z() {
        var day = KpiWindows.of(KpiGranularity.DAILY, SHANGHAI, ms("2026-03-02T15:59:59Z"));
        assertEquals(ms("2026-03-01T16:00:00Z"), day.start());
        assertEquals(ms("2026-03-02T16:00:00Z"), day.end());
        assertEquals(ms("2026-03-02T16:00:00Z"), KpiWindows.of(KpiGranularity.DAILY, SHANGHAI, ms("2026-03-02T16:00:00Z")).start(),
                "midnight in Shanghai opens the next day");
    }

    @Test
    void anHourIsAClockHour() {
        var hour = KpiWindows.of(KpiGranularity.HOURLY, SHANGHAI, ms("2026-03-02T08:59:59.999Z"));
        assertEquals(ms("2026-03-02T08:00:00Z"), hour.start());
        assertEquals(ms("2026-03-02T09:00:00Z"), hour.end());
    }

    @Test
    void aDayOfAZoneThatChangesItsClocksHasItsRealLength() {
        var spring = KpiWindows.of(KpiGranularity.DAILY, ZoneId.of("Europe/Berlin"), ms("2026-03-29T12:00:00Z"));
        assertEquals(23 * 3_600_000L, spring.end() - spring.start());
    }
}
