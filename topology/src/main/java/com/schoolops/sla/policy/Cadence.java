package com.schoolops.sla.policy;

/**
 * How an obligation's periods run: calendar months, quarters (Jan–Mar …), half-years and years in the calendar's zone
 * ({@code every}), or contract years from the site's acceptance ({@code per}, with a count).
 */
public enum Cadence {
    MONTH(1), QUARTER(3), HALF_YEAR(6), YEAR(12), CONTRACT_YEAR(12);

    /** A period's length in months. */
    public final int months;

    Cadence(int months) {
        this.months = months;
    }

    /** Aligned to the calendar year (every), rather than to the site's acceptance (per). */
    public boolean calendarAligned() {
        return this != CONTRACT_YEAR;
    }
}
