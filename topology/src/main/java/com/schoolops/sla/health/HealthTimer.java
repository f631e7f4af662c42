package com.schoolops.sla.health;

import com.schoolops.sla.timers.TimerKeys;

/**
 * A timer of device health: a device's next verdict ({@code device}), or a site's judgement at the end of its outage
 * window ({@code siteId}); one of the two is set. Stored as 'D' and the device's store key, or 'S' and the site.
 */
record HealthTimer(DeviceKey device, String siteId) {
    static final TimerKeys.Kind<HealthTimer> DEVICE = new TimerKeys.Kind<>('D', "DEVICE", text -> new HealthTimer(DeviceKey.parse(text), null));
    static final TimerKeys.Kind<HealthTimer> SITE = new TimerKeys.Kind<>('S', "SITE", siteId -> new HealthTimer(null, siteId));
    static final TimerKeys<HealthTimer> KEYS = TimerKeys.of(t -> t.isSite() ? SITE : DEVICE, t -> t.isSite() ? t.siteId : t.device.text(), DEVICE, SITE);

    static HealthTimer device(DeviceKey device) {
        return new HealthTimer(device, null);
    }

    static HealthTimer site(String siteId) {
        return new HealthTimer(null, siteId);
    }

    boolean isSite() {
        return device == null;
    }
}
