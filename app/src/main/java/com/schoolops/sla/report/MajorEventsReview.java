package com.schoolops.sla.report;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.KpiScope;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The month's major events (SPEC section 10) and how each was served, from the escalations read about them: each names
 * its event by site and window ({@code periodStart}, {@code periodEnd}). An event belongs to the month of its start,
 * in {@code zone}. An event served without a single escalation is not among them: the escalations are all it reads.
 *
 * @param events by site, then start
 */
public record MajorEventsReview(List<Event> events) {
    /** The device clocks a failure inside a window starts; their breaches are SLA_BREACH with one of these clocks. */
    static final Set<String> DEVICE_CLOCKS = Set.of("EMERGENCY_START", "DEVICE_RESTORE");

    /** The pre-check as the escalations tell it. */
    public enum Precheck {
        /** Neither a reminder nor a miss: done in time (or not in the contract). */
        NONE_RAISED,
        /** PRECHECK_DUE_SOON and no PRECHECK_MISSED: done after the reminder, before the deadline. */
        AFTER_REMINDER,
        /** PRECHECK_MISSED. */
        MISSED,
        /** EVENT_NOTICE_SHORT: the window came with less lead than the pre-check needs. */
        NOTICE_SHORT
    }

    /**
     * One event.
     *
     * @param shortfalls    when the engineers on standby fell below the minimum (STANDBY_SHORTFALL), oldest first
     * @param faultDevices  the devices a MAJOR_EVENT_FAULT named inside the window
     * @param clockBreaches breaches of the device clocks (EMERGENCY_START, DEVICE_RESTORE)
     */
    public record Event(String siteId, Instant start, Instant end, Precheck precheck, List<Instant> shortfalls, Set<String> faultDevices,
                        int clockBreaches) {
    }

    /** The events of {@code scopeId}'s {@code month} among {@code escalations} (any records: the others are left out). */
    public static MajorEventsReview of(List<Escalation> escalations, KpiScope scope, String scopeId, YearMonth month, ZoneId zone) {
        Map<String, List<Escalation>> byEvent = new TreeMap<>(); // site, then start: the keys sort so
        Set<String> seen = new HashSet<>(); // by escalation id: a record read twice counts once
        for (Escalation e : escalations) {
            boolean inScope = scope == KpiScope.SITE ? scopeId.equals(e.getSiteId()) : scopeId.equals(e.getContractId());
            if (!inScope || !aboutAnEvent(e) || e.getPeriodStart() == null || e.getPeriodEnd() == null
                    || !YearMonth.from(Instant.ofEpochMilli(e.getPeriodStart()).atZone(zone)).equals(month) || !seen.add(e.getEscalationId())) {
                continue;
            }
            byEvent.computeIfAbsent(e.getSiteId() + '\0' + String.format("%020d", e.getPeriodStart()), k -> new ArrayList<>()).add(e);
        }
        List<Event> events = new ArrayList<>();
        byEvent.values().forEach(es -> events.add(event(es)));
        return new MajorEventsReview(List.copyOf(events));
    }

    private static boolean aboutAnEvent(Escalation e) {
        return switch (e.getType()) {
            case PRECHECK_DUE_SOON, PRECHECK_MISSED, EVENT_NOTICE_SHORT, STANDBY_SHORTFALL -> true;
            case MAJOR_EVENT_FAULT -> e.getTicketId() == null; // a device's failure in the window (a ticket's names no window)
            case SLA_BREACH -> e.getClock() != null && DEVICE_CLOCKS.contains(e.getClock().name());
            default -> false;
        };
    }

    private static Event event(List<Escalation> es) {
        Escalation first = es.get(0);
        Set<EscalationType> types = new HashSet<>();
        List<Instant> shortfalls = new ArrayList<>();
        Set<String> devices = new TreeSet<>();
        int breaches = 0;
        for (Escalation e : es) {
            types.add(e.getType());
            switch (e.getType()) {
                case STANDBY_SHORTFALL -> shortfalls.add(Instant.ofEpochMilli(e.getAt()));
                case MAJOR_EVENT_FAULT -> devices.add(e.getDeviceId());
                case SLA_BREACH -> breaches++;
                default -> {
                }
            }
        }
        Precheck precheck = types.contains(EscalationType.EVENT_NOTICE_SHORT) ? Precheck.NOTICE_SHORT
                : types.contains(EscalationType.PRECHECK_MISSED) ? Precheck.MISSED
                : types.contains(EscalationType.PRECHECK_DUE_SOON) ? Precheck.AFTER_REMINDER : Precheck.NONE_RAISED;
        shortfalls.sort(Comparator.naturalOrder());
        return new Event(first.getSiteId(), Instant.ofEpochMilli(first.getPeriodStart()), Instant.ofEpochMilli(first.getPeriodEnd()), precheck,
                List.copyOf(shortfalls), devices, breaches);
    }
}
