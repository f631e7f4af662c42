package com.schoolops.sla.testing;

import com.schoolops.sla.timers.InputWatermark;

/**
 * A watermark the test holds at an instant (as when an input partition's task is dead or restoring) and releases
 * (input current again: it follows the wall clock).
 */
public final class HeldWatermark implements InputWatermark {
    private volatile Long heldAt;

    /** From now on the input counts as read up to {@code instant} only. */
    public void holdAt(long instant) {
        heldAt = instant;
    }

    /** The input is current again. */
    public void release() {
        heldAt = null;
    }

    @Override
    public long readUpTo(long now) {
        Long held = heldAt;
        return held == null ? now : Math.min(held, now);
    }

    @Override
    public int readers() {
        return 1;
    }
}
