package com.schoolops.sla.http.actions;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * The id of a ticket a school reports (网络受理), short enough to read out on the phone: {@code W-20261207-7K3Q9X}, the
 * day it was reported (in the console's zone) and six characters drawn at random from Crockford's base 32 (digits and
 * capitals without I, L, O and U, so none is taken for another). Unique without coordination between instances or
 * across restarts: 32^6, about a billion, ids a day, drawn from a {@link SecureRandom}; at a hundred reports a day two
 * would share an id about once in 600 years. An id the engine still keeps a ticket under is drawn again.
 */
final class TicketIds {
    static final String PREFIX = "W-";
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final int LENGTH = 6;
    private static final int DRAWS = 5;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);

    private final ZoneId zone;
    private final RandomGenerator random;

    TicketIds(ZoneId zone) {
        this(zone, new SecureRandom());
    }

    TicketIds(ZoneId zone, RandomGenerator random) {
        this.zone = zone;
        this.random = random;
    }

    /** A new id for a report made at {@code now}, not one of {@code taken}. */
    String next(Instant now, Predicate<String> taken) {
        for (int draw = 0; draw < DRAWS; draw++) {
            StringBuilder id = new StringBuilder(PREFIX).append(DAY.format(now.atZone(zone))).append('-');
            for (int i = 0; i < LENGTH; i++) {
                id.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            if (!taken.test(id.toString())) {
                return id.toString();
            }
        }
        throw new IllegalStateException(DRAWS + " ids drawn in a row were taken: the random source is broken");
    }
}
