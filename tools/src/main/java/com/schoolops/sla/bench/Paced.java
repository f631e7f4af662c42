package com.schoolops.sla.bench;

/** {@code count} things to do, the first at {@code firstAt} and one every {@code everyMs} after it (epoch ms). */
record Paced(long firstAt, long everyMs, int count) {

    /** How many of them are due by {@code now}: none before the first, never more than {@code count}. */
    int dueBy(long now) {
        if (now < firstAt) {
            return 0;
        }
        return (int) Math.min(count, (now - firstAt) / everyMs + 1);
    }

    /** When the last of them is due. */
    long lastAt() {
        return firstAt + (count - 1) * everyMs;
    }
}
