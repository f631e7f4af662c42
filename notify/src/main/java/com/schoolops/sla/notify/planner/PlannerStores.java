package com.schoolops.sla.notify.planner;

/** The planner's stores (their names are the changelogs', so they never change). */
final class PlannerStores {
    /** Each site's open pages ({@code NotifyPage}), by site and page. */
    static final String PAGES = "notify-pages-store";
    /** When each page's next step is due: the pages' timers. */
    static final String DUE = "notify-due-store";
    /** Each site's open outage, as published. */
    static final String OUTAGES = "notify-outages-store";

    private PlannerStores() {
    }
}
