package com.schoolops.sla.policy;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Working-time arithmetic on the default calendar: Mon–Fri 09:00–18:00 Asia/Shanghai. */
class BusinessCalendarTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
    // National Day 2026: Oct 1–7 off (Thu–Wed), with Sat Oct 10 worked in exchange.
    final BusinessCalendar calendar = new BusinessCalendar("cn", SHANGHAI, WEEKDAYS, LocalTime.of(9, 0), LocalTime.of(18, 0),
            Set.of(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 2), LocalDate.of(2026, 10, 5), LocalDate.of(2026, 10, 6),
                    LocalDate.of(2026, 10, 7)),
            Set.of(LocalDate.of(2026, 10, 10)));

    static Instant sh(String local) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(local), SHANGHAI).toInstant();
    }

    @Test
    void withinOneWorkingDay() {
        assertEquals(sh("2026-03-02T11:30:00"), calendar.plus(sh("2026-03-02T09:30:00"), Duration.ofHours(2)));
    }

    @Test
    void acrossTheEveningIntoTheNextMorning() {
        assertEquals(sh("2026-03-03T10:00:00"), calendar.plus(sh("2026-03-02T17:00:00"), Duration.ofHours(2)));
    }

    @Test
    void startingOutsideWorkingHoursStartsAtTheNextOpening() {
        assertEquals(sh("2026-03-03T11:00:00"), calendar.plus(sh("2026-03-02T21:15:00"), Duration.ofHours(2)));
        assertEquals(sh("2026-03-02T11:00:00"), calendar.plus(sh("2026-03-02T06:00:00"), Duration.ofHours(2)));
    }

    @Test
    void fridayAfternoonRunsOverTheWeekendToMonday() {
        // Friday 2026-03-06 17:00: one hour on Friday, one on Monday.
        assertEquals(sh("2026-03-09T10:00:00"), calendar.plus(sh("2026-03-06T17:00:00"), Duration.ofHours(2)));
        // A whole working day (9 h) from Friday 17:00 ends Monday 17:00.
        assertEquals(sh("2026-03-09T17:00:00"), calendar.plus(sh("2026-03-06T17:00:00"), calendar.dayLength()));
    }

    @Test
    void holidaysAreSkippedAndAMakeUpSaturdayIsWorked() {
        // Wed Sep 30 17:00 + 2 h: Sep 30 gives 1 h; Oct 1–2 holidays, Oct 3–4 weekend, Oct 5–7 holidays; Thu Oct 8 09:00 + 1 h.
        assertEquals(sh("2026-10-08T10:00:00"), calendar.plus(sh("2026-09-30T17:00:00"), Duration.ofHours(2)));
        // Fri Oct 9 17:00 + 2 h: 1 h Friday, then Saturday Oct 10 is a make-up working day.
        assertEquals(sh("2026-10-10T10:00:00"), calendar.plus(sh("2026-10-09T17:00:00"), Duration.ofHours(2)));
    }

    @Test
    void workingTimeIsCountedInTheCalendarsZoneNotUtc() {
        // 01:00 UTC is 09:00 in Shanghai: the working day has just begun.
        assertEquals(Instant.parse("2026-03-02T03:00:00Z"), calendar.plus(Instant.parse("2026-03-02T01:00:00Z"), Duration.ofHours(2)));
        BusinessCalendar london = new BusinessCalendar("uk", ZoneId.of("Europe/London"), WEEKDAYS, LocalTime.of(9, 0), LocalTime.of(18, 0),
                Set.of(), Set.of());
        // Across the spring clock change (Sunday 2026-03-29): Friday 17:00 GMT + 2 h = Monday 10:00 BST = 09:00 UTC.
        assertEquals(Instant.parse("2026-03-30T09:00:00Z"), london.plus(Instant.parse("2026-03-27T17:00:00Z"), Duration.ofHours(2)));
    }

    @Test
    void betweenIsTheInverseOfPlus() {
        Instant from = sh("2026-03-06T16:20:00");
        for (long minutes : new long[]{0, 30, 100, 540, 541, 2000}) {
            Instant to = calendar.plus(from, Duration.ofMinutes(minutes));
            assertEquals(Duration.ofMinutes(minutes), calendar.between(from, to), "after " + minutes + " working minutes");
        }
        assertEquals(Duration.ZERO, calendar.between(sh("2026-03-07T10:00:00"), sh("2026-03-08T20:00:00")), "a weekend has no working time");
    }

    @Test
    void countingBackIsTheInverseOfCountingForward() {
        // Monday 2026-03-09 10:00 back 2 h: 1 h on Monday from 09:00, then Friday 18:00 back 1 h: 17:00.
        assertEquals(sh("2026-03-06T17:00:00"), calendar.minus(sh("2026-03-09T10:00:00"), Duration.ofHours(2)));
        assertEquals(sh("2026-03-09T10:00:00"), calendar.plus(sh("2026-03-06T17:00:00"), Duration.ofHours(2)));
        Instant to = sh("2026-03-11T15:40:00");
        for (long minutes : new long[]{1, 30, 100, 540, 541, 2000}) {
            Instant from = calendar.minus(to, Duration.ofMinutes(minutes));
            assertEquals(Duration.ofMinutes(minutes), calendar.between(from, to), "back " + minutes + " working minutes");
        }
        assertEquals(to, calendar.minus(to, Duration.ZERO));
    }

    @Test
    void countingBackAWholeWorkingDayLandsOnItsOpeningNotOnTheEveningBefore() {
        // Monday 09:00 back 9 h: all of Friday. Thursday 18:00 leaves as much working time; the latest instant is Friday 09:00.
        assertEquals(sh("2026-03-06T09:00:00"), calendar.minus(sh("2026-03-09T09:00:00"), calendar.dayLength()));
        // From outside working hours: Monday 06:00 back 1 h is Friday 17:00.
        assertEquals(sh("2026-03-06T17:00:00"), calendar.minus(sh("2026-03-09T06:00:00"), Duration.ofHours(1)));
    }

    @Test
    void countingBackSkipsHolidaysAndCountsAMakeUpSaturday() {
        // Thu Oct 8 10:00 back 2 h: 1 h on Oct 8; Oct 7, 6, 5 holidays, Oct 4–3 weekend, Oct 2–1 holidays; Wed Sep 30 18:00 back 1 h.
        assertEquals(sh("2026-09-30T17:00:00"), calendar.minus(sh("2026-10-08T10:00:00"), Duration.ofHours(2)));
        // Mon Oct 12 10:00 back 2 h: 1 h on Monday, then Saturday Oct 10 (make-up) 18:00 back 1 h.
        assertEquals(sh("2026-10-10T17:00:00"), calendar.minus(sh("2026-10-12T10:00:00"), Duration.ofHours(2)));
    }
}
