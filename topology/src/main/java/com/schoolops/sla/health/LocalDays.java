package com.schoolops.sla.health;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Local days of one zone, numbered as days since 1970-01-01: which day an instant falls in, and where a day starts
 * and ends (23 or 25 hours on a day the clocks change). The day last asked about is kept, so the liveness stage's
 * question per heartbeat costs two comparisons. Not for sharing between threads: each processor has its own.
 */
public final class LocalDays {
    private final ZoneId zone;
    private int cachedDay = Integer.MIN_VALUE;
    private long cachedStart;
    private long cachedEnd;

    public LocalDays(ZoneId zone) {
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The local day {@code epochMs} falls in. */
    public int day(long epochMs) {
        if (epochMs >= cachedStart && epochMs < cachedEnd && cachedDay != Integer.MIN_VALUE) {
            return cachedDay;
        }
        int day = (int) Instant.ofEpochMilli(epochMs).atZone(zone).toLocalDate().toEpochDay();
        cachedDay = day;
        cachedStart = computeStart(day);
        cachedEnd = computeStart(day + 1);
        return day;
    }

    /** Epoch ms of the day's first instant. */
    public long start(int day) {
        return day == cachedDay ? cachedStart : computeStart(day);
    }

    /** Epoch ms of the next day's first instant: the day's end, exclusive. */
    public long end(int day) {
        return day == cachedDay ? cachedEnd : computeStart(day + 1);
    }

    /** The day as a date, YYYY-MM-DD. */
    public static String date(int day) {
        return LocalDate.ofEpochDay(day).toString();
    }

    private long computeStart(int day) {
        return LocalDate.ofEpochDay(day).atStartOfDay(zone).toInstant().toEpochMilli();
    }
}
