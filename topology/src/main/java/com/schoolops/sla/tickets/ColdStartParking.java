package com.schoolops.sla.tickets;

import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.site.SiteView;
import com.schoolops.sla.serde.StateStores;
import com.schoolops.sla.state.InputPosition;
import com.schoolops.sla.state.PendingTicket;
import com.schoolops.sla.timers.TaskWatermark;
import com.schoolops.sla.timers.TimerService;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A ticket whose device is not known yet, or known only from its heartbeats, may only be in input not read yet (its registration, from another router
 * task, as after a cold start): its OPENED, and what follows it, waits here until the inputs are read up to the
 * OPENED, then is taken as usual (refused only if the device is still unknown and the ticket names no contract).
 * Owns the pending-ticket store.
 */
final class ColdStartParking {
    /** A parked event and where it was read (null where not known). */
    record Parked(TicketEvent event, InputPosition readAt) {
    }

    private final KeyValueStore<String, PendingTicket> pending;
    private final SiteView sites;
    private final TimerService<TicketTimer> timers;
    private final TaskWatermark watermark;

    ColdStartParking(ProcessorContext<?, ?> context, SiteView sites, TimerService<TicketTimer> timers, TaskWatermark watermark) {
        this.pending = context.getStateStore(TicketStores.PENDING_TICKETS);
        this.sites = sites;
        this.timers = timers;
        this.watermark = watermark;
    }

    static List<StoreBuilder<?>> stores(boolean caching) {
        return List.of(StateStores.of(TicketStores.PENDING_TICKETS, PendingTicket.class, caching));
    }

    /** Whether the event is parked: its ticket waits already, or it opens a ticket on a device not read yet. */
    boolean parks(TicketEvent e, InputPosition readAt, long now, Predicate<String> knownTicket) {
        PendingTicket waiting = pending.get(e.getTicketId());
        if (waiting != null) {
            List<TicketEvent> events = new ArrayList<>(waiting.getEvents());
            List<InputPosition> positions = new ArrayList<>(positionsOf(waiting));
            events.add(e);
            positions.add(readAt);
            pending.put(e.getTicketId(), new PendingTicket(e.getTicketId(), events, positions));
            return true;
        }
        boolean unknownDevice = e.getType() == TicketEventType.OPENED && e.getDeviceId() != null
                && !registered(sites.device(e.getSiteId(), e.getDeviceId())) && !knownTicket.test(e.getTicketId());
        if (unknownDevice && watermark.readUpTo(now) < e.getTimestamp()) {
            List<InputPosition> positions = new ArrayList<>();
            positions.add(readAt);
            pending.put(e.getTicketId(), new PendingTicket(e.getTicketId(), List.of(e), positions));
            timers.schedule(TicketTimer.parked(e.getTicketId()), e.getTimestamp());
            return true;
        }
        return false;
    }

    /** Whether the device's registration has been read: one heard before it (its partition read first) is not known yet. */
    private static boolean registered(SiteView.KnownDevice device) {
        return device != null && device.registered();
    }

    /** The inputs are read up to a parked ticket's OPENED: its events, in the order they were read, leave the lot. */
    List<Parked> release(String ticketId) {
        PendingTicket waiting = pending.get(ticketId);
        if (waiting == null) {
            return List.of();
        }
        pending.delete(ticketId);
        List<InputPosition> positions = positionsOf(waiting);
        List<Parked> released = new ArrayList<>();
        for (int i = 0; i < waiting.getEvents().size(); i++) {
            released.add(new Parked(waiting.getEvents().get(i), i < positions.size() ? positions.get(i) : null));
        }
        return released;
    }

    private static List<InputPosition> positionsOf(PendingTicket waiting) {
        return waiting.getPositions() == null ? List.of() : waiting.getPositions();
    }
}
