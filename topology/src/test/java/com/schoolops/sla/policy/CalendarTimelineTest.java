package com.schoolops.sla.policy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;

import static com.schoolops.sla.policy.BusinessCalendarTest.SHANGHAI;
import static com.schoolops.sla.policy.BusinessCalendarTest.WEEKDAYS;
import static com.schoolops.sla.policy.BusinessCalendarTest.sh;
import static org.junit.jupiter.api.Assertions.*;

/** Working time through a calendar's versions: each stretch counted by the version in force then. */
class CalendarTimelineTest {
    static BusinessCalendar calendar(LocalDate... holidays) {
        return new BusinessCalendar("cn", SHANGHAI, WEEKDAYS, LocalTime.of(9, 0), LocalTime.of(18, 0), Set.of(holidays), Set.of());
    }

    // Version 2, from Tuesday 2026-03-10 12:00, makes Monday the 9th (already worked) and Wednesday the 11th holidays.
    final CalendarTimeline timeline = new CalendarTimeline(List.of(calendar(), calendar(LocalDate.of(2026, 3, 9), LocalDate.of(2026, 3, 11))),
            new long[]{0, sh("2026-03-10T12:00").toEpochMilli()});

    @Test
    void timeBeforeAChangeIsCountedByTheVersionInForceThen() {
        assertEquals(Duration.ofHours(8 + 9), timeline.between(sh("2026-03-09T10:00"), sh("2026-03-10T18:00")), "Monday still worked");
        assertEquals(Duration.ofHours(8 + 9 + 9), timeline.between(sh("2026-03-09T10:00"), sh("2026-03-12T18:00")), "Wednesday not");
        assertEquals(Duration.ofHours(3), timeline.between(sh("2026-03-10T09:00"), sh("2026-03-10T12:00")));
    }

    @Test
    void aDeadlineStillToComeMovesAndOneAlreadyCountedDoesNot() {
        assertEquals(sh("2026-03-12T10:00"), timeline.plus(sh("2026-03-09T10:00"), Duration.ofHours(18)), "Wednesday skipped");
        assertEquals(sh("2026-03-10T10:00"), timeline.plus(sh("2026-03-09T10:00"), Duration.ofHours(9)), "reached before the change: Mon 8 h + Tue 1 h");
        assertEquals(sh("2026-03-12T10:00"), CalendarTimeline.of(calendar(LocalDate.of(2026, 3, 11)))
                .plus(sh("2026-03-09T10:00"), Duration.ofHours(18)), "the same as a calendar that always had the Wednesday off");
        assertEquals(sh("2026-03-12T18:00"), CalendarTimeline.of(calendar(LocalDate.of(2026, 3, 9), LocalDate.of(2026, 3, 11)))
                .plus(sh("2026-03-09T10:00"), Duration.ofHours(18)), "re-counting Monday would give Thursday evening");
    }

    @Test
    void theVersionInForceAtAnInstant() {
        assertTrue(timeline.at(sh("2026-03-10T11:59").toEpochMilli()).holidays().isEmpty());
        assertEquals(2, timeline.at(sh("2026-03-10T12:00").toEpochMilli()).holidays().size());
        assertTrue(timeline.at(Instant.parse("1990-01-01T00:00:00Z").toEpochMilli()).holidays().isEmpty(), "the first covers all time before");
    }

    @Test
    void countingBackCountsEachStretchByItsVersion() {
        // Thu Mar 12 10:00 back 18 h: 1 h of Thursday; Wednesday a holiday (version 2); Tuesday 12:00-18:00, 6 h (version 2),
        // and 09:00-12:00, 3 h (version 1): 10 h; 8 h more of Monday, which version 1 worked: Monday 18:00 back 8 h is 10:00.
        assertEquals(sh("2026-03-09T10:00"), timeline.minus(sh("2026-03-12T10:00"), Duration.ofHours(18)));
        assertEquals(Duration.ofHours(18), timeline.between(sh("2026-03-09T10:00"), sh("2026-03-12T10:00")));
        // within the newest version alone: Thursday 10:00 back 1 h is its opening
        assertEquals(sh("2026-03-12T09:00"), timeline.minus(sh("2026-03-12T10:00"), Duration.ofHours(1)));
    }
}
