package com.schoolops.sla.timers;

/** Names of the timers' own state stores (a stage's deadline index is named by the stage's stores). */
public final class TimerStores {
    /** The upstream partitions' read marks at a site task ({@link ReadMarks}): derived, no changelog. */
    public static final String READ_MARKS = "read-mark-store";

    private TimerStores() {
    }
}
