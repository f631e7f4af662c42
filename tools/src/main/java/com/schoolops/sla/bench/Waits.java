package com.schoolops.sla.bench;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The bench's waits for what the applications do: looked at every half second, a failure when not in time. */
final class Waits {
    private Waits() {
    }

    /** Waits until {@code done} gives a result (not null, not FALSE) and returns it. */
    static <T> T until(String what, Supplier<T> done, Duration timeout) throws InterruptedException {
        long end = System.currentTimeMillis() + Math.max(0, timeout.toMillis());
        while (true) {
            T result = done.get();
            if (result != null && !Boolean.FALSE.equals(result)) {
                return result;
            }
            if (System.currentTimeMillis() > end) {
                throw new IllegalStateException("not in time: " + what);
            }
            Thread.sleep(500);
        }
    }

    static void untilTrue(String what, BooleanSupplier done, Duration timeout) throws InterruptedException {
        until(what, () -> done.getAsBoolean() ? Boolean.TRUE : null, timeout);
    }
}
