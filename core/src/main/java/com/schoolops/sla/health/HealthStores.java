package com.schoolops.sla.health;

/** Names of the device-health state stores; they name the changelog topics, so they never change. */
public final class HealthStores {
    public static final String DEVICE_STATE = "device-state-store";
    public static final String HEALTH_DEADLINES = "health-deadline-store";
    public static final String SITE_OUTAGES = "site-outage-store";
    public static final String SITE_CALENDAR = "site-calendar-store";

    private HealthStores() {
    }
}
