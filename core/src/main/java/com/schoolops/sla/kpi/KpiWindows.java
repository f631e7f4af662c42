package com.schoolops.sla.kpi;

import com.schoolops.sla.avro.KpiGranularity;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Where an instant falls: HOURLY windows are clock hours; DAILY windows are local days of a zone (Asia/Shanghai's day
 * runs from 16:00Z to 16:00Z), 23 or 25 hours long where the zone changes its clocks.
 */
public final class KpiWindows {
    private static final long HOUR_MS = 3_600_000;

    private KpiWindows() {
    }

    /** One window: [start, end) in epoch ms. */
    public record Span(KpiGranularity granularity, long start, long end) {
    }

    public static Span of(KpiGranularity granularity, ZoneId zone, long at) {
        return switch (granularity) {
            case HOURLY -> {
                long start = Math.floorDiv(at, HOUR_MS) * HOUR_MS;
                yield new Span(granularity, start, start + HOUR_MS);
            }
            case DAILY -> {
                LocalDate day = Instant.ofEpochMilli(at).atZone(zone).toLocalDate();
                yield new Span(granularity, day.atStartOfDay(zone).toInstant().toEpochMilli(),
                        day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli());
            }
        };
    }
}
