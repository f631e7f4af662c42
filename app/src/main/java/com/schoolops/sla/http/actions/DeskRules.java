package com.schoolops.sla.http.actions;

import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.avro.TicketStatus;
import com.schoolops.sla.tickets.TicketReadSide.TicketView;

import java.util.Optional;

/**
 * What the desk may write to a ticket in which status: the engine takes every step of a ticket it keeps (it ignores a
 * repeated RESOLVED or CLOSED, and sets aside as a dead letter a step of a ticket it no longer keeps), so the desk
 * refuses, with the reason, what would change nothing or make no sense: resolving what is resolved or closed, closing
 * what is not resolved (its clocks would run on to their breaches), reopening what is not resolved or closed, a rating
 * before the repair is resolved or a second one. Each refusal is the key of its text in {@code i18n/desk}.
 */
final class DeskRules {
    private DeskRules() {
    }

    /** Why {@code type} may not be written to {@code t} now (the key of the text), or empty when it may. */
    static Optional<String> refusal(TicketView t, TicketEventType type) {
        TicketStatus status = t.status();
        boolean closed = status == TicketStatus.CLOSED;
        boolean resolved = status == TicketStatus.RESOLVED;
        return Optional.ofNullable(switch (type) {
            case RESOLVED -> closed ? "refused.closed" : resolved ? "refused.resolved" : null;
            case CLOSED -> closed ? "refused.closed.already" : resolved ? null : "refused.close.unresolved";
            case REOPENED -> resolved || closed ? null : "refused.reopen.open";
            case CALLBACK_DONE -> !resolved ? "refused.rating.unresolved" : t.satisfaction() != null ? "refused.rating.given" : null;
            default -> closed ? "refused.closed" : null;
        });
    }
}
