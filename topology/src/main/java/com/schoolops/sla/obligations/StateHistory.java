package com.schoolops.sla.obligations;

import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.state.RecentStates;
import com.schoolops.sla.state.StateSince;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A device's published health states of the last {@link #KEPT} (pure logic over {@link RecentStates}): what it was at
 * an instant, and whether it was FLAPPING in a span. The changes are kept for a week back from the newest, and the one
 * before them, so the state at any instant of that week is known; before it nothing is.
 * <p>
 * A history of UPs alone is not kept ({@link #onlyUp}): an UP contradicts no inspection, so such a device is judged as
 * one with no history, and a healthy fleet holds nothing here. The one difference: a change read after an UP it precedes
 * (a parent's silence judged after the child was heard) then counts from its own time on, as the device's published
 * state does, not only up to that UP.
 */
final class StateHistory {
    static final Duration KEPT = Duration.ofDays(7);

    /** What a device was at an instant: its state, since when (its change at or before the instant). */
    record StateAt(HealthState state, long since) {
    }

    private StateHistory() {
    }

    /** The record with {@code state} from {@code at} on, in time order; what is older than a week before the newest change goes. */
    static RecentStates changed(RecentStates r, HealthState state, long at) {
        List<StateSince> changes = new ArrayList<>(r == null ? List.of() : r.getChanges());
        int i = changes.size();
        while (i > 0 && changes.get(i - 1).getSince() > at) {
            i--;
        }
        changes.add(i, new StateSince(state, at));
        long cut = changes.get(changes.size() - 1).getSince() - KEPT.toMillis();
        while (changes.size() > 1 && changes.get(1).getSince() <= cut) {
            changes.remove(0); // the next one already tells the state at the cut
        }
        return new RecentStates(changes);
    }

    /** Whether every change kept is an UP: nothing an inspection could be contradicted by, so nothing worth keeping. */
    static boolean onlyUp(RecentStates r) {
        return r.getChanges().stream().allMatch(c -> c.getState() == HealthState.UP);
    }

    /** The state at {@code at}, or empty when no change of the device at or before it is kept. */
    static Optional<StateAt> at(RecentStates r, long at) {
        StateAt found = null;
        for (StateSince c : r.getChanges()) {
            if (c.getSince() <= at) {
                found = new StateAt(c.getState(), c.getSince());
            }
        }
        return Optional.ofNullable(found);
    }

    /** When the device's last FLAPPING spell that overlaps {@code from} to {@code to} (both included) began, if it was FLAPPING then. */
    static Optional<Long> flapping(RecentStates r, long from, long to) {
        Long last = null;
        List<StateSince> changes = r.getChanges();
        for (int i = 0; i < changes.size(); i++) {
            StateSince c = changes.get(i);
            long end = i + 1 < changes.size() ? changes.get(i + 1).getSince() : Long.MAX_VALUE; // exclusive
            if (c.getState() == HealthState.FLAPPING && c.getSince() <= to && end > from) {
                last = c.getSince();
            }
        }
        return Optional.ofNullable(last);
    }
}
