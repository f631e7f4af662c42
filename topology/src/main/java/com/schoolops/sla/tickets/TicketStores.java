package com.schoolops.sla.tickets;

/** Names of the ticket SLA state stores; they name the changelog topics, so they never change. */
public final class TicketStores {
    public static final String TICKETS = "ticket-state-store";
    public static final String DEADLINES = "sla-deadline-store";
    public static final String OPEN_TICKETS_BY_DEVICE = "open-ticket-by-device-store";
    /** Tickets waiting for their device's registration to be read (ticketId -> their events). */
    public static final String PENDING_TICKETS = "pending-ticket-store";

    private TicketStores() {
    }
}
