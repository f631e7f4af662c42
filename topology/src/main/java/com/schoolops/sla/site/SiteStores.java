package com.schoolops.sla.site;

/** Names of the site task's own state stores; they name the changelog topics, so they never change. */
public final class SiteStores {
    /** By siteId: each site's calendar ({@link SiteCalendar}). */
    public static final String CALENDARS = "site-calendar-store";
    /** By siteId: each site's record from site-registry (the avro {@code Site}), kept by the site task for every stage. */
    public static final String REGISTRY = "site-registry-store";

    private SiteStores() {
    }
}
