package com.schoolops.sla.policy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a calendar lists the holidays of the years it is about to count: without them, "2 working days" runs
 * straight through the Spring Festival. China's schedule for a year is announced each autumn (usually November), so
 * the coming year is asked for from {@link #COMING_YEAR_FROM} on, a month of grace after that.
 */
public final class HolidayCoverage {
    /** From this month on, the coming year's holidays are expected too. */
    static final Month COMING_YEAR_FROM = Month.DECEMBER;

    private HolidayCoverage() {
    }

    /** One line per missing year (Chinese first, English second), empty when the calendar is covered. */
    public static List<String> warnings(BusinessCalendar calendar, Instant now) {
        LocalDate today = now.atZone(calendar.zone()).toLocalDate();
        List<Integer> years = new ArrayList<>(List.of(today.getYear()));
        if (today.getMonth().compareTo(COMING_YEAR_FROM) >= 0) {
            years.add(today.getYear() + 1);
        }
        return years.stream().filter(year -> calendar.holidays().stream().noneMatch(d -> d.getYear() == year))
                .map(year -> "日历 " + calendar.id() + " 没有 " + year + " 年的节假日：请在 sla-contracts 上发布该日历的新版本（CALENDAR）"
                        + " / calendar " + calendar.id() + " lists no holidays for " + year + ": publish its schedule as a CALENDAR version on sla-contracts")
                .toList();
    }
}
