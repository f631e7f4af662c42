package com.schoolops.sla.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * A business calendar through its versions: the working time of each instant is counted by the version in force at
 * that instant. A holiday added on Tuesday therefore moves the deadlines still to come and never the time already
 * counted (issue 23: ServiceNow and Jira re-judge running and finished clocks when a schedule changes).
 */
public final class CalendarTimeline {
    private final List<BusinessCalendar> versions;
    private final long[] inForceFrom;

    /**
     * @param versions    oldest first
     * @param inForceFrom when each version takes over, ascending; the first is the beginning of time
     */
    public CalendarTimeline(List<BusinessCalendar> versions, long[] inForceFrom) {
        if (versions.isEmpty() || versions.size() != inForceFrom.length) {
            throw new IllegalArgumentException("a calendar timeline needs a start for each of its versions");
        }
        this.versions = List.copyOf(versions);
        this.inForceFrom = inForceFrom.clone();
        this.inForceFrom[0] = Long.MIN_VALUE;
    }

    /** A calendar that never changed. */
    public static CalendarTimeline of(BusinessCalendar calendar) {
        return new CalendarTimeline(List.of(calendar), new long[]{Long.MIN_VALUE});
    }

    /** The version in force at {@code at}. */
    public BusinessCalendar at(long at) {
        return versions.get(segment(at));
    }

    /** The zone of the newest version. */
    public ZoneId zone() {
        return versions.get(versions.size() - 1).zone();
    }

    /** The instant at which {@code amount} of working time has passed since {@code from}, each stretch counted by its own version. */
    public Instant plus(Instant from, Duration amount) {
        Instant cursor = from;
        Duration left = amount;
        for (int i = segment(from.toEpochMilli()); i < versions.size() - 1; i++) {
            Instant end = Instant.ofEpochMilli(inForceFrom[i + 1]);
            Duration available = versions.get(i).between(cursor, end);
            if (left.compareTo(available) <= 0) {
                return versions.get(i).plus(cursor, left);
            }
            left = left.minus(available);
            cursor = end.isAfter(cursor) ? end : cursor;
        }
        return versions.get(versions.size() - 1).plus(cursor, left);
    }

    /** The latest instant from which {@code amount} of working time passes until {@code to}, each stretch counted by its own version. */
    public Instant minus(Instant to, Duration amount) {
        Instant cursor = to;
        Duration left = amount;
        for (int i = segment(to.toEpochMilli()); i > 0; i--) {
            Instant begin = Instant.ofEpochMilli(inForceFrom[i]);
            Duration available = versions.get(i).between(begin, cursor);
            if (left.compareTo(available) <= 0) {
                return versions.get(i).minus(cursor, left);
            }
            left = left.minus(available);
            cursor = begin.isBefore(cursor) ? begin : cursor;
        }
        return versions.get(0).minus(cursor, left);
    }

    /** Working time between two instants, each stretch counted by its own version. */
    public Duration between(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        Duration total = Duration.ZERO;
        Instant cursor = from;
        for (int i = segment(from.toEpochMilli()); i < versions.size() && cursor.isBefore(to); i++) {
            Instant end = i + 1 < versions.size() ? Instant.ofEpochMilli(inForceFrom[i + 1]) : to;
            Instant stop = end.isBefore(to) ? end : to;
            total = total.plus(versions.get(i).between(cursor, stop));
            cursor = stop;
        }
        return total;
    }

    private int segment(long at) {
        int i = versions.size() - 1;
        while (i > 0 && inForceFrom[i] > at) {
            i--;
        }
        return i;
    }
}
