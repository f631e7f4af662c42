package com.schoolops.sla.tickets;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.escalation.Escalations;
import com.schoolops.sla.site.SiteView;
import com.schoolops.sla.site.SiteView.KnownDevice;
import com.schoolops.sla.state.TicketState;

import java.util.Optional;

/** RESOLVED_WHILE_DOWN, asked by the ticket clocks when a ticket is resolved: is its device still silent? */
@FunctionalInterface
interface ResolvedWhileDown {
    Optional<Escalation> check(TicketState t, TicketEvent resolved);

    /** The check, on the sites as the site task sees them now. */
    static ResolvedWhileDown of(SiteView sites, Escalations escalations) {
        return (t, resolved) -> {
            KnownDevice device = sites.device(t.getSiteId(), t.getDeviceId());
            if (device == null || !device.silent()) {
                return Optional.empty();
            }
            return Optional.of(escalations.ofTicket(t, EscalationType.RESOLVED_WHILE_DOWN, null, null, resolved.getTimestamp(),
                    String.valueOf(resolved.getTimestamp()), "Ticket " + t.getTicketId() + " was resolved, but " + t.getDeviceId()
                            + " still sends no heartbeat (last at " + escalations.time(device.lastSeen(), t.getContractId(), t.getSiteId()) + "): check before closing."));
        };
    }
}
