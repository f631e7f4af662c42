package com.schoolops.sla.health;

import com.schoolops.sla.serde.KeySerde;
import org.apache.kafka.common.serialization.Serde;

/**
 * The key of the device-state store, and of a device's health timer: the site, then the device. Keeping a site's
 * devices adjacent lets the processor list one site (for its children and its outage) with a prefix scan instead of
 * a second index.
 */
public record DeviceKey(String siteId, String deviceId) {
    public static final Serde<DeviceKey> SERDE = KeySerde.of(DeviceKey::text, DeviceKey::parse);

    public static DeviceKey of(String siteId, String deviceId) {
        return new DeviceKey(siteId, deviceId);
    }

    public String text() {
        return KeySerde.join(siteId, deviceId);
    }

    public static DeviceKey parse(String text) {
        String[] parts = KeySerde.parts(text, 2);
        return new DeviceKey(parts[0], parts[1]);
    }

    /** The prefix of every key of a site, for a prefix scan (with a string serializer). */
    public static String sitePrefix(String siteId) {
        return siteId + KeySerde.SEP;
    }
}
