package com.schoolops.sla.tickets;

import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketStatus;
import com.schoolops.sla.avro.TicketStatusChange;
import com.schoolops.sla.state.TicketState;

/**
 * Where a ticket stands, read off what its state records (no field of its own: the state already says it), and the
 * public record of an accepted event with the status it leaves the ticket in: what {@code notify} and a school
 * following its tickets read instead of the raw ticket events.
 */
final class TicketStatuses {
    private TicketStatuses() {
    }

    /** The furthest the ticket has come since it was (re)opened. */
    static TicketStatus of(TicketState t) {
        if (t.getClosed()) {
            return TicketStatus.CLOSED;
        }
        if (t.getResolvedAt() != null) {
            return TicketStatus.RESOLVED;
        }
        if (t.getRestoredAt() != null) {
            return TicketStatus.SPARE_INSTALLED; // restored, not resolved: on a spare unit
        }
        if (t.getReopened() > 0) {
            return TicketStatus.REOPENED;
        }
        if (t.getDispatched()) {
            return TicketStatus.DISPATCHED;
        }
        return t.getAcknowledgedAt() != null ? TicketStatus.ACKNOWLEDGED : TicketStatus.OPEN;
    }

    /** @param previous the status before {@code e} (null: {@code e} opened the ticket) */
    static TicketStatusChange change(TicketStatus previous, TicketState t, TicketEvent e) {
        return TicketStatusChange.newBuilder().setTicketId(t.getTicketId()).setSiteId(t.getSiteId()).setDeviceId(t.getDeviceId())
                .setContractId(t.getContractId()).setContractVersion(t.getContractVersion()).setSeverity(t.getSeverity())
                .setCategory(t.getCategory()).setEvent(e.getType()).setPrevious(previous).setStatus(of(t)).setAt(e.getTimestamp())
                .setActor(e.getActor()).build();
    }
}
