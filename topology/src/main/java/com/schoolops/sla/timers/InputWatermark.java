package com.schoolops.sla.timers;

/**
 * How far the application's inputs have been read, as an instant (a watermark, as Flink's over idle sources): every
 * record appended to any input topic before it has been processed by the tasks that read the inputs. A verdict due
 * at T (a silence, an outage, a warning, a breach) is published only once its input is read up to T, so nothing is
 * judged on input that is not read yet: after a restart, during a failover or a rebalance, across a broker outage.
 * Input that is caught up moves the watermark with the wall clock, so a quiet input never holds detection back.
 * <p>
 * The tasks that read the inputs judge silences with it and pass it on to the sites in band ({@link ReadMarks}).
 */
public interface InputWatermark {
    /** Input always current: offline replay and tests, where the driver feeds every record before it moves the clock. */
    InputWatermark CURRENT = new InputWatermark() {
        @Override
        public long readUpTo(long now) {
            return now;
        }

        @Override
        public int readers() {
            return 1;
        }

        @Override
        public boolean live() {
            return false;
        }
    };

    /** The watermark at wall-clock {@code now}; {@link Long#MIN_VALUE} while nothing is known. */
    long readUpTo(long now);

    /** How many tasks read the inputs (the most partitions of any input topic); 0 while not known. */
    int readers();

    /** Whether the application runs live, in transactions, rather than offline under a driver (replay, tests). */
    default boolean live() {
        return true;
    }
}
