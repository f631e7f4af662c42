package com.schoolops.sla.tickets;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.deadletter.InvalidInputException;
import com.schoolops.sla.escalation.Escalations;
import com.schoolops.sla.policy.CalendarTimeline;
import com.schoolops.sla.policy.ClockTarget;
import com.schoolops.sla.policy.Contract;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.Tiers;
import com.schoolops.sla.state.ClockState;
import com.schoolops.sla.state.EventBound;
import com.schoolops.sla.state.TicketState;
import com.schoolops.sla.tickets.TicketReadSide.ClockReading;

import java.time.Duration;
import java.time.Instant;
import com.schoolops.sla.text.LocalTimes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A ticket's SLA clocks (specification section 4) as pure logic: events and the passing of time in, escalations out.
 * Each warning and each breach is raised once: the state counts what it has raised, and Streams commits the
 * state with the escalations (exactly-once).
 */
public final class TicketLifecycle {
    private final ContractBook contracts;
    private final Escalations escalations;

    public TicketLifecycle(ContractBook contracts) {
        this.contracts = contracts;
        this.escalations = new Escalations(contracts);
    }

    /**
     * What OPENED needs from outside the ticket stream: the device's contract (registry), its warranty end (its own, else
     * its site's; null: in warranty) and the major event on the site's calendar then.
     */
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
        long at = e.getTimestamp();
        ContractBook.Terms terms = contracts.termsOf(e.getTicketId(), contractId, e.getSeverity(), at);
        Contract contract = terms.contract();
        TicketState t = TicketState.newBuilder().setTicketId(e.getTicketId()).setSiteId(e.getSiteId()).setDeviceId(e.getDeviceId())
                .setContractId(contract.id()).setSeverity(e.getSeverity()).setCategory(e.getCategory()).setOpenedAt(at)
                .setOutOfWarranty(ctx.warrantyUntil() != null && ctx.warrantyUntil() < at).setClocks(new ArrayList<>())
                .setContractVersion(terms.version()).build();
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
        follow(t, e, contract);
        contract.remoteWindow().ifPresent(w -> t.setRemoteWindowAt(at + w.toMillis()));
        contract.upgrade().filter(u -> !u.to().equals(t.getSeverity())).ifPresent(u -> t.setUpgradeAt(at + u.after().toMillis()));
        return t;
    }

    /** Any event after OPENED. Time is first brought up to the event, so nothing due before it is missed. */
    public void apply(TicketState t, TicketEvent e, List<Escalation> out) {
        advance(t, e.getTimestamp(), out);
        ContractBook.Terms terms = terms(t);
        Contract contract = terms.contract();
        switch (e.getType()) {
            case OPENED -> {
                return; // a second OPENED for a known ticket: the first one stands (see TicketSlaProcessor)
            }
            case SEVERITY_CHANGED -> contracts.checkSeverity(t.getTicketId(), terms, e.getSeverity()); // of its own version
            default -> {
                // every other event's terms were checked when the ticket was opened
            }
        }
        follow(t, e, contract);
    }

    /** The event's row of {@link TicketEventRules}: what it records on the ticket, then its clock steps. */
    private void follow(TicketState t, TicketEvent e, Contract contract) {
        TicketEventRules.Rule rule = TicketEventRules.of(e.getType());
        rule.record().on(t, e);
        TicketClocks clocks = new TicketClocks(t, contract, contracts.calendar(contract, t.getSiteId()));
        for (TicketEventRules.Step step : rule.steps()) {
            clocks.run(step, e.getType(), e.getTimestamp());
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
                new TicketClocks(t, contract, contracts.calendar(contract, t.getSiteId())).retarget(at);
                due.add(escalations.ofTicket(t, EscalationType.SEVERITY_UPGRADED, null, null, at, "upgrade:" + u.to(),
                        "Ticket " + t.getTicketId() + " is not resolved " + human(u.after()) + " after it was opened: severity raised from "
                                + from + " to " + u.to() + "."));
            }
        }
        CalendarTimeline calendar = contracts.calendar(contract, t.getSiteId());
        List<Double> fractions = contract.warningFractions();
        for (ClockState c : t.getClocks()) {
            if (c.getRunningSince() == null || c.getBreached()) {
                continue;
            }
            while (c.getWarningsSent() < fractions.size()) {
                double f = fractions.get(c.getWarningsSent());
                long when = TicketClocks.thresholdTime(c, calendar, f);
                if (when > now) {
                    break;
                }
                c.setWarningsSent(c.getWarningsSent() + 1);
                due.add(escalations.ofTicket(t, EscalationType.SLA_WARNING, c.getClock(), TicketClocks.thresholdTime(c, calendar, 1.0), when,
                        percent(f) + generation(c),
                        "Ticket " + t.getTicketId() + " (" + t.getContractId() + " " + t.getSeverity() + "): " + c.getClock() + " clock at "
                                + percent(f) + " of its " + targetText(c, calendar, f, "%s target") + ", due "
                                + LocalTimes.format(TicketClocks.thresholdTime(c, calendar, 1.0), calendar.zone()) + "."));
            }
            long deadline = TicketClocks.thresholdTime(c, calendar, 1.0);
            if (deadline <= now) {
                boolean byEvent = TicketClocks.boundFirst(c, calendar, 1.0);
                String text = targetText(c, calendar, 1.0, "target of %s");
                c.setBreached(true);
                c.setWarningsSent(fractions.size());
                // a breach of the event's target is one during the event: its tier is the major event's
                due.add(escalations.ofTicket(t, EscalationType.SLA_BREACH, c.getClock(), deadline, deadline, "100%" + generation(c),
                        "Ticket " + t.getTicketId() + " (" + t.getContractId() + " " + t.getSeverity() + "): " + c.getClock()
                                + " " + text + " missed at " + LocalTimes.format(deadline, calendar.zone()) + ".", byEvent));
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

    /**
     * A MAJOR_EVENT window of the ticket's site starts while it is open (SPEC section 10): each of its clocks not
     * stopped nor breached that the contract's {@code majorEvent.clocks} has a target for takes the earlier of its own
     * deadline and the start plus that target ({@link TicketClocks#bound}); its warnings follow the earlier thresholds.
     * Time must have been brought up to the start first. A resolved ticket is not open: nothing changes.
     */
    public void eventStarts(TicketState t, long start, String eventName) {
        t.setEventStartSeen(start);
        if (t.getResolvedAt() != null || t.getClosed() || start <= t.getOpenedAt()) {
            return; // opened at or after the start, it has the event's targets already (open)
        }
        Contract contract = contract(t);
        Map<SlaClock, ClockTarget> event = contract.majorEvent().map(Contract.MajorEvent::clocks).orElse(Map.of());
        CalendarTimeline calendar = contracts.calendar(contract, t.getSiteId());
        for (ClockState c : t.getClocks()) {
            ClockTarget target = event.get(c.getClock());
            if (target != null && c.getStoppedAt() == null && !c.getBreached()) {
                TicketClocks.bound(c, calendar, start, target.target(), eventName);
            }
        }
    }

    /** The next instant at which {@link #advance} has something to do, or null. */
    public Long nextDue(TicketState t) {
        Contract contract = contract(t);
        CalendarTimeline calendar = contracts.calendar(contract, t.getSiteId());
        Long next = min(t.getRemoteWindowAt(), t.getUpgradeAt());
        for (ClockState c : t.getClocks()) {
            if (c.getRunningSince() == null || c.getBreached()) {
                continue;
            }
            double f = c.getWarningsSent() < contract.warningFractions().size() ? contract.warningFractions().get(c.getWarningsSent()) : 1.0;
            next = min(next, TicketClocks.thresholdTime(c, calendar, f));
        }
        return next;
    }

    /** Each clock of the ticket as it stands at {@code now}, for the query API (nothing is changed). */
    public List<ClockReading> read(TicketState t, long now) {
        Contract contract = contract(t);
        CalendarTimeline calendar = contracts.calendar(contract, t.getSiteId());
        Tiers tiers = contracts.tiers(contract);
        List<ClockReading> readings = new ArrayList<>();
        for (ClockState c : t.getClocks()) {
            boolean stopped = c.getStoppedAt() != null && c.getRunningSince() == null;
            boolean running = c.getRunningSince() != null;
            long used = c.getConsumedMs() + (running ? TicketClocks.elapsed(c, calendar, c.getRunningSince(), now) : 0);
            Instant deadline = running && !c.getBreached() ? Instant.ofEpochMilli(TicketClocks.thresholdTime(c, calendar, 1.0)) : null;
            if (running && TicketClocks.boundFirst(c, calendar, 1.0)) {
                // held to a major event's target from its start (SPEC section 10): read as that clock
                EventBound b = c.getEventBound();
                long usedOfEvent = b.getWorking() ? calendar.between(Instant.ofEpochMilli(b.getFrom()), Instant.ofEpochMilli(Math.max(now, b.getFrom()))).toMillis()
                        : Math.max(0, now - b.getFrom());
                readings.add(new ClockReading(t.getTicketId(), t.getSiteId(), t.getDeviceId(), t.getContractId(), t.getSeverity(),
                        c.getClock(), b.getTarget(), b.getWorking(), deadline, usedOfEvent, b.getTargetMs() - usedOfEvent,
                        b.getTargetMs() == 0 ? 100.0 : 100.0 * usedOfEvent / b.getTargetMs(), false, false, c.getBreached(),
                        tiers.of(EscalationType.SLA_BREACH, c.getClock(), true)));
                continue;
            }
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
        return terms(t).contract();
    }

    /** The version of its contract the ticket was opened under: it judges the ticket for life. */
    private ContractBook.Terms terms(TicketState t) {
        return contracts.version(t.getContractId(), t.getContractVersion()).orElseThrow(() -> new IllegalStateException(
                "contract " + t.getContractId() + " version " + t.getContractVersion() + " of ticket " + t.getTicketId() + " is not known"));
    }

    /** Whether the version the ticket was opened under is known here (a reader outside the engine may not have it yet). */
    public boolean judgeable(TicketState t) {
        return contracts.version(t.getContractId(), t.getContractVersion()).isPresent();
    }

    /** The target a threshold is of, in {@code shape}: the clock's own, or the major event's that bounds it (SPEC section 10). */
    private static String targetText(ClockState c, CalendarTimeline calendar, double fraction, String shape) {
        if (!TicketClocks.boundFirst(c, calendar, fraction)) {
            return String.format(Locale.ROOT, shape, c.getTarget());
        }
        EventBound b = c.getEventBound();
        return String.format(Locale.ROOT, shape, b.getTarget()) + " from the start of major event '" + b.getEvent() + "' at "
                + LocalTimes.format(b.getFrom(), calendar.zone());
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
