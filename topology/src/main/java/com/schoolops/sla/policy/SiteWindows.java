package com.schoolops.sla.policy;

import com.schoolops.sla.avro.ScheduleWindow;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.WindowKind;

import java.util.Optional;

/** Questions about a site's calendar: is a maintenance window or a major event on at an instant. */
public final class SiteWindows {
    private SiteWindows() {
    }

    public static Optional<ScheduleWindow> active(SiteSchedule schedule, WindowKind kind, long at) {
        if (schedule == null) {
            return Optional.empty();
        }
        return schedule.getWindows().stream()
                .filter(w -> w.getKind() == kind && w.getStart() <= at && at < w.getEnd())
                .findFirst();
    }
}
