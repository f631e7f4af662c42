package com.schoolops.sla.notify.routes;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Hours of a day (in a zone) when a route holds its tier-1 messages: a school's robot group is not woken at night for
 * what remote support can answer in the morning. Tier 2 and 3 are never held. {@code from} after {@code to} spans
 * midnight (22:00 to 07:00).
 */
public record QuietHours(LocalTime from, LocalTime to, ZoneId zone) {

    public boolean holds(long at) {
        LocalTime t = Instant.ofEpochMilli(at).atZone(zone).toLocalTime();
        return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
    }

    /** The end of the quiet hours {@code at} lies in (call only when {@link #holds}). */
    public long endAfter(long at) {
        ZonedDateTime now = Instant.ofEpochMilli(at).atZone(zone);
        ZonedDateTime end = now.toLocalDate().atTime(to).atZone(zone);
        return (end.isAfter(now) ? end : end.plusDays(1)).toInstant().toEpochMilli();
    }
}
