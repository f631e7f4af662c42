package com.schoolops.sla.policy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * Working time: working hours on working days in one time zone. A working day is a listed weekday that is not
 * a holiday, or a make-up working day (a weekend day worked in exchange for a holiday, as in China's calendar).
 */
public record BusinessCalendar(String id, ZoneId zone, Set<DayOfWeek> workdays, LocalTime start, LocalTime end,
                               Set<LocalDate> holidays, Set<LocalDate> makeUpWorkdays) {

    public BusinessCalendar {
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("working hours must end after they start");
        }
    }

    /** Working hours in one working day: one "working day" of a target is this long. */
    public Duration dayLength() {
        return Duration.between(start, end);
    }

    public boolean isWorkingDay(LocalDate day) {
        if (makeUpWorkdays.contains(day)) {
            return true;
        }
        return workdays.contains(day.getDayOfWeek()) && !holidays.contains(day);
    }

    /** The instant at which {@code amount} of working time has passed since {@code from}. */
    public Instant plus(Instant from, Duration amount) {
        long left = amount.toMillis();
        ZonedDateTime cursor = from.atZone(zone);
        LocalDate day = cursor.toLocalDate();
        for (int guard = 0; guard < 366 * 20; guard++, day = day.plusDays(1)) {
            if (!isWorkingDay(day)) {
                continue;
            }
            Instant open = day.atTime(start).atZone(zone).toInstant();
            Instant close = day.atTime(end).atZone(zone).toInstant();
            Instant begin = from.isAfter(open) ? from : open;
            if (!begin.isBefore(close)) {
                continue;
            }
            long available = Duration.between(begin, close).toMillis();
            if (left <= available) {
                return begin.plusMillis(left);
            }
            left -= available;
        }
        throw new IllegalStateException("calendar " + id + " has no working time in the next 20 years");
    }

    /**
     * The latest instant from which {@code amount} of working time passes until {@code to}: counted back, so that a
     * deadline "7 working days before" an exam at Monday 09:00 is the opening of the 7th working day before it
     * (the evening before that opening has the same working time left, and the latest instant is the fairer one).
     */
    public Instant minus(Instant to, Duration amount) {
        long left = amount.toMillis();
        if (left <= 0) {
            return to;
        }
        LocalDate day = to.atZone(zone).toLocalDate();
        for (int guard = 0; guard < 366 * 20; guard++, day = day.minusDays(1)) {
            if (!isWorkingDay(day)) {
                continue;
            }
            Instant open = day.atTime(start).atZone(zone).toInstant();
            Instant close = day.atTime(end).atZone(zone).toInstant();
            Instant finish = to.isBefore(close) ? to : close;
            if (!finish.isAfter(open)) {
                continue;
            }
            long available = Duration.between(open, finish).toMillis();
            if (left <= available) {
                return finish.minusMillis(left);
            }
            left -= available;
        }
        throw new IllegalStateException("calendar " + id + " has no working time in the 20 years before " + to);
    }

    /** Working time between two instants (zero if {@code to} is not after {@code from}). */
    public Duration between(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        long total = 0;
        LocalDate last = to.atZone(zone).toLocalDate();
        for (LocalDate day = from.atZone(zone).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
            if (!isWorkingDay(day)) {
                continue;
            }
            Instant open = day.atTime(start).atZone(zone).toInstant();
            Instant close = day.atTime(end).atZone(zone).toInstant();
            Instant a = from.isAfter(open) ? from : open;
            Instant b = to.isBefore(close) ? to : close;
            if (b.isAfter(a)) {
                total += Duration.between(a, b).toMillis();
            }
        }
        return Duration.ofMillis(total);
    }
}
