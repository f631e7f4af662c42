package com.schoolops.sla.obligations;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One period of an obligation at a site: from {@code start} (inclusive) to {@code end} (exclusive), clipped at go-live
 * plus {@code startAfter} and, in warranty, at the warranty's end.
 *
 * @param nominalStart where the unclipped period starts (a contract year's quarters count from it)
 * @param firstDay     {@code start}'s local date in the calendar's zone: the period's name in ids
 */
public record ObligationPeriod(Instant start, Instant end, Instant nominalStart, LocalDate firstDay) {
    public ObligationPeriod {
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("a period ends after it starts: " + start + " .. " + end);
        }
    }

    public boolean contains(Instant at) {
        return !at.isBefore(start) && at.isBefore(end);
    }
}
