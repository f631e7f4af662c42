package com.schoolops.sla.obligations;

import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.state.RecentStates;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** What a device was at an instant of the last week, from its published changes (INSPECTION_CONTRADICTED). */
class StateHistoryTest {
    static final long H = Duration.ofHours(1).toMillis();

    @Test
    void theStateAtAnInstantIsTheLastChangeByThen() {
        RecentStates r = StateHistory.changed(null, HealthState.UP, 0);
        r = StateHistory.changed(r, HealthState.DOWN, 10 * H);
        r = StateHistory.changed(r, HealthState.UP, 12 * H);
        assertEquals(Optional.empty(), StateHistory.at(r, -1), "before the first change nothing is known");
        assertEquals(Optional.of(new StateHistory.StateAt(HealthState.UP, 0)), StateHistory.at(r, 10 * H - 1));
        assertEquals(Optional.of(new StateHistory.StateAt(HealthState.DOWN, 10 * H)), StateHistory.at(r, 10 * H));
        assertEquals(Optional.of(new StateHistory.StateAt(HealthState.UP, 12 * H)), StateHistory.at(r, 100 * H));
    }

    @Test
    void aChangeReadLateTakesItsPlaceInTime() {
        RecentStates r = StateHistory.changed(null, HealthState.UP, 0);
        r = StateHistory.changed(r, HealthState.UP, 12 * H);
        r = StateHistory.changed(r, HealthState.DEGRADED, 10 * H);
        assertEquals(HealthState.DEGRADED, StateHistory.at(r, 11 * H).orElseThrow().state());
    }

    @Test
    void aWeekIsKeptAndTheStateAtItsStart() {
        RecentStates r = StateHistory.changed(null, HealthState.UP, 0);
        r = StateHistory.changed(r, HealthState.DEGRADED, 24 * H);
        r = StateHistory.changed(r, HealthState.UP, 30 * H);
        r = StateHistory.changed(r, HealthState.DOWN, 200 * H); // a week before it is 32 h: the UP of 30 h tells the state then
        assertEquals(2, r.getChanges().size(), "" + r);
        assertEquals(HealthState.UP, StateHistory.at(r, 32 * H).orElseThrow().state());
        assertEquals(Optional.empty(), StateHistory.at(r, 25 * H), "older than what is kept: not known");
    }

    @Test
    void aHistoryOfUpsAloneIsNothingAnInspectionCouldBeContradictedBy() {
        RecentStates r = StateHistory.changed(null, HealthState.UP, 0);
        assertTrue(StateHistory.onlyUp(r));
        r = StateHistory.changed(r, HealthState.DOWN, 10 * H);
        assertFalse(StateHistory.onlyUp(r));
        r = StateHistory.changed(r, HealthState.UP, 12 * H);
        assertFalse(StateHistory.onlyUp(r), "its DOWN is still in the week kept");
        r = StateHistory.changed(r, HealthState.UP, 12 * H + 8 * 24 * H);
        assertTrue(StateHistory.onlyUp(r), "a week on, the DOWN is gone");
    }

    @Test
    void flappingInASpanIsAnyFlappingSpellThatOverlapsIt() {
        RecentStates r = StateHistory.changed(null, HealthState.UP, 0);
        r = StateHistory.changed(r, HealthState.FLAPPING, 10 * H);
        r = StateHistory.changed(r, HealthState.UP, 12 * H);
        assertEquals(Optional.of(10 * H), StateHistory.flapping(r, 11 * H, 20 * H), "flapping at the span's start");
        assertEquals(Optional.of(10 * H), StateHistory.flapping(r, 0, 10 * H), "flapping at its end");
        assertEquals(Optional.empty(), StateHistory.flapping(r, 12 * H, 30 * H), "settled before it");
        assertEquals(Optional.empty(), StateHistory.flapping(r, 0, 10 * H - 1), "not yet");
    }
}
