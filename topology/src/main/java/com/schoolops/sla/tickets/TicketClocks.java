package com.schoolops.sla.tickets;

import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.policy.CalendarTimeline;
import com.schoolops.sla.policy.ClockTarget;
import com.schoolops.sla.policy.Contract;
import com.schoolops.sla.policy.EventTargets;
import com.schoolops.sla.policy.Target;
import com.schoolops.sla.state.ClockState;
import com.schoolops.sla.state.EventBound;
import com.schoolops.sla.state.TicketState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The clocks of one ticket, as one event or check sees them: its contract's targets for the ticket's severity and
 * the calendar its working time is counted in. Starting, stopping, pausing and restarting (pure: the state changes,
 * nothing is published here).
 */
final class TicketClocks {
    private final TicketState t;
    private final Contract contract;
    private final CalendarTimeline calendar;
    private Map<SlaClock, ClockTarget> targets;

    TicketClocks(TicketState t, Contract contract, CalendarTimeline calendar) {
        this.t = t;
        this.contract = contract;
        this.calendar = calendar;
        this.targets = targetsOf(t, contract);
    }

    static Map<SlaClock, ClockTarget> targetsOf(TicketState t, Contract contract) {
        return contract.targets(t.getSeverity(), t.getCategory(), t.getOutOfWarranty(), t.getMajorEvent() != null);
    }

    /** One step of an event's rule ({@link TicketEventRules}), at the event's time. */
    void run(TicketEventRules.Step step, TicketEventType event, long at) {
        SlaClock clock = step.clock();
        switch (step.op()) {
            case START -> start(clock, at);
            case START_IF_FROM_HERE -> {
                ClockTarget target = targets.get(clock);
                if (target != null && target.startsAt() == event) {
                    start(clock, at);
                }
            }
            case STOP -> stop(clock, at);
            case STOP_OR_REMEMBER -> stopOrRemember(clock, at);
            case PAUSE_FOR_PARTS -> {
                if (contract.pauseForParts()) {
                    pause(clock, at);
                }
            }
            case RESUME -> resume(clock, at);
            case RESTART -> restart(clock, at);
            case RETARGET -> retarget(at);
        }
    }

    private ClockState find(SlaClock clock) {
        return t.getClocks().stream().filter(c -> c.getClock() == clock).findFirst().orElse(null);
    }

    private void start(SlaClock clock, long at) {
        if (find(clock) != null) {
            return; // a clock starts once; REOPENED restarts RESTORE explicitly
        }
        if (t.getResolvedAt() != null && clock != SlaClock.REPORT && clock != SlaClock.CALLBACK) {
            return; // the fault is fixed: a late DISPATCHED or AWAITING_PARTS starts nothing (REOPENED first)
        }
        ClockTarget target = targets.get(clock);
        if (target != null) {
            t.getClocks().add(newClock(clock, 0, at, target));
            // Its stop was read first (entered late, e.g. an ON_SITE before its DISPATCHED): the clock stops when it did.
            Long stoppedAt = takeEarlyStop(clock);
            if (stoppedAt != null && stoppedAt >= at) {
                stop(clock, stoppedAt);
            }
        }
    }

    /**
     * A stop event: stops its clock, or, when the event that starts the clock has not been read yet, is remembered
     * (the earliest, while the ticket lives) for when it is.
     */
    private void stopOrRemember(SlaClock clock, long at) {
        if (find(clock) == null && targets.containsKey(clock)) {
            rememberEarlyStop(clock, at);
            return;
        }
        stop(clock, at);
    }

    // Early stops are kept by clock name, the only key an Avro map has; here they are keyed by the clock itself.
    private Long takeEarlyStop(SlaClock clock) {
        Map<String, Long> early = new HashMap<>(t.getEarlyStops());
        Long stoppedAt = early.remove(clock.name());
        if (stoppedAt != null) {
            t.setEarlyStops(early);
        }
        return stoppedAt;
    }

    private void rememberEarlyStop(SlaClock clock, long at) {
        Map<String, Long> early = new HashMap<>(t.getEarlyStops());
        early.merge(clock.name(), at, Math::min);
        t.setEarlyStops(early);
    }

    private void restart(SlaClock clock, long at) {
        ClockState existing = find(clock);
        ClockTarget target = targets.get(clock);
        if (target == null) {
            return;
        }
        ClockState fresh = newClock(clock, existing == null ? 0 : existing.getGeneration() + 1, at, target);
        // A copy: the list of a state read back from its store is Avro's, which cannot remove while iterating.
        List<ClockState> clocks = new ArrayList<>(t.getClocks());
        clocks.removeIf(c -> c.getClock() == clock);
        clocks.add(fresh);
        t.setClocks(clocks);
    }

    private ClockState newClock(SlaClock clock, int generation, long at, ClockTarget target) {
        return ClockState.newBuilder().setClock(clock).setGeneration(generation).setStartedAt(at)
                .setTargetMs(target.target().length(calendar.at(at)).toMillis()).setTarget(target.target().toString())
                .setWorking(target.target().working()).setRunningSince(at).build();
    }

    private void stop(SlaClock clock, long at) {
        ClockState c = find(clock);
        if (c != null && c.getStoppedAt() == null) {
            pause(clock, at);
            c.setStoppedAt(at);
        }
    }

    private void pause(SlaClock clock, long at) {
        ClockState c = find(clock);
        if (c != null && c.getRunningSince() != null) {
            c.setConsumedMs(c.getConsumedMs() + elapsed(c, calendar, c.getRunningSince(), at));
            c.setRunningSince(null);
        }
    }

    private void resume(SlaClock clock, long at) {
        ClockState c = find(clock);
        if (c != null && c.getRunningSince() == null && c.getStoppedAt() == null) {
            c.setRunningSince(at);
        }
    }

    /** New targets for the clocks still open, from the ticket's current severity; consumed time is kept. */
    void retarget(long at) {
        targets = targetsOf(t, contract);
        for (ClockState c : t.getClocks()) {
            if (c.getStoppedAt() != null) {
                continue;
            }
            ClockTarget target = targets.get(c.getClock());
            if (target == null) {
                stop(c.getClock(), at); // the new severity does not track this clock
                continue;
            }
            c.setTargetMs(target.target().length(calendar.at(at)).toMillis());
            c.setTarget(target.target().toString());
            c.setWorking(target.target().working());
        }
    }

    static long elapsed(ClockState c, CalendarTimeline calendar, long from, long to) {
        if (to <= from) {
            return 0;
        }
        return c.getWorking() ? calendar.between(Instant.ofEpochMilli(from), Instant.ofEpochMilli(to)).toMillis() : to - from;
    }

    /**
     * When a running clock reaches {@code fraction} of its target: of its own, or of the major event's that bounds it
     * when that comes first ({@link #boundFirst}).
     */
    static long thresholdTime(ClockState c, CalendarTimeline calendar, double fraction) {
        long own = ownThreshold(c, calendar, fraction, c.getRunningSince());
        return c.getEventBound() == null ? own : Math.min(own, boundThreshold(c.getEventBound(), calendar, fraction));
    }

    /** Whether the major event's target, not the clock's own, sets this threshold (for the messages and the tier). */
    static boolean boundFirst(ClockState c, CalendarTimeline calendar, double fraction) {
        return c.getEventBound() != null && c.getRunningSince() != null
                && boundThreshold(c.getEventBound(), calendar, fraction) < ownThreshold(c, calendar, fraction, c.getRunningSince());
    }

    /**
     * A major event starts while the ticket is open (SPEC section 10): the clock, running or paused, takes the event's
     * target from the start when that ends before its own deadline ({@link EventTargets}; a paused clock's deadline
     * counted as if it ran from the start). Returns whether it did.
     */
    static boolean bound(ClockState c, CalendarTimeline calendar, long start, Target target, String event) {
        long own = c.getRunningSince() != null ? thresholdTime(c, calendar, 1.0) : ownThreshold(c, calendar, 1.0, start);
        Instant byEvent = EventTargets.deadline(Instant.ofEpochMilli(own), Instant.ofEpochMilli(start), target, calendar);
        if (byEvent.toEpochMilli() >= own) {
            return false;
        }
        c.setEventBound(new EventBound(start, target.length(calendar.at(start)).toMillis(), target.working(), target.toString(), event));
        return true;
    }

    private static long ownThreshold(ClockState c, CalendarTimeline calendar, double fraction, long from) {
        long needed = (long) Math.ceil(fraction * c.getTargetMs()) - c.getConsumedMs();
        if (needed <= 0) {
            return from;
        }
        return c.getWorking() ? calendar.plus(Instant.ofEpochMilli(from), Duration.ofMillis(needed)).toEpochMilli() : from + needed;
    }

    /** The event's threshold: {@code fraction} of its target from the window's start, in its own (natural or working) time. */
    private static long boundThreshold(EventBound b, CalendarTimeline calendar, double fraction) {
        long needed = (long) Math.ceil(fraction * b.getTargetMs());
        return b.getWorking() ? calendar.plus(Instant.ofEpochMilli(b.getFrom()), Duration.ofMillis(needed)).toEpochMilli() : b.getFrom() + needed;
    }
}
