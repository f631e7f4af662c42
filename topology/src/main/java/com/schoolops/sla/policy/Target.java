package com.schoolops.sla.policy;

import com.schoolops.sla.config.Durations;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a clock may run: natural time (7×24), or working time on the contract's calendar. Written as
 * {@code 2h}, {@code 30m}, {@code 2h working}, or {@code 2d working} (working days, each the calendar's
 * working hours long).
 */
public record Target(Duration amount, int workingDays, boolean working) {
    private static final Pattern WORKING_DAYS = Pattern.compile("(\\d+)\\s*d\\s+working");
    private static final Pattern WORKING = Pattern.compile("(.+?)\\s+working");

    public static Target parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher days = WORKING_DAYS.matcher(t);
        if (days.matches()) {
            return new Target(Duration.ZERO, Integer.parseInt(days.group(1)), true);
        }
        Matcher working = WORKING.matcher(t);
        if (working.matches()) {
            return new Target(Durations.parse(working.group(1)), 0, true);
        }
        return new Target(Durations.parse(t), 0, false);
    }

    /** The clock-time this target allows: natural time, or working time with days converted by the calendar. */
    public Duration length(BusinessCalendar calendar) {
        return working ? amount.plus(calendar.dayLength().multipliedBy(workingDays)) : amount;
    }

    @Override
    public String toString() {
        if (workingDays > 0) {
            return workingDays + (workingDays == 1 ? " working day" : " working days");
        }
        return Durations.format(amount) + (working ? " working" : "");
    }
}
