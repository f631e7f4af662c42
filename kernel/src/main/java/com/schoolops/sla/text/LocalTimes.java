package com.schoolops.sla.text;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The one way a time is written for a person (messages, mails, robot texts, the console, reports): the local time of
 * the site's (or the receiver's) zone, to the second, labelled with that zone, e.g. {@code 2026-03-02 16:02:45 Asia/Shanghai}.
 * Machines read epoch milliseconds or ISO-8601 instants; this is never parsed back.
 */
public final class LocalTimes {
    /** The pattern, also used by the console's script (it must stay the same there). */
    public static final String PATTERN = "yyyy-MM-dd HH:mm:ss VV";
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern(PATTERN, Locale.ROOT);

    private LocalTimes() {
    }

    public static String format(long epochMs, ZoneId zone) {
        return format(Instant.ofEpochMilli(epochMs), zone);
    }

    public static String format(Instant instant, ZoneId zone) {
        return FORMAT.format(instant.atZone(zone));
    }
}
