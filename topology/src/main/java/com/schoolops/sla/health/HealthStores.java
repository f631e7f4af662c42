package com.schoolops.sla.health;

/** Names of the device-health state stores; they name the changelog topics, so they never change. */
public final class HealthStores {
    /** Before the repartition, by deviceId: each device's liveness. */
    public static final String DEVICE_LIVENESS = "device-liveness-store";
    public static final String LIVENESS_DEADLINES = "liveness-deadline-store";
    /** Each device's newest heartbeat, in memory over {@link #DEVICE_LIVENESS} ({@link LivenessView}): no changelog. */
    public static final String LIVENESS_VIEW = "device-liveness-view";
    /** One entry per liveness task: the last local day whose telemetry it sent for every device (a device's day is over once it is). */
    public static final String LIVENESS_DAYS = "liveness-day-store";
    /**
     * By deviceId: the current local day of its telemetry ({@link TelemetryDay}'s packed form), apart from the liveness
     * entry so that the entry's frequent checkpoint writes do not carry it: written with the entry once per quarter hour,
     * and when the device is registered, first heard, heard again or silent, or its day or firmware changes.
     */
    public static final String TELEMETRY_DAYS = "telemetry-day-store";
    /** At the site, by (site, device): each device's verdict. */
    public static final String DEVICE_STATE = "device-state-store";
    public static final String HEALTH_DEADLINES = "health-deadline-store";
    /** (site, device) named as a parent by a device registered before it: it is marked a parent when it arrives. */
    public static final String AWAITED_PARENTS = "awaited-parent-store";
    public static final String SITE_OUTAGES = "site-outage-store";
    /** By siteId: the site's devices counted by published state ({@link SiteCounts}). */
    public static final String SITE_COUNTS = "site-counts-store";
    /** Census changes of a site and contract since the last tick, sent on as one KPI fact per tick (a burst of changes is not a burst of facts). */
    public static final String CENSUS_CHANGES = "census-change-store";

    private HealthStores() {
    }
}
