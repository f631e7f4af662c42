package com.schoolops.sla.policy;

/**
 * The clocks a device's failure inside a major event starts, with no ticket (SPEC section 10): emergency handling
 * started (stopped by an ACKNOWLEDGED or ON_SITE of a ticket naming the device) and the device restored (UP again).
 */
public enum DeviceClock {
    EMERGENCY_START, DEVICE_RESTORE
}
