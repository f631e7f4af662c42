package com.schoolops.sla.kpi;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.avro.ScheduleWindow;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.WindowKind;
import com.schoolops.sla.state.TimeSpan;
import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.state.ClockState;
import com.schoolops.sla.state.KpiFact;
import com.schoolops.sla.state.KpiFactKind;
import com.schoolops.sla.state.TicketState;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a change of one ticket counts for in the KPIs, found by comparing the ticket before and after an event or
 * the passing of time (pure: the SLA engine stays as it is, and a fact is found once, when it happens):
 * <ul>
 *   <li>OPENED, at its timestamp;</li>
 *   <li>ACKNOWLEDGED, the first one, with its time to acknowledge (ACKNOWLEDGED less OPENED);</li>
 *   <li>RESOLVED, the first RESOLVED or SPARE_INSTALLED of the ticket (not again after a REOPENED), with its time to
 *       restore in natural time;</li>
 *   <li>a RESPONSE or RESTORE clock decided: met when it stops before its deadline (at the stop), missed when it
 *       breaches (at the deadline); a restarted RESTORE clock is decided again;</li>
 *   <li>every SLA_BREACH, by clock, at its deadline;</li>
 *   <li>the satisfaction of the CALLBACK_DONE, once.</li>
 * </ul>
 * And what the obligations stage closes: an occurrence met or missed at its period's end ({@link #obligation}).
 */
public final class KpiFacts {
    private static final Set<SlaClock> COMPLIANCE_CLOCKS = Set.of(SlaClock.RESPONSE, SlaClock.RESTORE);

    private KpiFacts() {
    }

    /** What the facts compare: a ticket's KPI-relevant state at one moment. */
    public record Before(Long acknowledgedAt, Long restoredAt, Integer satisfaction, Set<String> decidedClocks) {
    }

    public static Before before(TicketState t) {
        return new Before(t.getAcknowledgedAt(), t.getRestoredAt(), t.getSatisfaction(), decided(t));
    }

    /**
     * The facts of the change from {@code before} (null: the ticket was just opened) to {@code after}, made by
     * {@code event} (null: by the passing of time) with {@code escalations}.
     */
    public static List<KpiFact> between(Before before, TicketState after, TicketEvent event, List<Escalation> escalations) {
        List<KpiFact> facts = new ArrayList<>();
        boolean fault = after.getCategory() != TicketCategory.CONSULTATION && after.getCategory() != TicketCategory.COMPLAINT;
        if (before == null) {
            facts.add(fact(after, KpiFactKind.OPENED, after.getOpenedAt()).setFault(fault).build());
        }
        if ((before == null || before.acknowledgedAt() == null) && after.getAcknowledgedAt() != null) {
            facts.add(fact(after, KpiFactKind.ACKNOWLEDGED, after.getAcknowledgedAt())
                    .setDurationMs(after.getAcknowledgedAt() - after.getOpenedAt()).build());
        }
        if ((before == null || before.restoredAt() == null) && after.getRestoredAt() != null && after.getReopened() == 0) {
            facts.add(fact(after, KpiFactKind.RESOLVED, after.getRestoredAt()).setOpenedAt(after.getOpenedAt()).setFault(fault)
                    .setDurationMs(after.getRestoredAt() - after.getOpenedAt()).build());
        }
        Set<String> decidedBefore = before == null ? Set.of() : before.decidedClocks();
        for (ClockState c : after.getClocks()) {
            if (COMPLIANCE_CLOCKS.contains(c.getClock()) && c.getStoppedAt() != null && !c.getBreached()
                    && !decidedBefore.contains(key(c))) {
                facts.add(fact(after, KpiFactKind.CLOCK_MET, c.getStoppedAt()).setClock(c.getClock()).build());
            }
        }
        for (Escalation e : escalations) {
            if (e.getType() == EscalationType.SLA_BREACH && e.getClock() != null) {
                facts.add(fact(after, KpiFactKind.BREACH, e.getDeadline()).setClock(e.getClock()).build());
                if (COMPLIANCE_CLOCKS.contains(e.getClock())) {
                    facts.add(fact(after, KpiFactKind.CLOCK_MISSED, e.getDeadline()).setClock(e.getClock()).build());
                }
            }
        }
        if (event != null && event.getType() == TicketEventType.CALLBACK_DONE && after.getSatisfaction() != null
                && (before == null || before.satisfaction() == null)) {
            facts.add(fact(after, KpiFactKind.SATISFACTION, event.getTimestamp()).setSatisfaction(after.getSatisfaction()).build());
        }
        return facts;
    }

    /**
     * A device's change of state as it counts in availability: UP and DEGRADED are available; DOWN, UNREACHABLE and
     * FLAPPING are not; a device with no previous state starts to be tracked, one with no state (removed) stops.
     * Empty when the change moves neither count. Its site's maintenance windows are added when the tick's changes are
     * sent ({@link #maintenance}), once per site.
     */
    public static java.util.Optional<KpiFact> census(String siteId, String contractId, HealthState previous, HealthState state, long at) {
        int available = (available(state) ? 1 : 0) - (available(previous) ? 1 : 0);
        int tracked = (state != null ? 1 : 0) - (previous != null ? 1 : 0);
        if (available == 0 && tracked == 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(KpiFact.newBuilder().setSiteId(siteId).setContractId(contractId == null ? "" : contractId)
                .setKind(KpiFactKind.CENSUS).setAt(at).setClock(null).setOpenedAt(null).setDurationMs(null).setSatisfaction(null)
                .setAvailableDelta(available).setTrackedDelta(tracked).setMaintenance(new ArrayList<>()).build());
    }

    /**
     * An obligation's occurrence (site, obligation, period) closed at its period's end, {@code periodEnd}: met, or
     * OBLIGATION_MISSED. It counts on the last day of its period (the instant before its end), so that a month's and a
     * quarter's records hold the obligations of that month and quarter: the March inspection of Q1 on 31 March, not on
     * 1 April. It reaches that day's window within the KPI grace, as the verdict is given at the period's end.
     */
    public static KpiFact obligation(String siteId, String contractId, boolean met, long periodEnd) {
        return KpiFact.newBuilder().setSiteId(siteId).setContractId(contractId)
                .setKind(met ? KpiFactKind.OBLIGATION_MET : KpiFactKind.OBLIGATION_MISSED).setAt(periodEnd - 1)
                .setClock(null).setOpenedAt(null).setDurationMs(null).setSatisfaction(null).build();
    }

    /** A site's maintenance windows (its own, not a device's) as a census fact carries them; none for no schedule. */
    public static List<TimeSpan> maintenance(SiteSchedule schedule) {
        List<TimeSpan> maintenance = new ArrayList<>();
        if (schedule != null) {
            for (ScheduleWindow w : schedule.getWindows()) {
                if (w.getKind() == WindowKind.MAINTENANCE && w.getDeviceId() == null) { // a device's own window: see README, Operator actions
                    maintenance.add(new TimeSpan(w.getStart(), w.getEnd()));
                }
            }
        }
        return maintenance;
    }

    private static boolean available(HealthState s) {
        return s == HealthState.UP || s == HealthState.DEGRADED;
    }

    private static KpiFact.Builder fact(TicketState t, KpiFactKind kind, long at) {
        return KpiFact.newBuilder().setSiteId(t.getSiteId()).setContractId(t.getContractId()).setKind(kind).setAt(at)
                .setClock(null).setOpenedAt(null).setDurationMs(null).setSatisfaction(null);
    }

    private static Set<String> decided(TicketState t) {
        Set<String> decided = new HashSet<>();
        for (ClockState c : t.getClocks()) {
            if (c.getStoppedAt() != null || c.getBreached()) {
                decided.add(key(c));
            }
        }
        return decided;
    }

    private static String key(ClockState c) {
        return c.getClock() + "#" + c.getGeneration();
    }
}
