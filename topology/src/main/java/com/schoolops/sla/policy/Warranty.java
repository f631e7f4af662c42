package com.schoolops.sla.policy;

import java.time.Instant;
import java.time.ZoneId;

/** A contract's free-service period: {@code years} from a site's acceptance (验收合格), in the calendar's zone. */
public record Warranty(int years) {
    public Warranty {
        if (years < 1) {
            throw new IllegalArgumentException("years must be 1 or more, not " + years);
        }
    }

    /** When a site accepted at {@code acceptedAt} leaves the warranty; a device with no {@code warrantyUntil} of its own takes this. */
    public Instant end(Instant acceptedAt, ZoneId zone) {
        return acceptedAt.atZone(zone).plusYears(years).toInstant();
    }
}
