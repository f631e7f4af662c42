package com.schoolops.sla.kpi;

/** Names of the KPI stage's state stores; they name the changelog topics, so they never change. */
public final class KpiStores {
    /** By {@link WindowKey}: each open window's aggregate so far. */
    public static final String WINDOWS = "kpi-window-store";
    public static final String DEADLINES = "kpi-deadline-store";
    public static final String CENSUS = "kpi-census-store";

    private KpiStores() {
    }
}
