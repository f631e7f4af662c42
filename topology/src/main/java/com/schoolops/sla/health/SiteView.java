package com.schoolops.sla.health;

import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.state.DeviceState;
import com.schoolops.sla.timers.ReadMarks;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.function.Function;

/**
 * What device health knows of a site, read-only, for the stages after it in the same task (ticket SLA clocks):
 * its devices as last judged, and its calendar (and the read marks, for the site's watermark). The stores' names and key layout stay device health's own.
 */
public final class SiteView {
    /** The stores a processor using this view must be connected to. */
    public static final String[] STORES = {HealthStores.DEVICE_STATE, HealthStores.SITE_CALENDAR, ReadMarks.STORE};

    /**
     * A device as device health last judged it. {@code state} is what it is underneath a FLAPPING verdict;
     * {@code lastSeenBucket} the checkpoint bucket of its last heartbeat, what identifies a silence in every run,
     * restarted or not; {@code registered} false for a device known only from its heartbeats (its registration not
     * read yet, or never written).
     */
    public record KnownDevice(String deviceId, String siteId, DeviceType deviceType, String contractId, Long warrantyUntil,
                              HealthState state, long lastSeen, long lastSeenBucket, boolean registered) {

        public boolean silent() {
            return state == HealthState.DOWN || state == HealthState.UNREACHABLE;
        }
    }

    private final KeyValueStore<DeviceKey, DeviceState> devices;
    private final KeyValueStore<String, SiteSchedule> calendars;
    private final HealthPolicy policy;

    private SiteView(KeyValueStore<DeviceKey, DeviceState> devices, KeyValueStore<String, SiteSchedule> calendars, HealthPolicy policy) {
        this.devices = devices;
        this.calendars = calendars;
        this.policy = policy;
    }

    /** How a later stage opens the view in its task, under device health's policy. */
    public static Function<ProcessorContext<?, ?>, SiteView> opener(HealthPolicy policy) {
        return context -> new SiteView(context.getStateStore(HealthStores.DEVICE_STATE), context.getStateStore(HealthStores.SITE_CALENDAR), policy);
    }

    /** The device, or null when the site has no such device (never registered nor heard, or removed). */
    public KnownDevice device(String siteId, String deviceId) {
        if (deviceId == null) {
            return null;
        }
        DeviceState d = devices.get(DeviceKey.of(siteId, deviceId));
        return d == null ? null : new KnownDevice(d.getDeviceId(), d.getSiteId(), d.getDeviceType(), d.getContractId(),
                d.getWarrantyUntil(), d.getUnderlying(), d.getLastSeen(), policy.checkpointBucket(d.getDeviceType(), d.getLastSeen()),
                d.getRegistered());
    }

    /** The site's schedule (maintenance windows, major events), or null when it has none. */
    public SiteSchedule schedule(String siteId) {
        return calendars.get(siteId);
    }
}
