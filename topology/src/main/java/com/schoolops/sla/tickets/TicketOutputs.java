package com.schoolops.sla.tickets;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.TicketStatusChange;
import com.schoolops.sla.deadletter.DeadLetter;
import com.schoolops.sla.deadletter.RefusedTicket;
import com.schoolops.sla.site.Site;
import com.schoolops.sla.state.KpiFact;

import java.util.List;

/** The ticket stage's one way of sending its records through the site task's outputs, and how each is keyed. */
final class TicketOutputs {
    private final Site site;

    TicketOutputs(Site site) {
        this.site = site;
    }

    /** Escalations of a ticket are keyed by it; those of a device with no ticket, by the device. */
    void escalate(List<Escalation> escalations, long now) {
        for (Escalation e : escalations) {
            site.escalate(e.getTicketId() != null ? e.getTicketId() : e.getDeviceId(), e, now);
        }
    }

    /** Keyed by the ticket. */
    void statusChanged(TicketStatusChange change, long now) {
        site.publish(change, now);
    }

    void count(List<KpiFact> facts, long now) {
        for (KpiFact f : facts) {
            site.count(f, now);
        }
    }

    void refuse(RefusedTicket refused, long now) {
        site.setAside(refused.key(), refused, now);
    }
}
