package com.schoolops.sla.policy;

import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.avro.TicketCategory;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One service commitment as data: per severity the target of each clock, and the contract's special rules.
 *
 * @param clocks          targets for every severity (a severity's own targets win)
 * @param remoteWindow    DISPATCH_REQUIRED when a ticket is neither RESOLVED nor DISPATCHED this long after OPENED
 * @param pauseForParts   RESTORE pauses from AWAITING_PARTS to PARTS_ARRIVED
 * @param categories      targets that replace the severity's for a ticket category (e.g. COMPLAINT)
 * @param outOfWarranty   targets that replace the severity's when the device's warranty ended before OPENED
 * @param upgrade         a ticket not RESOLVED this long after OPENED is raised to this severity
 * @param majorEvent      what a MAJOR_EVENT window at the ticket's site changes
 * @param tiers           the contract's own tiers, over the policies' defaults ({@link Policies#tiers(Contract)})
 * @param kpiTargets      the quality targets a service review checks, by SlaKpi field ({@link #KPI_TARGETS}), in percent
 * @param warranty        the free-service period from a site's acceptance (SPEC section 9)
 * @param obligations     the scheduled work the contract promises (inspections, return visits …), in the file's order
 * @param majorEventTerms the pre-check, standby and device clocks of {@code majorEvent} (SPEC section 10)
 * @param firmwareTargets the firmware each device type should run (SPEC section 11): the inspection record's drift is
 *                        judged against it; a type not named is judged against the majority of its fleet
 * @param repeatFailure   how many faults of one device, how close together, make a REPEAT_FAILURE (SPEC section 11)
 * @param reportSeverity  the severity a fault report that names none is opened at (SPEC section 12): one of
 *                        {@code severities}, the desk raises it when it triages the report
 */
public record Contract(String id, String name, String calendarId, List<Double> warningFractions,
                       Map<SlaClock, ClockTarget> clocks, Map<String, Map<SlaClock, ClockTarget>> severities,
                       Optional<Duration> remoteWindow, boolean pauseForParts,
                       Map<TicketCategory, Map<SlaClock, ClockTarget>> categories, Map<SlaClock, ClockTarget> outOfWarranty,
                       Optional<Upgrade> upgrade, Optional<MajorEvent> majorEvent, Tiers tiers, Map<String, Double> kpiTargets,
                       Optional<Warranty> warranty, List<Obligation> obligations, Optional<MajorEventTerms> majorEventTerms,
                       Map<DeviceType, String> firmwareTargets,
                       RepeatFailureTerms repeatFailure, Optional<String> reportSeverity) {

    /** The KPIs a contract may set a target for: each a share in percent that should be at least the target. */
    public static final List<String> KPI_TARGETS = List.of("responseCompliancePct", "restoreCompliancePct", "repairRatePct",
            "satisfiedPct", "deviceAvailabilityPct");

    public record Upgrade(Duration after, String to) {
    }

    public record MajorEvent(Map<SlaClock, ClockTarget> clocks, Optional<String> severity, boolean raiseFault) {
    }

    public Contract {
        obligations = List.copyOf(obligations);
        firmwareTargets = Map.copyOf(firmwareTargets);
    }

    /** The obligation of this id. */
    public Optional<Obligation> obligation(String obligationId) {
        return obligations.stream().filter(o -> o.id().equals(obligationId)).findFirst();
    }

    public boolean hasSeverity(String severity) {
        return severities.containsKey(severity);
    }

    /** The targets that apply to a ticket: severity, then category, warranty and major-event rules on top. */
    public Map<SlaClock, ClockTarget> targets(String severity, TicketCategory category, boolean outOfWarrantyTicket, boolean duringMajorEvent) {
        Map<SlaClock, ClockTarget> t = new EnumMap<>(SlaClock.class);
        t.putAll(clocks);
        t.putAll(severities.getOrDefault(severity, Map.of()));
        if (category != null) {
            t.putAll(categories.getOrDefault(category, Map.of()));
        }
        if (outOfWarrantyTicket) {
            t.putAll(outOfWarranty);
        }
        if (duringMajorEvent) {
            majorEvent.ifPresent(m -> t.putAll(m.clocks()));
        }
        return t;
    }
}
