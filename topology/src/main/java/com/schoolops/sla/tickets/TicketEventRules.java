package com.schoolops.sla.tickets;

import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.state.TicketState;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static com.schoolops.sla.avro.SlaClock.CALLBACK;
import static com.schoolops.sla.avro.SlaClock.ON_SITE;
import static com.schoolops.sla.avro.SlaClock.PARTS;
import static com.schoolops.sla.avro.SlaClock.REPAIR_AFTER_PARTS;
import static com.schoolops.sla.avro.SlaClock.REPORT;
import static com.schoolops.sla.avro.SlaClock.RESPONSE;
import static com.schoolops.sla.avro.SlaClock.RESTORE;
import static com.schoolops.sla.avro.SlaClock.SPARE_CONFIRM;
import static com.schoolops.sla.avro.SlaClock.SPARE_INSTALL;

/**
 * What each ticket event does (specification section 4), one row per event type: what it records on the ticket,
 * then its steps on the clocks, in order. The rows are a switch over every event type, so a new type does not
 * compile until it has its row here (and its test in {@code TicketEventRulesTest}).
 */
final class TicketEventRules {
    private TicketEventRules() {
    }

    /** What a step does to its clock. */
    enum Op {
        /** Starts the clock where the contract sets it and it has not started. */
        START,
        /** Starts the clock only where the contract's target says it starts at this event (ON_SITE: OPENED or DISPATCHED). */
        START_IF_FROM_HERE,
        /** Stops the clock where it runs. */
        STOP,
        /** Stops the clock, or remembers the stop when the clock's start has not been read yet (entered late). */
        STOP_OR_REMEMBER,
        /** Pauses the clock where the contract pauses it for parts. */
        PAUSE_FOR_PARTS,
        /** Resumes a paused clock. */
        RESUME,
        /** Starts the clock again, as a new generation. */
        RESTART,
        /** New targets for every running clock, from the ticket's severity now (the step's clock is null). */
        RETARGET
    }

    record Step(Op op, SlaClock clock) {
    }

    /** What an event records on the ticket itself, besides its clocks. */
    @FunctionalInterface
    interface Record {
        void on(TicketState t, TicketEvent e);
    }

    record Rule(Record record, List<Step> steps) {
    }

    private static final Map<TicketEventType, Rule> RULES = new EnumMap<>(TicketEventType.class);

    static {
        for (TicketEventType type : TicketEventType.values()) {
            RULES.put(type, rowOf(type));
        }
    }

    static Rule of(TicketEventType type) {
        return RULES.get(type);
    }

    private static Rule rowOf(TicketEventType type) {
        return switch (type) {
            case OPENED -> rule(nothing(), step(Op.START, RESPONSE), step(Op.START, RESTORE), step(Op.START_IF_FROM_HERE, ON_SITE));
            case ACKNOWLEDGED -> rule((t, e) -> {
                if (t.getAcknowledgedAt() == null) {
                    t.setAcknowledgedAt(e.getTimestamp());
                }
            }, step(Op.STOP, RESPONSE));
            case DISPATCHED -> rule((t, e) -> {
                t.setDispatched(true);
                t.setRemoteWindowAt(null);
            }, step(Op.START_IF_FROM_HERE, ON_SITE));
            case ON_SITE -> rule(nothing(), step(Op.STOP_OR_REMEMBER, ON_SITE));
            case AWAITING_PARTS -> rule(nothing(), step(Op.START, PARTS), step(Op.PAUSE_FOR_PARTS, RESTORE));
            case PARTS_ARRIVED -> rule(nothing(), step(Op.STOP_OR_REMEMBER, PARTS), step(Op.RESUME, RESTORE), step(Op.START, REPAIR_AFTER_PARTS));
            case SPARE_REQUESTED -> rule(nothing(), step(Op.START, SPARE_CONFIRM), step(Op.START, SPARE_INSTALL));
            case SPARE_CONFIRMED -> rule(nothing(), step(Op.STOP_OR_REMEMBER, SPARE_CONFIRM));
            // Service restored on a spare unit: the ticket's restore, though the original unit may be repaired later.
            case SPARE_INSTALLED -> rule(TicketEventRules::restored, step(Op.STOP_OR_REMEMBER, SPARE_CONFIRM),
                    step(Op.STOP_OR_REMEMBER, SPARE_INSTALL), step(Op.STOP, RESTORE), step(Op.STOP, REPAIR_AFTER_PARTS));
            // Fixed first: RESPONSE and ON_SITE stop too where they still run.
            case RESOLVED -> rule((t, e) -> {
                t.setResolvedAt(e.getTimestamp());
                restored(t, e);
                t.setRemoteWindowAt(null);
                t.setUpgradeAt(null);
            }, step(Op.STOP, RESTORE), step(Op.STOP, REPAIR_AFTER_PARTS), step(Op.STOP, RESPONSE), step(Op.STOP, ON_SITE),
                    step(Op.START, REPORT), step(Op.START, CALLBACK));
            case REPORT_SUBMITTED -> rule(nothing(), step(Op.STOP_OR_REMEMBER, REPORT));
            case CALLBACK_DONE -> rule((t, e) -> t.setSatisfaction(e.getSatisfaction()), step(Op.STOP_OR_REMEMBER, CALLBACK));
            case CLOSED -> rule((t, e) -> t.setClosed(true));
            case REOPENED -> rule((t, e) -> {
                t.setClosed(false);
                t.setResolvedAt(null);
                t.setRestoredAt(null);
                t.setReopened(t.getReopened() + 1);
            }, step(Op.RESTART, RESTORE));
            case SEVERITY_CHANGED -> rule((t, e) -> t.setSeverity(e.getSeverity()), step(Op.RETARGET, null));
        };
    }

    /** The first restore of service since (re)opening: what the KPIs count as the ticket's time to restore. */
    private static void restored(TicketState t, TicketEvent e) {
        if (t.getRestoredAt() == null) {
            t.setRestoredAt(e.getTimestamp());
        }
    }

    private static Rule rule(Record record, Step... steps) {
        return new Rule(record, List.of(steps));
    }

    private static Step step(Op op, SlaClock clock) {
        return new Step(op, clock);
    }

    private static Record nothing() {
        return (t, e) -> {
        };
    }
}
