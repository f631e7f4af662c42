package com.schoolops.sla.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a calendar lists the holidays of the years it is about to count: without them, "2 working days" runs
 * straight through the Spring Festival. China's schedule for a year is announced each autumn (usually November), so
 * the coming year is asked for from {@link #COMING_YEAR_FROM} on, a month of grace after that. Each year is judged by
 * the version that will count it: a version already published to take over on 1 January counts.
 */
public final class HolidayCoverage {
    /** From this month on, the coming year's holidays are expected too. */
    static final Month COMING_YEAR_FROM = Month.DECEMBER;

    private HolidayCoverage() {
    }

    /** One line per missing year (Chinese first, English second), empty when the calendar is covered. */
    public static List<String> warnings(BusinessCalendar calendar, Instant now) {
        return warnings(CalendarTimeline.of(calendar), now);
    }

    /** As {@link #warnings(BusinessCalendar, Instant)}, each year by the version in force from its start (or from now). */
    public static List<String> warnings(CalendarTimeline timeline, Instant now) {
        LocalDate today = now.atZone(timeline.at(now.toEpochMilli()).zone()).toLocalDate();
        List<String> out = new ArrayList<>();
        out.addAll(missing(timeline.at(now.toEpochMilli()), today.getYear()));
        if (today.getMonth().compareTo(COMING_YEAR_FROM) >= 0) {
            int next = today.getYear() + 1;
            BusinessCalendar counting = timeline.at(LocalDate.of(next, 1, 1).atStartOfDay(timeline.zone()).toInstant().toEpochMilli());
            out.addAll(missing(counting, next));
        }
        return out;
    }

    private static List<String> missing(BusinessCalendar calendar, int year) {
        if (calendar.holidays().stream().anyMatch(d -> d.getYear() == year)) {
            return List.of();
        }
        return List.of("日历 " + calendar.id() + " 没有 " + year + " 年的节假日：请在 sla-contracts 上发布该日历的新版本（CALENDAR）"
                + " / calendar " + calendar.id() + " lists no holidays for " + year + ": publish its schedule as a CALENDAR version on sla-contracts");
    }
}
