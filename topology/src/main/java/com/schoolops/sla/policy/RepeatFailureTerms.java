package com.schoolops.sla.policy;

import java.time.Duration;

/**
 * When a device fails too often (SPEC section 11, seed-003: 对频繁出现故障的设备，排查根本原因): {@code count} faults within
 * {@code within} raise REPEAT_FAILURE, once per device per {@code within}. A contract without a {@code repeatFailure}
 * block takes {@link #DEFAULT}.
 *
 * @param count  faults that make a repeat failure, 2 or more
 * @param within how close together they are, from the first to the last
 */
public record RepeatFailureTerms(int count, Duration within) {
    public static final RepeatFailureTerms DEFAULT = new RepeatFailureTerms(3, Duration.ofDays(30));

    public RepeatFailureTerms {
        if (count < 2) {
            throw new IllegalArgumentException("count must be 2 or more, not " + count);
        }
        if (within.isNegative() || within.isZero()) {
            throw new IllegalArgumentException("within must be longer than nothing, not " + within);
        }
    }
}
