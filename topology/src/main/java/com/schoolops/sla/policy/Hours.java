package com.schoolops.sla.policy;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A span of the day in which a visit counts, as a commitment writes it: {@code 09:30-11:30} (回访时间定于上午 9:30 至
 * 11:30). Both ends are in: a call logged at 11:30 was made "by 11:30".
 */
public record Hours(LocalTime from, LocalTime to) {
    private static final Pattern TEXT = Pattern.compile("(\\d{2}:\\d{2})\\s*-\\s*(\\d{2}:\\d{2})");

    public Hours {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("ends at " + to + ", not after it starts at " + from);
        }
    }

    public static Hours parse(String text) {
        Matcher m = TEXT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not HH:MM-HH:MM");
        }
        try {
            return new Hours(LocalTime.parse(m.group(1)), LocalTime.parse(m.group(2)));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not HH:MM-HH:MM (no such time of day)");
        }
    }

    public boolean contains(LocalTime time) {
        return !time.isBefore(from) && !time.isAfter(to);
    }

    @Override
    public String toString() {
        return from + "-" + to;
    }
}
