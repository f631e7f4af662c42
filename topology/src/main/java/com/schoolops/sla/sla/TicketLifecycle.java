package com.schoolops.sla.sla;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.deadletter.InvalidInputException;
import com.schoolops.sla.escalation.Escalations;
import com.schoolops.sla.policy.BusinessCalendar;
import com.schoolops.sla.policy.ClockTarget;
import com.schoolops.sla.policy.Contract;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.policy.Tiers;
import com.schoolops.sla.state.ClockState;
import com.schoolops.sla.state.TicketState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A ticket's SLA clocks (specification section 4) as pure logic: events and the passing of time in, escalations out.
 * Each warning and each breach is raised once: the state counts what it has raised, and Streams commits the
 * state with the escalations (exactly-once).
 */
public final class TicketLifecycle {
    private final Policies policies;
    private final Escalations escalations;

    public TicketLifecycle(Policies policies) {
        this.policies = policies;
        this.escalations = new Escalations(policies);
    }

    /** What OPENED needs from outside the ticket stream: the device's registry entry and the site's calendar. */
    public record Context(String deviceContractId, Long warrantyUntil, String majorEventName) {
    }

    // Events ------------------------------------------------------------------------------------------------

    /** A new ticket; throws {@link InvalidInputException} when its contract or severity is unknown. */
    public TicketState open(TicketEvent e, Context ctx, List<Escalation> out) {
        String contractId = e.getContractId() != null ? e.getContractId() : ctx.deviceContractId();
        if (contractId == null) {
            throw new InvalidInputException("ticket " + e.getTicketId() + " names no contract and its device "
                    + (e.getDeviceId() == null ? "is not given" : e.getDeviceId() + " is not in the registry"));
        }
        Contract contract = policies.contract(contractId).orElseThrow(() -> new InvalidInputException(
                "ticket " + e.getTicketId() + ": unknown contract '" + contractId + "' (known: " + policies.contractIds() + ")"));
        if (!contract.hasSeverity(e.getSeverity())) {
            throw new InvalidInputException("ticket " + e.getTicketId() + ": severity '" + e.getSeverity() + "' is not one of "
                    + contract.id() + "'s " + contract.severities().keySet());
        }
        long at = e.getTimestamp();
        TicketState t = TicketState.newBuilder().setTicketId(e.getTicketId()).setSiteId(e.getSiteId()).setDeviceId(e.getDeviceId())
                .setContractId(contract.id()).setSeverity(e.getSeverity()).setCategory(e.getCategory()).setOpenedAt(at)
                .setOutOfWarranty(ctx.warrantyUntil() != null && ctx.warrantyUntil() < at).setClocks(new ArrayList<>()).build();
        if (ctx.majorEventName() != null && contract.majorEvent().isPresent()) {
            Contract.MajorEvent major = contract.majorEvent().get();
            t.setMajorEvent(ctx.majorEventName());
            if (major.severity().isPresent() && !major.severity().get().equals(t.getSeverity())) {
                String from = t.getSeverity();
                t.setSeverity(major.severity().get());
                out.add(escalations.ofTicket(t, EscalationType.SEVERITY_UPGRADED, null, null, at, "major-event:" + t.getSeverity(),
                        "Ticket " + t.getTicketId() + " was opened during major event '" + ctx.majorEventName() + "' at " + t.getSiteId()
                                + ": severity raised from " + from + " to " + t.getSeverity() + "."));
            }
            if (major.raiseFault()) {
                out.add(escalations.ofTicket(t, EscalationType.MAJOR_EVENT_FAULT, null, null, at, null,
                        "Fault during major event '" + ctx.majorEventName() + "' at " + t.getSiteId() + ": ticket " + t.getTicketId()
                                + " (" + t.getSeverity() + ") needs experts now."));
            }
        }
        Map<SlaClock, ClockTarget> targets = targets(t, contract);
        start(t, SlaClock.RESPONSE, at, targets);
        start(t, SlaClock.RESTORE, at, targets);
        if (targets.containsKey(SlaClock.ON_SITE) && targets.get(SlaClock.ON_SITE).startsAt() == TicketEventType.OPENED) {
            start(t, SlaClock.ON_SITE, at, targets);
        }
        contract.remoteWindow().ifPresent(w -> t.setRemoteWindowAt(at + w.toMillis()));
        contract.upgrade().filter(u -> !u.to().equals(t.getSeverity())).ifPresent(u -> t.setUpgradeAt(at + u.after().toMillis()));
        return t;
    }

    /** Any event after OPENED. Time is first brought up to the event, so nothing due before it is missed. */
    public void apply(TicketState t, TicketEvent e, List<Escalation> out) {
        long at = e.getTimestamp();
        advance(t, at, out);
        Contract contract = contract(t);
        Map<SlaClock, ClockTarget> targets = targets(t, contract);
        switch (e.getType()) {
            case ACKNOWLEDGED -> {
                stop(t, SlaClock.RESPONSE, at);
                if (t.getAcknowledgedAt() == null) {
                    t.setAcknowledgedAt(at);
                }
            }
            case DISPATCHED -> {
                t.setDispatched(true);
                t.setRemoteWindowAt(null);
                ClockTarget onSite = targets.get(SlaClock.ON_SITE);
                if (onSite != null && onSite.startsAt() == TicketEventType.DISPATCHED) {
                    start(t, SlaClock.ON_SITE, at, targets);
                }
            }
            case ON_SITE -> stopOrRemember(t, SlaClock.ON_SITE, at, targets);
            case AWAITING_PARTS -> {
                start(t, SlaClock.PARTS, at, targets);
                if (contract.pauseForParts()) {
                    pause(t, SlaClock.RESTORE, at);
                }
            }
            case PARTS_ARRIVED -> {
                stopOrRemember(t, SlaClock.PARTS, at, targets);
                resume(t, SlaClock.RESTORE, at);
                start(t, SlaClock.REPAIR_AFTER_PARTS, at, targets);
            }
            case SPARE_REQUESTED -> {
                start(t, SlaClock.SPARE_CONFIRM, at, targets);
                start(t, SlaClock.SPARE_INSTALL, at, targets);
            }
            case SPARE_CONFIRMED -> stopOrRemember(t, SlaClock.SPARE_CONFIRM, at, targets);
            case SPARE_INSTALLED -> {
                stopOrRemember(t, SlaClock.SPARE_CONFIRM, at, targets);
                stopOrRemember(t, SlaClock.SPARE_INSTALL, at, targets);
                stop(t, SlaClock.RESTORE, at);
                stop(t, SlaClock.REPAIR_AFTER_PARTS, at);
                restored(t, at);
            }
            case RESOLVED -> {
                for (SlaClock c : List.of(SlaClock.RESTORE, SlaClock.REPAIR_AFTER_PARTS, SlaClock.RESPONSE, SlaClock.ON_SITE)) {
                    stop(t, c, at);
                }
                t.setResolvedAt(at);
                restored(t, at);
                t.setRemoteWindowAt(null);
                t.setUpgradeAt(null);
                start(t, SlaClock.REPORT, at, targets);
                start(t, SlaClock.CALLBACK, at, targets);
            }
            case REPORT_SUBMITTED -> stopOrRemember(t, SlaClock.REPORT, at, targets);
            case CALLBACK_DONE -> {
                stopOrRemember(t, SlaClock.CALLBACK, at, targets);
                t.setSatisfaction(e.getSatisfaction());
            }
            case CLOSED -> t.setClosed(true);
            case REOPENED -> {
                t.setClosed(false);
                t.setResolvedAt(null);
                t.setRestoredAt(null);
                t.setReopened(t.getReopened() + 1);
                restart(t, SlaClock.RESTORE, at, targets);
            }
            case SEVERITY_CHANGED -> {
                if (!contract.hasSeverity(e.getSeverity())) {
                    throw new InvalidInputException("ticket " + t.getTicketId() + ": severity '" + e.getSeverity() + "' is not one of "
                            + contract.id() + "'s " + contract.severities().keySet());
                }
                t.setSeverity(e.getSeverity());
                retarget(t, at);
            }
            case OPENED -> {
                // a second OPENED for a known ticket: the first one stands (see TicketSlaProcessor)
            }
        }
    }

    /** Service is back, on the repaired unit or on a spare: the first such event is the ticket's restore (the KPIs' time to restore). */
    private static void restored(TicketState t, long at) {
        if (t.getRestoredAt() == null) {
            t.setRestoredAt(at);
        }
    }

    /** Everything due up to {@code now}: warnings, breaches, the remote window and severity upgrades, in time order. */
    public void advance(TicketState t, long now, List<Escalation> out) {
        List<Escalation> due = new ArrayList<>();
        Contract contract = contract(t);
        if (t.getUpgradeAt() != null && t.getUpgradeAt() <= now) {
            long at = t.getUpgradeAt();
            t.setUpgradeAt(null);
            Contract.Upgrade u = contract.upgrade().orElseThrow();
            if (t.getResolvedAt() == null && !u.to().equals(t.getSeverity())) {
                String from = t.getSeverity();
                t.setSeverity(u.to());
                retarget(t, at);
                due.add(escalations.ofTicket(t, EscalationType.SEVERITY_UPGRADED, null, null, at, "upgrade:" + u.to(),
                        "Ticket " + t.getTicketId() + " is not resolved " + human(u.after()) + " after it was opened: severity raised from "
                                + from + " to " + u.to() + "."));
            }
        }
        BusinessCalendar calendar = policies.calendar(contract, t.getSiteId());
        List<Double> fractions = contract.warningFractions();
        for (ClockState c : t.getClocks()) {
            if (c.getRunningSince() == null || c.getBreached()) {
                continue;
            }
            while (c.getWarningsSent() < fractions.size()) {
                double f = fractions.get(c.getWarningsSent());
                long when = thresholdTime(c, calendar, f);
                if (when > now) {
                    break;
                }
                c.setWarningsSent(c.getWarningsSent() + 1);
                due.add(escalations.ofTicket(t, EscalationType.SLA_WARNING, c.getClock(), thresholdTime(c, calendar, 1.0), when,
                        percent(f) + generation(c),
                        "Ticket " + t.getTicketId() + " (" + t.getContractId() + " " + t.getSeverity() + "): " + c.getClock() + " clock at "
                                + percent(f) + " of its " + c.getTarget() + " target, due " + Instant.ofEpochMilli(thresholdTime(c, calendar, 1.0)) + "."));
            }
            long deadline = thresholdTime(c, calendar, 1.0);
            if (deadline <= now) {
                c.setBreached(true);
                c.setWarningsSent(fractions.size());
                due.add(escalations.ofTicket(t, EscalationType.SLA_BREACH, c.getClock(), deadline, deadline, "100%" + generation(c),
                        "Ticket " + t.getTicketId() + " (" + t.getContractId() + " " + t.getSeverity() + "): " + c.getClock()
                                + " target of " + c.getTarget() + " missed at " + Instant.ofEpochMilli(deadline) + "."));
            }
        }
        if (t.getRemoteWindowAt() != null && t.getRemoteWindowAt() <= now) {
            long at = t.getRemoteWindowAt();
            t.setRemoteWindowAt(null);
            if (!t.getDispatched() && t.getResolvedAt() == null) {
                due.add(escalations.ofTicket(t, EscalationType.DISPATCH_REQUIRED, null, at, at, null,
                        "Ticket " + t.getTicketId() + " was not resolved remotely within " + human(contract.remoteWindow().orElseThrow())
                                + " of opening: send an engineer to " + t.getSiteId() + "."));
            }
        }
        due.sort(Comparator.comparingLong(Escalation::getAt));
        out.addAll(due);
    }

    /** The next instant at which {@link #advance} has something to do, or null. */
    public Long nextDue(TicketState t) {
        Contract contract = contract(t);
        BusinessCalendar calendar = policies.calendar(contract, t.getSiteId());
        Long next = min(t.getRemoteWindowAt(), t.getUpgradeAt());
        for (ClockState c : t.getClocks()) {
            if (c.getRunningSince() == null || c.getBreached()) {
                continue;
            }
            double f = c.getWarningsSent() < contract.warningFractions().size() ? contract.warningFractions().get(c.getWarningsSent()) : 1.0;
            next = min(next, thresholdTime(c, calendar, f));
        }
        return next;
    }

    /** Each clock of the ticket as it stands at {@code now}, for the query API (nothing is changed). */
    public List<ClockReading> read(TicketState t, long now) {
        Contract contract = contract(t);
        BusinessCalendar calendar = policies.calendar(contract, t.getSiteId());
        Tiers tiers = policies.tiers(contract);
        List<ClockReading> readings = new ArrayList<>();
        for (ClockState c : t.getClocks()) {
            boolean stopped = c.getStoppedAt() != null && c.getRunningSince() == null;
            boolean running = c.getRunningSince() != null;
            long used = c.getConsumedMs() + (running ? elapsed(c, calendar, c.getRunningSince(), now) : 0);
            Instant deadline = running && !c.getBreached() ? Instant.ofEpochMilli(thresholdTime(c, calendar, 1.0)) : null;
            readings.add(new ClockReading(t.getTicketId(), t.getSiteId(), t.getDeviceId(), t.getContractId(), t.getSeverity(),
                    c.getClock(), c.getTarget(), c.getWorking(), deadline, used, c.getTargetMs() - used,
                    c.getTargetMs() == 0 ? 100.0 : 100.0 * used / c.getTargetMs(), !running && !stopped, stopped, c.getBreached(),
                    tiers.of(EscalationType.SLA_BREACH, c.getClock(), t.getMajorEvent() != null)));
        }
        return readings;
    }

    /** Closed, and no clock or check left that could still raise anything: the state can go. */
    public boolean settled(TicketState t) {
        return t.getClosed() && t.getRemoteWindowAt() == null && t.getUpgradeAt() == null
                && t.getClocks().stream().allMatch(c -> c.getRunningSince() == null && (c.getStoppedAt() != null || c.getBreached()));
    }

    // Clocks ------------------------------------------------------------------------------------------------

    private Contract contract(TicketState t) {
        return policies.contract(t.getContractId()).orElseThrow(() -> new IllegalStateException(
                "contract " + t.getContractId() + " of ticket " + t.getTicketId() + " is no longer in the policies"));
    }

    private static Map<SlaClock, ClockTarget> targets(TicketState t, Contract contract) {
        return contract.targets(t.getSeverity(), t.getCategory(), t.getOutOfWarranty(), t.getMajorEvent() != null);
    }

    private static ClockState find(TicketState t, SlaClock clock) {
        return t.getClocks().stream().filter(c -> c.getClock() == clock).findFirst().orElse(null);
    }

    private void start(TicketState t, SlaClock clock, long at, Map<SlaClock, ClockTarget> targets) {
        ClockState existing = find(t, clock);
        if (existing != null) {
            return; // a clock starts once; REOPENED restarts RESTORE explicitly
        }
        if (t.getResolvedAt() != null && clock != SlaClock.REPORT && clock != SlaClock.CALLBACK) {
            return; // the fault is fixed: a late DISPATCHED or AWAITING_PARTS starts nothing (REOPENED first)
        }
        ClockTarget target = targets.get(clock);
        if (target != null) {
            t.getClocks().add(newClock(t, clock, 0, at, target));
            // Its stop was read first (entered late, e.g. an ON_SITE before its DISPATCHED): the clock stops when it did.
            Map<String, Long> early = new HashMap<>(t.getEarlyStops());
            Long stoppedAt = early.remove(clock.name());
            if (stoppedAt != null) {
                t.setEarlyStops(early);
                if (stoppedAt >= at) {
                    stop(t, clock, stoppedAt);
                }
            }
        }
    }

    /**
     * A stop event: stops its clock, or, when the event that starts the clock has not been read yet, is remembered
     * (the earliest, while the ticket lives) for when it is.
     */
    private void stopOrRemember(TicketState t, SlaClock clock, long at, Map<SlaClock, ClockTarget> targets) {
        if (find(t, clock) == null && targets.containsKey(clock)) {
            Map<String, Long> early = new HashMap<>(t.getEarlyStops());
            early.merge(clock.name(), at, Math::min);
            t.setEarlyStops(early);
            return;
        }
        stop(t, clock, at);
    }

    private void restart(TicketState t, SlaClock clock, long at, Map<SlaClock, ClockTarget> targets) {
        ClockState existing = find(t, clock);
        ClockTarget target = targets.get(clock);
        if (target == null) {
            return;
        }
        ClockState fresh = newClock(t, clock, existing == null ? 0 : existing.getGeneration() + 1, at, target);
        // A copy: the list of a state read back from its store is Avro's, which cannot remove while iterating.
        List<ClockState> clocks = new ArrayList<>(t.getClocks());
        clocks.removeIf(c -> c.getClock() == clock);
        clocks.add(fresh);
        t.setClocks(clocks);
    }

    private ClockState newClock(TicketState t, SlaClock clock, int generation, long at, ClockTarget target) {
        BusinessCalendar calendar = policies.calendar(contract(t), t.getSiteId());
        return ClockState.newBuilder().setClock(clock).setGeneration(generation).setStartedAt(at)
                .setTargetMs(target.target().length(calendar).toMillis()).setTarget(target.target().toString())
                .setWorking(target.target().working()).setRunningSince(at).build();
    }

    private void stop(TicketState t, SlaClock clock, long at) {
        ClockState c = find(t, clock);
        if (c != null && c.getStoppedAt() == null) {
            pause(t, clock, at);
            c.setStoppedAt(at);
        }
    }

    private void pause(TicketState t, SlaClock clock, long at) {
        ClockState c = find(t, clock);
        if (c != null && c.getRunningSince() != null) {
            BusinessCalendar calendar = policies.calendar(contract(t), t.getSiteId());
            c.setConsumedMs(c.getConsumedMs() + elapsed(c, calendar, c.getRunningSince(), at));
            c.setRunningSince(null);
        }
    }

    private static void resume(TicketState t, SlaClock clock, long at) {
        ClockState c = find(t, clock);
        if (c != null && c.getRunningSince() == null && c.getStoppedAt() == null) {
            c.setRunningSince(at);
        }
    }

    /** New targets for the clocks still open, from the ticket's current severity; consumed time is kept. */
    private void retarget(TicketState t, long at) {
        Contract contract = contract(t);
        BusinessCalendar calendar = policies.calendar(contract, t.getSiteId());
        Map<SlaClock, ClockTarget> targets = targets(t, contract);
        for (ClockState c : t.getClocks()) {
            if (c.getStoppedAt() != null) {
                continue;
            }
            ClockTarget target = targets.get(c.getClock());
            if (target == null) {
                stop(t, c.getClock(), at); // the new severity does not track this clock
                continue;
            }
            c.setTargetMs(target.target().length(calendar).toMillis());
            c.setTarget(target.target().toString());
            c.setWorking(target.target().working());
        }
    }

    private static long elapsed(ClockState c, BusinessCalendar calendar, long from, long to) {
        if (to <= from) {
            return 0;
        }
        return c.getWorking() ? calendar.between(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to)).toMillis() : to - from;
    }

    /** When a running clock reaches {@code fraction} of its target. */
    static long thresholdTime(ClockState c, BusinessCalendar calendar, double fraction) {
        long needed = (long) Math.ceil(fraction * c.getTargetMs()) - c.getConsumedMs();
        long from = c.getRunningSince();
        if (needed <= 0) {
            return from;
        }
        return c.getWorking() ? calendar.plus(Instant.ofEpochMilli(from), Duration.ofMillis(needed)).toEpochMilli() : from + needed;
    }

    private static String generation(ClockState c) {
        return c.getGeneration() == 0 ? "" : "#" + c.getGeneration();
    }

    private static String percent(double f) {
        return String.format(Locale.ROOT, "%.0f%%", f * 100);
    }

    private static String human(Duration d) {
        return com.schoolops.sla.config.Durations.format(d);
    }

    private static Long min(Long a, Long b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return Math.min(a, b);
    }
}
