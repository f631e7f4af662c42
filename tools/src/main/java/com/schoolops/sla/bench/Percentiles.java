package com.schoolops.sla.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The p50, p99 and max of measured times, by nearest rank: the pN is the smallest value with at least N % of the
 * values at or below it, always one of the values measured (of 300, the p99 is the 297th smallest).
 */
record Percentiles(int count, long p50, long p99, long max) {

    static Percentiles of(Collection<Long> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values: nothing to take percentiles of");
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return new Percentiles(sorted.size(), nearestRank(sorted, 0.50), nearestRank(sorted, 0.99), sorted.get(sorted.size() - 1));
    }

    /** The value of {@code sorted} (ascending, not empty) at quantile {@code q}, by nearest rank. */
    static long nearestRank(List<Long> sorted, double q) {
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)));
    }

    /** "p50 1.21 s, p99 1.87 s, max 2.03 s": times in milliseconds, written in seconds. */
    String inSeconds() {
        return String.format(Locale.ROOT, "p50 %.2f s, p99 %.2f s, max %.2f s", p50 / 1e3, p99 / 1e3, max / 1e3);
    }

    /** "p50 120 / p99 480 ms": a step of a journey, shorter. */
    String inMillis() {
        return String.format(Locale.ROOT, "p50 %d / p99 %d ms", p50, p99);
    }
}
