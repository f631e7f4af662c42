package com.schoolops.sla.health;

import com.schoolops.sla.timers.TimerKeys;

/**
 * A timer of device health: a device's next verdict ({@code device}), a site's judgement at the end of its outage
 * window ({@code siteId}), or the end of the day whose telemetry a device's state holds until then ({@code device},
 * {@code day}). Stored as 'D' and the device's store key, 'S' and the site, or 'Y' and the device's store key.
 */
record HealthTimer(DeviceKey device, String siteId, boolean day) {
    static final TimerKeys.Kind<HealthTimer> DEVICE = new TimerKeys.Kind<>('D', "DEVICE", text -> new HealthTimer(DeviceKey.parse(text), null, false));
    static final TimerKeys.Kind<HealthTimer> SITE = new TimerKeys.Kind<>('S', "SITE", siteId -> new HealthTimer(null, siteId, false));
    static final TimerKeys.Kind<HealthTimer> DAY = new TimerKeys.Kind<>('Y', "DEVICE_DAY", text -> new HealthTimer(DeviceKey.parse(text), null, true));
    static final TimerKeys<HealthTimer> KEYS = TimerKeys.of(t -> t.isSite() ? SITE : t.day ? DAY : DEVICE,
            t -> t.isSite() ? t.siteId : t.device.text(), DEVICE, SITE, DAY);

    static HealthTimer device(DeviceKey device) {
        return new HealthTimer(device, null, false);
    }

    static HealthTimer site(String siteId) {
        return new HealthTimer(null, siteId, false);
    }

    /** The end of a device's day whose telemetry waits in its state. */
    static HealthTimer dayOf(DeviceKey device) {
        return new HealthTimer(device, null, true);
    }

    boolean isSite() {
        return device == null;
    }
}
