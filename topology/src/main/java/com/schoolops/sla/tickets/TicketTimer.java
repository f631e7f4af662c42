package com.schoolops.sla.tickets;

import com.schoolops.sla.serde.KeySerde;
import com.schoolops.sla.timers.TimerKeys;

/**
 * A timer of the ticket stage, of one of its four kinds: a ticket's clocks ('T', the ticket), a DOWN device with no
 * open ticket at the end of the grace ('U', the site and the device, NUL-joined), a ticket parked until its device's
 * registration is read ('P', the ticket), a MAJOR_EVENT window's start ('M', the site and the start in epoch ms,
 * NUL-joined: the site's tickets are held to the event's targets). The tags and names are stable: they are in the
 * changelog and on dead-letters.
 */
record TicketTimer(TimerKeys.Kind<TicketTimer> kind, String ticketId, String siteId, String deviceId) {
    static final TimerKeys.Kind<TicketTimer> CLOCKS = new TimerKeys.Kind<>('T', "TICKET", TicketTimer::clocks);
    static final TimerKeys.Kind<TicketTimer> UNTICKETED = new TimerKeys.Kind<>('U', "UNTICKETED", text -> {
        String[] parts = KeySerde.parts(text, 2);
        return unticketed(parts[0], parts[1]);
    });
    static final TimerKeys.Kind<TicketTimer> PARKED = new TimerKeys.Kind<>('P', "PENDING_TICKET", TicketTimer::parked);
    static final TimerKeys.Kind<TicketTimer> EVENT_START = new TimerKeys.Kind<>('M', "MAJOR_EVENT_START", text -> {
        String[] parts = KeySerde.parts(text, 2);
        return eventStart(parts[0], Long.parseLong(parts[1]));
    });
    static final TimerKeys<TicketTimer> KEYS = TimerKeys.of(TicketTimer::kind, TicketTimer::id, CLOCKS, UNTICKETED, PARKED, EVENT_START);

    static TicketTimer clocks(String ticketId) {
        return new TicketTimer(CLOCKS, ticketId, null, null);
    }

    static TicketTimer unticketed(String siteId, String deviceId) {
        return new TicketTimer(UNTICKETED, null, siteId, deviceId);
    }

    static TicketTimer parked(String ticketId) {
        return new TicketTimer(PARKED, ticketId, null, null);
    }

    /** A major event's start at a site (the window's start, in epoch ms, rides where a device would). */
    static TicketTimer eventStart(String siteId, long start) {
        return new TicketTimer(EVENT_START, null, siteId, Long.toString(start));
    }

    private String id() {
        return kind == UNTICKETED || kind == EVENT_START ? KeySerde.join(siteId, deviceId) : ticketId;
    }
}
