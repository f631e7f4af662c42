package com.schoolops.sla.obligations;

import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.VisitKind;
import com.schoolops.sla.avro.VisitType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Engineers on site during a major event (SPEC section 10; seed-003: 活动期间安排2名以上技术人员现场值守), counted from
 * STANDBY CHECK_IN and CHECK_OUT visits: each names the engineers arriving or leaving. A shortfall is raised at the
 * window's start when fewer than the minimum are there, and again at each later drop below it, once per drop: a
 * count that stays short, or falls further, is the same drop until it recovers.
 */
public final class Standby {
    /** The count fell below the minimum at {@code at} (the window's start, or a CHECK_OUT inside it). */
    public record Drop(Instant at, int engineers) {
    }

    private Standby() {
    }

    /** The engineers checked in at {@code at} (steps at that very instant included). */
    public static Set<String> onSite(Visits visits, Instant at) {
        Set<String> here = new HashSet<>();
        for (ServiceVisit v : steps(visits)) {
            if (v.getTimestamp() > at.toEpochMilli()) {
                break;
            }
            apply(here, v);
        }
        return here;
    }

    /** Every drop below {@code minEngineers} in the window from {@code start} (inclusive) to {@code end} (exclusive). */
    public static List<Drop> drops(Visits visits, Instant start, Instant end, int minEngineers) {
        List<Drop> drops = new ArrayList<>();
        Set<String> here = onSite(visits, start);
        boolean short_ = here.size() < minEngineers;
        if (short_) {
            drops.add(new Drop(start, here.size()));
        }
        List<ServiceVisit> inside = steps(visits).stream()
                .filter(v -> v.getTimestamp() > start.toEpochMilli() && v.getTimestamp() < end.toEpochMilli()).toList();
        for (int i = 0; i < inside.size(); i++) {
            ServiceVisit v = inside.get(i);
            apply(here, v);
            boolean lastAtThisInstant = i + 1 == inside.size() || inside.get(i + 1).getTimestamp() != v.getTimestamp();
            if (!lastAtThisInstant) {
                continue;
            }
            boolean nowShort = here.size() < minEngineers;
            if (nowShort && !short_) {
                drops.add(new Drop(Instant.ofEpochMilli(v.getTimestamp()), here.size()));
            }
            short_ = nowShort;
        }
        return drops;
    }

    private static List<ServiceVisit> steps(Visits visits) {
        List<ServiceVisit> all = new ArrayList<>(visits.live(VisitKind.STANDBY, VisitType.CHECK_IN));
        all.addAll(visits.live(VisitKind.STANDBY, VisitType.CHECK_OUT));
        all.sort(java.util.Comparator.comparingLong(ServiceVisit::getTimestamp));
        return all;
    }

    private static void apply(Set<String> here, ServiceVisit v) {
        if (v.getType() == VisitType.CHECK_IN) {
            here.addAll(v.getEngineers());
        } else {
            here.removeAll(v.getEngineers());
        }
    }
}
