package com.schoolops.sla.health;

/**
 * Keys of the device-state store: the site, a NUL, the device. Keeping a site's devices adjacent lets the
 * processor list one site (for its children and its outage) with a prefix scan instead of a second index.
 */
public final class DeviceKey {
    private static final char SEPARATOR = '\u0000';

    private DeviceKey() {
    }

    public static String of(String siteId, String deviceId) {
        return siteId + SEPARATOR + deviceId;
    }

    public static String sitePrefix(String siteId) {
        return siteId + SEPARATOR;
    }
}
