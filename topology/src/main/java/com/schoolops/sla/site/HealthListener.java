package com.schoolops.sla.site;

import com.schoolops.sla.avro.DeviceHealthChange;

/**
 * What device health tells the stages after it, synchronously, as it happens (a stage handles it before device
 * health goes on: the order of the outputs is that of a depth-first walk).
 */
public interface HealthListener {
    /** A device's health changed (also published on device-health), under its contract (null when it has none). */
    default void healthChanged(DeviceHealthChange change, String contractId) {
    }

    /** A device left its site (decommissioned or moved). */
    default void deviceLeft(String siteId, String deviceId) {
    }
}
