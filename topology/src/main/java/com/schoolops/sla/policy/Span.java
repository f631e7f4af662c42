package com.schoolops.sla.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A length of time before or after an instant as a contract writes it: calendar months or years ({@code 1 month},
 * {@code 2 years}: "one month after go-live"), or a {@link Target} in natural or working time ({@code 5m},
 * {@code 10d working}: a working span is counted in the calendar's working time, back as well as forward).
 *
 * @param months calendar months (a year is 12); 0 when {@code target} says the length
 * @param target the natural or working length; null when {@code months} says it
 */
public record Span(int months, Target target) {
    private static final Pattern CALENDAR = Pattern.compile("(\\d+)\\s*(month|months|year|years)");

    public Span {
        if ((target == null) == (months == 0)) {
            throw new IllegalArgumentException("a span is either calendar months or a target");
        }
    }

    /** {@code 1 month}, {@code 2 years}, or a target ({@link Target#parse}). */
    public static Span parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = CALENDAR.matcher(t);
        if (m.matches()) {
            int n = Integer.parseInt(m.group(1));
            if (n == 0) {
                return new Span(0, Target.parse("0s"));
            }
            return new Span(m.group(2).startsWith("year") ? 12 * n : n, null);
        }
        try {
            return new Span(0, Target.parse(t));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a span (write e.g. 1 month, 1 year, 5m, 2h, 10d working)");
        }
    }

    /** The instant this span after {@code from}: months in the calendar's zone, working time on the calendar. */
    public Instant after(Instant from, CalendarTimeline calendar) {
        if (target == null) {
            return from.atZone(zone(calendar, from)).plusMonths(months).toInstant();
        }
        Duration length = target.length(calendar.at(from.toEpochMilli()));
        return target.working() ? calendar.plus(from, length) : from.plus(length);
    }

    /** The instant this span before {@code to}, the latest one where working time is counted back ({@link BusinessCalendar#minus}). */
    public Instant before(Instant to, CalendarTimeline calendar) {
        if (target == null) {
            return to.atZone(zone(calendar, to)).minusMonths(months).toInstant();
        }
        Duration length = target.length(calendar.at(to.toEpochMilli()));
        return target.working() ? calendar.minus(to, length) : to.minus(length);
    }

    private static ZoneId zone(CalendarTimeline calendar, Instant at) {
        return calendar.at(at.toEpochMilli()).zone();
    }

    @Override
    public String toString() {
        if (target != null) {
            return target.toString();
        }
        return months % 12 == 0 ? plural(months / 12, "year") : plural(months, "month");
    }

    private static String plural(int n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
