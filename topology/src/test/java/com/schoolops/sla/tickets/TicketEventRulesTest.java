package com.schoolops.sla.tickets;

import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.deadletter.InvalidInputException;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.state.ClockState;
import com.schoolops.sla.state.TicketState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The table of ticket events (specification section 4), row by row, on the bundled contracts: which clocks each
 * event starts, stops, pauses and restarts, and what it records on the ticket. A new event type adds a row to
 * {@link TicketEventRules} and a case here.
 */
class TicketEventRulesTest {
    static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");
    final TicketLifecycle lifecycle = new TicketLifecycle(ContractBook.of(Policies.load(Optional.empty())));

    TicketEvent event(TicketEventType type, Duration after, String severity) {
        return TicketEvent.newBuilder().setTicketId("R-1").setType(type).setTimestamp(T0.plus(after).toEpochMilli()).setSiteId("school-1")
                .setContractId("seed-003").setSeverity(severity).setCategory(type == TicketEventType.OPENED ? TicketCategory.HARDWARE : null)
                .setSatisfaction(type == TicketEventType.CALLBACK_DONE ? 5 : null).build();
    }

    TicketState opened(String contract, String severity) {
        TicketEvent open = event(TicketEventType.OPENED, Duration.ZERO, severity);
        open.setContractId(contract);
        return lifecycle.open(open, new TicketLifecycle.Context(null, null, null), new ArrayList<>());
    }

    void then(TicketState t, TicketEventType type, Duration after) {
        lifecycle.apply(t, event(type, after, type == TicketEventType.SEVERITY_CHANGED ? "MAJOR" : null), new ArrayList<>());
    }

    /** Each clock as RUNNING, PAUSED or STOPPED, with its generation where it was restarted. */
    static String clocks(TicketState t) {
        return t.getClocks().stream().collect(Collectors.toMap(c -> c.getClock().name() + (c.getGeneration() > 0 ? "#" + c.getGeneration() : ""),
                TicketEventRulesTest::state, (a, b) -> a, TreeMap::new)).toString();
    }

    static String state(ClockState c) {
        return c.getStoppedAt() != null ? "STOPPED" : c.getRunningSince() != null ? "RUNNING" : "PAUSED";
    }

    @Test
    void theLifeOfARepairWithPartsAndASpareUnitFollowsTheTableRowByRow() {
        TicketState t = opened("seed-003", "GENERAL");
        assertEquals("{RESPONSE=RUNNING, RESTORE=RUNNING}", clocks(t), "OPENED starts RESPONSE and RESTORE; seed-003's ON_SITE waits for DISPATCHED");
        then(t, TicketEventType.ACKNOWLEDGED, Duration.ofMinutes(5));
        assertEquals("{RESPONSE=STOPPED, RESTORE=RUNNING}", clocks(t));
        assertEquals(T0.plus(Duration.ofMinutes(5)).toEpochMilli(), t.getAcknowledgedAt());
        then(t, TicketEventType.DISPATCHED, Duration.ofMinutes(10));
        assertTrue(t.getDispatched());
        assertNull(t.getRemoteWindowAt(), "dispatched: no DISPATCH_REQUIRED check left");
        assertEquals("{ON_SITE=RUNNING, RESPONSE=STOPPED, RESTORE=RUNNING}", clocks(t));
        then(t, TicketEventType.ON_SITE, Duration.ofMinutes(50));
        then(t, TicketEventType.AWAITING_PARTS, Duration.ofHours(1));
        assertEquals("{ON_SITE=STOPPED, PARTS=RUNNING, RESPONSE=STOPPED, RESTORE=PAUSED}", clocks(t), "seed-003 pauses RESTORE for parts");
        then(t, TicketEventType.PARTS_ARRIVED, Duration.ofHours(3));
        assertEquals("{ON_SITE=STOPPED, PARTS=STOPPED, REPAIR_AFTER_PARTS=RUNNING, RESPONSE=STOPPED, RESTORE=RUNNING}", clocks(t));
        then(t, TicketEventType.SPARE_REQUESTED, Duration.ofHours(3).plusMinutes(10));
        then(t, TicketEventType.SPARE_CONFIRMED, Duration.ofHours(3).plusMinutes(20));
        assertEquals("{ON_SITE=STOPPED, PARTS=STOPPED, REPAIR_AFTER_PARTS=RUNNING, RESPONSE=STOPPED, RESTORE=RUNNING, SPARE_CONFIRM=STOPPED, "
                + "SPARE_INSTALL=RUNNING}", clocks(t));
        then(t, TicketEventType.SPARE_INSTALLED, Duration.ofHours(4));
        assertEquals("{ON_SITE=STOPPED, PARTS=STOPPED, REPAIR_AFTER_PARTS=STOPPED, RESPONSE=STOPPED, RESTORE=STOPPED, SPARE_CONFIRM=STOPPED, "
                + "SPARE_INSTALL=STOPPED}", clocks(t), "service restored on the spare");
        assertEquals(T0.plus(Duration.ofHours(4)).toEpochMilli(), t.getRestoredAt());
        assertNull(t.getResolvedAt(), "not resolved: the original unit is still being repaired");
        then(t, TicketEventType.RESOLVED, Duration.ofHours(30));
        assertEquals(T0.plus(Duration.ofHours(4)).toEpochMilli(), t.getRestoredAt(), "the first restore stands");
        assertEquals(T0.plus(Duration.ofHours(30)).toEpochMilli(), t.getResolvedAt());
        assertEquals("RUNNING", state(clock(t, SlaClock.CALLBACK)), "RESOLVED starts seed-003's CALLBACK");
        then(t, TicketEventType.CALLBACK_DONE, Duration.ofHours(31));
        assertEquals("STOPPED", state(clock(t, SlaClock.CALLBACK)));
        assertEquals(5, t.getSatisfaction());
        then(t, TicketEventType.REOPENED, Duration.ofHours(32));
        assertEquals("RUNNING", state(clock(t, SlaClock.RESTORE)));
        assertEquals(1, clock(t, SlaClock.RESTORE).getGeneration(), "REOPENED restarts RESTORE as a new generation");
        assertNull(t.getResolvedAt());
        assertNull(t.getRestoredAt());
        then(t, TicketEventType.CLOSED, Duration.ofHours(33));
        assertTrue(t.getClosed());
    }

    @Test
    void aStopReadBeforeTheStartOfItsClockStopsTheClockWhenItStarts() {
        TicketState t = opened("seed-003", "GENERAL");
        then(t, TicketEventType.ON_SITE, Duration.ofMinutes(40)); // entered before the DISPATCHED of 30 min
        assertFalse(t.getClocks().stream().anyMatch(c -> c.getClock() == SlaClock.ON_SITE));
        then(t, TicketEventType.DISPATCHED, Duration.ofMinutes(30));
        assertEquals(T0.plus(Duration.ofMinutes(40)).toEpochMilli(), clock(t, SlaClock.ON_SITE).getStoppedAt());
        assertTrue(t.getEarlyStops().isEmpty(), "used once");
    }

    @Test
    void onSiteStartsWhereTheContractSaysAndRespondingFirstStopsNothingElse() {
        TicketState t = opened("seed-004", "B");
        assertEquals("{ON_SITE=RUNNING, RESPONSE=RUNNING}", clocks(t), "seed-004: ON_SITE from OPENED");
        then(t, TicketEventType.DISPATCHED, Duration.ofMinutes(5));
        assertEquals(0, clock(t, SlaClock.ON_SITE).getGeneration());
        assertEquals(T0.toEpochMilli(), clock(t, SlaClock.ON_SITE).getStartedAt(), "DISPATCHED does not start it again");
    }

    @Test
    void aSeverityChangeIsCheckedAgainstTheTicketsOwnContractAndRetargetsTheRunningClocks() {
        TicketState t = opened("seed-003", "GENERAL");
        then(t, TicketEventType.SEVERITY_CHANGED, Duration.ofMinutes(1));
        assertEquals("MAJOR", t.getSeverity());
        assertEquals(Duration.ofHours(24).toMillis(), clock(t, SlaClock.RESTORE).getTargetMs());
        TicketEvent wrong = event(TicketEventType.SEVERITY_CHANGED, Duration.ofMinutes(2), "A");
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> lifecycle.apply(t, wrong, new ArrayList<>()));
        assertEquals("ticket R-1: severity 'A' is not one of seed-003's [CONSULT, GENERAL, COMPLEX, MAJOR]", refused.getMessage());
    }

    static ClockState clock(TicketState t, SlaClock clock) {
        List<ClockState> found = t.getClocks().stream().filter(c -> c.getClock() == clock).toList();
        assertEquals(1, found.size(), clock + " in " + clocks(t));
        return found.get(0);
    }
}
