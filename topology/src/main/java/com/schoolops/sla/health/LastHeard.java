package com.schoolops.sla.health;

/** When a device's newest heartbeat was stamped, as the liveness stage knows it: the read side of {@link LivenessView}. */
public interface LastHeard {
    /** The newest heartbeat's timestamp (epoch ms), or null when this reader holds no heartbeat of the device. */
    Long lastHeard(String deviceId);
}
