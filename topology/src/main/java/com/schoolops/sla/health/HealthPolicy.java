package com.schoolops.sla.health;

import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.config.ConfigException;
import com.schoolops.sla.config.Settings;

import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static com.schoolops.sla.config.ConfigCatalogue.*;

/** The numbers of specification section 3, as configured. */
public record HealthPolicy(
        Map<DeviceType, Duration> intervals,
        int missedIntervals,
        Duration checkInterval,
        Duration metricsWindow,
        double cpuPct,
        double packetLossPct,
        double temperatureC,
        int flappingChanges,
        Duration flappingWindow,
        Duration flappingSettle,
        double outageDownRatio,
        Duration outageWindow,
        Duration outageClearAfter,
        Set<DeviceType> uplinkTypes,
        int checkpointIntervals) {

    public static HealthPolicy from(Settings s) {
        Map<DeviceType, Duration> intervals = new EnumMap<>(DeviceType.class);
        for (DeviceType type : DeviceType.values()) {
            intervals.put(type, s.getDuration(HEALTH_INTERVAL_PREFIX + type.name()));
        }
        HealthPolicy policy = new HealthPolicy(intervals, s.getInt(HEALTH_MISSED_INTERVALS), s.getDuration(HEALTH_CHECK_INTERVAL),
                s.getDuration(HEALTH_METRICS_WINDOW), s.getDouble(HEALTH_CPU_PCT),
                s.getDouble(HEALTH_PACKET_LOSS_PCT), s.getDouble(HEALTH_TEMPERATURE_C), s.getInt(FLAPPING_CHANGES),
                s.getDuration(FLAPPING_WINDOW), s.getDuration(FLAPPING_SETTLE), s.getDouble(OUTAGE_DOWN_RATIO),
                s.getDuration(OUTAGE_WINDOW), s.getDuration(OUTAGE_CLEAR_AFTER), uplinkTypes(s.get(HEALTH_UPLINK_TYPES)),
                s.getInt(HEALTH_CHECKPOINT_INTERVALS));
        policy.validate();
        return policy;
    }

    private static Set<DeviceType> uplinkTypes(String list) {
        Set<DeviceType> types = EnumSet.noneOf(DeviceType.class);
        for (String name : list.split(",")) {
            if (!name.isBlank()) {
                try {
                    types.add(DeviceType.valueOf(name.trim()));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(HEALTH_UPLINK_TYPES + ": '" + name.trim() + "' is not a device type (one of "
                            + java.util.Arrays.toString(DeviceType.values()) + ")");
                }
            }
        }
        return Set.copyOf(types);
    }

    private void validate() {
        intervals.forEach((type, d) -> require(!d.isNegative() && !d.isZero(), HEALTH_INTERVAL_PREFIX + type + " must be positive"));
        require(missedIntervals >= 1, HEALTH_MISSED_INTERVALS + " must be at least 1");
        require(checkpointIntervals >= 1, HEALTH_CHECKPOINT_INTERVALS + " must be at least 1");
        require(!checkInterval.isZero() && !checkInterval.isNegative(), HEALTH_CHECK_INTERVAL + " must be positive");
        require(!metricsWindow.isZero() && !metricsWindow.isNegative(), HEALTH_METRICS_WINDOW + " must be positive");
        require(flappingChanges >= 2, FLAPPING_CHANGES + " must be at least 2");
        require(!outageWindow.isNegative() && !outageWindow.isZero(), OUTAGE_WINDOW + " must be positive");
        require(outageDownRatio > 0 && outageDownRatio <= 1, OUTAGE_DOWN_RATIO + " must be in (0, 1]");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new ConfigException(message);
        }
    }

    /** The end of the site-judging window that {@code time} falls in. */
    public long outageWindowEnd(long time) {
        long size = outageWindow.toMillis();
        return time - Math.floorMod(time, size) + size;
    }

    /**
     * The size of a device type's checkpoint buckets: the liveness stage writes a device's last-seen when a heartbeat
     * falls in a later bucket than the one stored (and whenever something a verdict depends on changes), not on every
     * heartbeat. After a restart the newest heartbeat is known to lie in the stored bucket.
     */
    public long checkpointMs(DeviceType type) {
        return intervals.get(type).toMillis() * checkpointIntervals;
    }

    /** The start of the checkpoint bucket {@code lastSeen} falls in: what identifies a silence in every run, restarted or not. */
    public long checkpointBucket(DeviceType type, long lastSeen) {
        long size = checkpointMs(type);
        return lastSeen - Math.floorMod(lastSeen, size);
    }

    /** How long a device of this type may stay silent before it counts as DOWN. */
    public long silenceMs(DeviceType type) {
        return intervals.get(type).toMillis() * missedIntervals;
    }
}
