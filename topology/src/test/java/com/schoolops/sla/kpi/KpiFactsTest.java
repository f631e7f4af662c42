package com.schoolops.sla.kpi;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.tickets.TicketLifecycle;
import com.schoolops.sla.state.KpiFact;
import com.schoolops.sla.state.TicketState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** The facts of real ticket lives, through the SLA engine itself (seed-003 GENERAL: RESPONSE 15 min, RESTORE 8 h). */
class KpiFactsTest {
    static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");
    final TicketLifecycle lifecycle = new TicketLifecycle(ContractBook.of(Policies.load(Optional.empty())));
    final List<String> facts = new ArrayList<>();
    TicketState ticket;

    static TicketEvent event(TicketEventType type, Duration after) {
        return TicketEvent.newBuilder().setTicketId("K-1").setType(type).setTimestamp(T0.plus(after).toEpochMilli()).setSiteId("school-1")
                .setContractId("seed-003").setSeverity(type == TicketEventType.OPENED ? "GENERAL" : null)
                .setCategory(type == TicketEventType.OPENED ? TicketCategory.HARDWARE : null)
                .setSatisfaction(type == TicketEventType.CALLBACK_DONE ? 4 : null).build();
    }

    void open() {
        List<Escalation> out = new ArrayList<>();
        ticket = lifecycle.open(event(TicketEventType.OPENED, Duration.ZERO), new TicketLifecycle.Context(null, null, null), out);
        record(KpiFacts.between(null, ticket, event(TicketEventType.OPENED, Duration.ZERO), out));
    }

    void apply(TicketEventType type, Duration after) {
        List<Escalation> out = new ArrayList<>();
        KpiFacts.Before before = KpiFacts.before(ticket);
        TicketEvent e = event(type, after);
        lifecycle.apply(ticket, e, out);
        record(KpiFacts.between(before, ticket, e, out));
    }

    void advance(Duration after) {
        List<Escalation> out = new ArrayList<>();
        KpiFacts.Before before = KpiFacts.before(ticket);
        lifecycle.advance(ticket, T0.plus(after).toEpochMilli(), out);
        record(KpiFacts.between(before, ticket, null, out));
    }

    void record(List<KpiFact> found) {
        found.forEach(f -> facts.add(f.getKind() + (f.getClock() == null ? "" : " " + f.getClock())
                + " @" + Duration.between(T0, Instant.ofEpochMilli(f.getAt())).toMinutes() + "m"
                + (f.getDurationMs() == null ? "" : " " + f.getDurationMs() / 60_000 + "m")
                + (f.getSatisfaction() == null ? "" : " rated " + f.getSatisfaction())));
    }

    @Test
    void aClockIsMetAtItsStopAndMissedAtItsDeadlineEachOnce() {
        open();
        apply(TicketEventType.ACKNOWLEDGED, Duration.ofMinutes(10));
        apply(TicketEventType.ACKNOWLEDGED, Duration.ofMinutes(12));          // again: no second fact
        advance(Duration.ofHours(9));                                         // RESTORE missed at 8 h
        advance(Duration.ofHours(10));
        apply(TicketEventType.RESOLVED, Duration.ofHours(10));
        apply(TicketEventType.CALLBACK_DONE, Duration.ofHours(11));
        apply(TicketEventType.CALLBACK_DONE, Duration.ofHours(12));         // again: rated once

        assertEquals(List.of("OPENED @0m", "ACKNOWLEDGED @10m 10m", "CLOCK_MET RESPONSE @10m",
                "BREACH RESTORE @480m", "CLOCK_MISSED RESTORE @480m",
                "RESOLVED @600m 600m", "SATISFACTION @660m rated 4"), facts);
    }

    @Test
    void aReopenedTicketIsResolvedOnceButItsRestartedRestoreClockIsDecidedAgain() {
        open();
        apply(TicketEventType.RESOLVED, Duration.ofHours(1));
        apply(TicketEventType.REOPENED, Duration.ofHours(2));
        apply(TicketEventType.RESOLVED, Duration.ofHours(3));

        assertEquals(List.of("OPENED @0m", "RESOLVED @60m 60m", "CLOCK_MET RESTORE @60m",
                "BREACH RESPONSE @15m", "CLOCK_MISSED RESPONSE @15m", "CLOCK_MET RESTORE @180m"), facts,
                "never acknowledged: RESPONSE missed at its 15 min deadline; resolved once; RESTORE met twice, once per generation");
    }

    @Test
    void aPausedRestoreClockIsDecidedOnItsOwnTimeNotTheWallsOne() {
        // seed-003 pauses RESTORE while parts are awaited: 8 h of RESTORE last longer than 8 h of calendar.
        open();
        apply(TicketEventType.ACKNOWLEDGED, Duration.ofMinutes(5));
        apply(TicketEventType.AWAITING_PARTS, Duration.ofHours(1));
        apply(TicketEventType.PARTS_ARRIVED, Duration.ofHours(6));
        apply(TicketEventType.RESOLVED, Duration.ofHours(10));

        assertTrue(facts.contains("CLOCK_MET RESTORE @600m"), "5 h paused: 5 h of the 8 h used at 10 h: " + facts);
        assertFalse(facts.stream().anyMatch(f -> f.startsWith("CLOCK_MISSED")), facts.toString());
    }
}
