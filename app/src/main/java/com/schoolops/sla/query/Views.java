package com.schoolops.sla.query;

import com.schoolops.sla.health.HealthReadSide.DeviceView;
import com.schoolops.sla.obligations.ExamDayReadSide.EventView;

import java.util.List;

/** What the query API answers of the whole application, as JSON; the items are the stages' read-side records. */
public final class Views {
    private Views() {
    }

    /** An answer of the whole application: the items, and the instances that could not answer (then it is partial). */
    /** {@code next}: where the following page starts, for the paged lists (null on the last page, and for lists not paged). */
    public record Answer<T>(List<T> items, int instances, List<String> unreachable, String next) {
        public Answer(List<T> items, int instances, List<String> unreachable) {
            this(items, instances, unreachable, null);
        }
    }

    /**
     * A site's readiness for its next major event (SPEC section 10), from two stages of the task that holds the site:
     * the event with its pre-check and standby (the exam-day stage's), and the site's devices not UP now (device
     * health's: FLAPPING, and registered but never judged, included), by device id.
     *
     * @param event null when the site has no event ahead that its contract promises readiness for
     */
    public record SiteReadiness(String siteId, String contractId, String zone, EventView event, List<DeviceView> devicesNotUp) {
    }
}
