package com.schoolops.sla.site;

import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.avro.SiteSchedule;

/**
 * What the site task knows of its sites, read-only, for its stages: each site's devices as device health last judged
 * them, each site's calendar, and each site's record from site-registry. Which stores hold them, and how they are keyed, stays with their owners.
 */
public final class SiteView {
    /**
     * A device as device health last judged it. {@code state} is what it is underneath a FLAPPING verdict;
     * {@code lastSeenBucket} the checkpoint bucket of its last heartbeat, what identifies a silence in every run,
     * restarted or not; {@code registered} false for a device known only from its heartbeats (its registration not
     * read yet, or never written); {@code rootCauseDeviceId} the silent device an UNREACHABLE one is behind;
     * {@code published} the state as published on device-health (FLAPPING included; null: never judged yet);
     * {@code critical} as registered.
     */
    public record KnownDevice(String deviceId, String siteId, DeviceType deviceType, String contractId, Long warrantyUntil,
                              HealthState state, long lastSeen, long lastSeenBucket, boolean registered, String rootCauseDeviceId,
                              HealthState published, boolean critical, boolean heard) {

        public boolean silent() {
            return state == HealthState.DOWN || state == HealthState.UNREACHABLE;
        }

        /**
         * Known at {@code at}: a device never heard nor judged whose registration is stamped later was registered after
         * it (its record read early: inputs are not read in the clock's order, replay reads them so).
         */
        public boolean knownAt(long at) {
            return heard || published != null || lastSeen <= at;
        }
    }

    /** Where a site's devices are known: device health, the stage that judges them. */
    public interface Devices {
        /** The device, or null when the site has no such device (never registered nor heard, or removed). */
        KnownDevice device(String siteId, String deviceId);

        /** Every device of the site (a scan: for what happens once in a while, such as a major event's start). */
        java.util.List<KnownDevice> ofSite(String siteId);
    }

    private final Devices devices;
    private final SiteCalendar calendar;
    private final SiteRegistry registry;

    SiteView(Devices devices, SiteCalendar calendar, SiteRegistry registry) {
        this.devices = devices;
        this.calendar = calendar;
        this.registry = registry;
    }

    /** The site's record from site-registry, or null when it is not there (never read, or the site left). */
    public com.schoolops.sla.avro.Site site(String siteId) {
        return registry.site(siteId);
    }

    /** The device, or null when the site has no such device (never registered nor heard, or removed). */
    public KnownDevice device(String siteId, String deviceId) {
        return deviceId == null ? null : devices.device(siteId, deviceId);
    }

    /** Every device of the site as device health last judged it (a scan of the site's devices). */
    public java.util.List<KnownDevice> devices(String siteId) {
        return devices.ofSite(siteId);
    }

    /** The site's schedule (maintenance windows, major events), or null when it has none. */
    public SiteSchedule schedule(String siteId) {
        return calendar.schedule(siteId);
    }
}
