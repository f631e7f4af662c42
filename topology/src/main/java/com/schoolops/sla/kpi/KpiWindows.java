package com.schoolops.sla.kpi;

import com.schoolops.sla.avro.KpiGranularity;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Where an instant falls: HOURLY windows are clock hours (or, in the demo, windows of {@code kpi.hourly-window}
 * aligned to the epoch); DAILY windows are local days of a zone (Asia/Shanghai's day runs from 16:00Z to 16:00Z),
 * 23 or 25 hours long where the zone changes its clocks.
 */
public final class KpiWindows {
    public static final long HOUR_MS = 3_600_000;

    private KpiWindows() {
    }

    /** One window: [start, end) in epoch ms. */
    public record Span(KpiGranularity granularity, long start, long end) {
    }

    public static Span of(KpiGranularity granularity, ZoneId zone, long at) {
        return of(granularity, zone, at, HOUR_MS);
    }

    /** @param hourlyMs the length of a HOURLY window: an hour, but for the demo */
    public static Span of(KpiGranularity granularity, ZoneId zone, long at, long hourlyMs) {
        return switch (granularity) {
            case HOURLY -> {
                long start = Math.floorDiv(at, hourlyMs) * hourlyMs;
                yield new Span(granularity, start, start + hourlyMs);
            }
            case DAILY -> {
                LocalDate day = Instant.ofEpochMilli(at).atZone(zone).toLocalDate();
                yield new Span(granularity, day.atStartOfDay(zone).toInstant().toEpochMilli(),
                        day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli());
            }
        };
    }
}
