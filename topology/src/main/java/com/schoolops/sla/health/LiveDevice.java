package com.schoolops.sla.health;

import com.schoolops.sla.state.DeviceLiveness;

/** A device's liveness entry as the liveness stage holds it now, with what is known of how it was stored. */
final class LiveDevice {
    final DeviceLiveness entry;
    /** Whether lastSeen is the newest heartbeat's (false: loaded from the store, the newest may be later in its bucket). */
    boolean exact;
    /** The checkpoint bucket of the stored last-seen; {@link Long#MIN_VALUE} when never stored. */
    long storedBucket = Long.MIN_VALUE;
    /** The quarter hour of lastSeen when its day was last stored (none yet, or not since a restart: MIN_VALUE). */
    long storedDayQuarter = Long.MIN_VALUE;
    /**
     * The newest heartbeat's time, for readers on other threads (the query API): {@link Long#MIN_VALUE} when never heard.
     * Written by the stream thread only.
     */
    volatile long heardAt;
    /** The current local day's telemetry, counted here per heartbeat and stored (apart from {@link #entry}) once per quarter hour. */
    final TelemetryDay today;

    /** An entry counting {@code today}: as stored, or a new one (a device moved to another site keeps its day). */
    LiveDevice(DeviceLiveness entry, boolean exact, TelemetryDay today) {
        this.entry = entry;
        this.exact = exact;
        this.heardAt = entry.getHeard() ? entry.getLastSeen() : Long.MIN_VALUE;
        this.today = today;
    }

    void heard(long at) {
        heardAt = at;
    }
}
