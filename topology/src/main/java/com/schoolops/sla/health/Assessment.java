package com.schoolops.sla.health;

import com.schoolops.sla.avro.HealthState;

/**
 * What a device's inputs say about it at one instant, flapping aside: its state, why, the device at fault
 * when it is UNREACHABLE, and the next instant at which the verdict could change with no new input.
 * {@code state == null} means "no verdict yet": keep the current state and look again at {@code recheckAt}.
 */
public record Assessment(HealthState state, String reason, String rootCauseDeviceId, Long recheckAt) {

    /** No verdict yet; looked at again at {@code recheckAt} (null: when new input says so). */
    static Assessment undecided(Long recheckAt) {
        return new Assessment(null, null, null, recheckAt);
    }

    public boolean decided() {
        return state != null;
    }
}
