package com.schoolops.sla.timers;

/**
 * How far a site task's input has been read, as an instant (a watermark, as Flink's over idle sources): every record
 * appended to the application's input topics before it, and everything the routers made of it, has been processed.
 * A verdict due at T (a silence, an outage, a warning, a breach) is published only once the watermark has reached
 * T, so nothing is judged on input that is not read yet: after a restart, during a failover or a rebalance, across
 * a broker outage. Input that is caught up moves the watermark with the wall clock, so a quiet input never holds
 * detection back.
 */
@FunctionalInterface
public interface InputWatermark {
    /** Input always current: offline replay and tests, where the driver feeds every record before it moves the clock. */
    InputWatermark CURRENT = (partition, now) -> now;

    /**
     * The watermark of the site task of {@code site-events} partition {@code partition}, at wall-clock {@code now};
     * {@link Long#MIN_VALUE} while nothing is known.
     */
    long readUpTo(int partition, long now);
}
