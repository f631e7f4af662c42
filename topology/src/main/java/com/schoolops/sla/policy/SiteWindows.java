package com.schoolops.sla.policy;

import com.schoolops.sla.avro.ScheduleWindow;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.WindowKind;

import java.util.Optional;

/**
 * Questions about a site's calendar: is a maintenance window or a major event on at an instant. A MAINTENANCE window
 * may name one device: that device raises no escalation of its own meanwhile; the site's outages are judged as ever.
 */
public final class SiteWindows {
    private SiteWindows() {
    }

    /** A window of the whole site on at {@code at} (a device's own maintenance is not the site's). */
    public static Optional<ScheduleWindow> active(SiteSchedule schedule, WindowKind kind, long at) {
        if (schedule == null) {
            return Optional.empty();
        }
        return schedule.getWindows().stream()
                .filter(w -> w.getKind() == kind && w.getDeviceId() == null && w.getStart() <= at && at < w.getEnd())
                .findFirst();
    }

    /** The windows of the whole site of this kind that start after {@code after} and by {@code upTo}, in start order. */
    public static java.util.List<ScheduleWindow> starting(SiteSchedule schedule, WindowKind kind, long after, long upTo) {
        if (schedule == null) {
            return java.util.List.of();
        }
        return schedule.getWindows().stream()
                .filter(w -> w.getKind() == kind && w.getDeviceId() == null && w.getStart() > after && w.getStart() <= upTo)
                .sorted(java.util.Comparator.comparingLong(ScheduleWindow::getStart)).toList();
    }

    /** A maintenance window of the site, or of this one device, on at {@code at}: the one that ends last. */
    public static Optional<ScheduleWindow> maintenanceOf(SiteSchedule schedule, String deviceId, long at) {
        if (schedule == null) {
            return Optional.empty();
        }
        return schedule.getWindows().stream()
                .filter(w -> w.getKind() == WindowKind.MAINTENANCE && (w.getDeviceId() == null || w.getDeviceId().equals(deviceId))
                        && w.getStart() <= at && at < w.getEnd())
                .max(java.util.Comparator.comparingLong(ScheduleWindow::getEnd));
    }
}
