package com.schoolops.sla.tickets;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.ScheduleWindow;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.avro.TicketStatus;
import com.schoolops.sla.avro.WindowKind;
import com.schoolops.sla.deadletter.RefusedTicket;
import com.schoolops.sla.deadletter.InvalidInputException;
import com.schoolops.sla.site.SiteView;
import com.schoolops.sla.site.SiteView.KnownDevice;
import com.schoolops.sla.kpi.KpiFacts;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.SiteWindows;
import com.schoolops.sla.serde.StateStores;
import com.schoolops.sla.state.InputPosition;
import com.schoolops.sla.state.TicketState;
import com.schoolops.sla.timers.TaskWatermark;
import com.schoolops.sla.timers.TimerService;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The ticket clocks of a task's sites: each open ticket's state, its clocks judged by {@link TicketLifecycle} as its
 * events are read and as its deadlines fall due, and which tickets are open on which device. Owns the ticket store
 * and the open-tickets-by-device index.
 */
final class TicketBook {
    private static final Logger log = LoggerFactory.getLogger(TicketBook.class);

    private final TicketLifecycle lifecycle;
    private final ContractBook contracts;
    private final SiteView sites;
    private final TimerService<TicketTimer> timers;
    private final TaskWatermark watermark;
    private final TicketOutputs outputs;
    private final String ticketTopic;
    private final ResolvedWhileDown resolvedWhileDown;
    private Function<TicketState, Optional<Escalation>> onOpened = t -> Optional.empty();
    private final KeyValueStore<String, TicketState> tickets;
    private final KeyValueStore<OpenTicketKey, String> openByDevice;

    TicketBook(ProcessorContext<?, ?> context, TicketLifecycle lifecycle, ContractBook contracts, SiteView sites, TimerService<TicketTimer> timers, TaskWatermark watermark,
               TicketOutputs outputs, String ticketTopic, ResolvedWhileDown resolvedWhileDown) {
        this.lifecycle = lifecycle;
        this.contracts = contracts;
        this.sites = sites;
        this.timers = timers;
        this.watermark = watermark;
        this.outputs = outputs;
        this.ticketTopic = ticketTopic;
        this.resolvedWhileDown = resolvedWhileDown;
        this.tickets = context.getStateStore(TicketStores.TICKETS);
        this.openByDevice = context.getStateStore(TicketStores.OPEN_TICKETS_BY_DEVICE);
    }

    /** Who hears each ticket OPENED that is accepted (REPEAT_FAILURE counts it), its escalation raised with the ticket's. */
    void onOpened(Function<TicketState, Optional<Escalation>> listener) {
        this.onOpened = listener;
    }

    static List<StoreBuilder<?>> stores(boolean caching) {
        return List.of(StateStores.of(TicketStores.TICKETS, TicketState.class, caching),
                StateStores.keyed(TicketStores.OPEN_TICKETS_BY_DEVICE, OpenTicketKey.SERDE, Serdes.String(), caching));
    }

    boolean knows(String ticketId) {
        return tickets.get(ticketId) != null;
    }

    TicketState get(String ticketId) {
        return tickets.get(ticketId);
    }

    /** Keeps a ticket's state as it is (a change that starts or stops no clock, e.g. telemetry's restore). */
    void put(TicketState t) {
        tickets.put(t.getTicketId(), t);
    }

    /** @param readAt where the event was read on its own topic (for a dead letter), or null */
    void onTicket(TicketEvent e, InputPosition readAt, long now) {
        List<Escalation> out = new ArrayList<>();
        TicketState t = tickets.get(e.getTicketId());
        KpiFacts.Before before = t == null ? null : KpiFacts.before(t);
        TicketStatus statusBefore = t == null ? null : TicketStatuses.of(t);
        try {
            if (e.getType() == TicketEventType.OPENED) {
                if (t != null) {
                    log.info("Ticket {} was already OPENED at {}; the repeated OPENED is ignored", e.getTicketId(), Instant.ofEpochMilli(t.getOpenedAt()));
                    return;
                }
                KnownDevice device = sites.device(e.getSiteId(), e.getDeviceId());
                String majorEvent = SiteWindows.active(sites.schedule(e.getSiteId()), WindowKind.MAJOR_EVENT, e.getTimestamp())
                        .map(ScheduleWindow::getName).orElse(null);
                t = lifecycle.open(e, new TicketLifecycle.Context(device == null ? null : device.contractId(),
                        warrantyUntil(device, e.getSiteId(), e.getTimestamp()), majorEvent), out);
                markOpen(t, true);
                onOpened.apply(t).ifPresent(out::add);
            } else {
                if (t == null) {
                    throw new InvalidInputException("ticket " + e.getTicketId() + " " + e.getType() + " before its OPENED (or after it was closed and settled)");
                }
                if (isRepeat(t, e)) {
                    log.info("Ticket {}: repeated {} ignored", e.getTicketId(), e.getType());
                    return;
                }
                eventStarts(t, e.getTimestamp(), out);
                lifecycle.apply(t, e, out);
                onResolvedOrReopened(t, e, out);
            }
        } catch (InvalidInputException rejected) {
            log.warn("Rejected ticket event {} {} (sent to dead-letters): {}", e.getTicketId(), e.getType(), rejected.getMessage());
            outputs.refuse(new RefusedTicket(ticketTopic, e.getTicketId(), rejected.getMessage(), e, readAt), now);
            return;
        }
        // What falls due is judged only up to what has been read: a later event may still stop a clock.
        advance(t, watermark.readUpTo(now), out);
        outputs.escalate(out, now);
        outputs.statusChanged(TicketStatuses.change(statusBefore, t, e), now); // accepted: the event and where it leaves the ticket
        outputs.count(KpiFacts.between(before, t, e, out), now);
        save(t);
    }

    /**
     * The warranty end of a ticket's device: its own {@code warrantyUntil}, else its site's (the acceptance plus the
     * contract's years, SPEC section 9) when the site is in site-registry; null (in warranty) when neither is known.
     */
    private Long warrantyUntil(KnownDevice device, String siteId, long openedAt) {
        if (device == null || device.warrantyUntil() != null) {
            return device == null ? null : device.warrantyUntil();
        }
        com.schoolops.sla.avro.Site site = sites.site(siteId);
        return site == null ? null : contracts.warrantyEnd(site, openedAt).map(Instant::toEpochMilli).orElse(null);
    }

    /** Where a ticket's clocks timer sits (null: the ticket is settled, its entries stale). */
    Long checkAt(String ticketId) {
        TicketState t = tickets.get(ticketId);
        return t == null ? null : t.getCheckAt();
    }

    /** A ticket's clocks timer is due: what fell due up to what has been read is raised. */
    void onDue(String ticketId, long readUpTo, long now) {
        TicketState t = tickets.get(ticketId);
        List<Escalation> out = new ArrayList<>();
        KpiFacts.Before before = KpiFacts.before(t);
        advance(t, readUpTo, out); // may throw (a contract no longer in the policies): nothing is written yet
        t.setCheckAt(null);
        outputs.escalate(out, now);
        outputs.count(KpiFacts.between(before, t, null, out), now);
        save(t);
    }

    /** A site's tickets this task keeps (open, or closed with a clock still to settle), by id: a scan of the ticket store. */
    List<String> ticketsOf(String siteId) {
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, TicketState> it = tickets.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value.getSiteId().equals(siteId)) {
                    ids.add(kv.key);
                }
            });
        }
        return ids;
    }

    /** Everything due up to {@code upTo}, across the starts of the site's major events ({@link #eventStarts}). */
    private void advance(TicketState t, long upTo, List<Escalation> out) {
        eventStarts(t, upTo, out);
        lifecycle.advance(t, upTo, out);
    }

    /**
     * The MAJOR_EVENT windows of the ticket's site that started since it was opened (or since the last one it was held
     * to), up to {@code upTo}, in order: what fell due before each start is raised, then the ticket is held to the
     * event's targets from it (SPEC section 10). Judged at event time, wherever it is first reached (the window's start
     * timer, a deadline, the ticket's next event), so every run holds the same tickets to it.
     */
    private void eventStarts(TicketState t, long upTo, List<Escalation> out) {
        long after = t.getEventStartSeen() == null ? t.getOpenedAt() : Math.max(t.getOpenedAt(), t.getEventStartSeen());
        for (ScheduleWindow w : SiteWindows.starting(sites.schedule(t.getSiteId()), WindowKind.MAJOR_EVENT, after, upTo)) {
            lifecycle.advance(t, w.getStart(), out);
            lifecycle.eventStarts(t, w.getStart(), w.getName());
        }
    }

    /** The tickets open on a device, by id. */
    List<String> openTickets(String siteId, String deviceId) {
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<OpenTicketKey, String> it = openByDevice.prefixScan(OpenTicketKey.prefixOf(siteId, deviceId), Serdes.String().serializer())) {
            it.forEachRemaining(kv -> ids.add(kv.value));
        }
        return ids;
    }

    private static boolean isRepeat(TicketState t, TicketEvent e) {
        return switch (e.getType()) {
            case RESOLVED -> t.getResolvedAt() != null;
            case CLOSED -> t.getClosed();
            default -> false;
        };
    }

    private void onResolvedOrReopened(TicketState t, TicketEvent e, List<Escalation> out) {
        if (e.getType() == TicketEventType.REOPENED) {
            markOpen(t, true);
        }
        if (e.getType() == TicketEventType.RESOLVED) {
            markOpen(t, false);
            resolvedWhileDown.check(t, e).ifPresent(out::add);
        }
    }

    private void save(TicketState t) {
        if (lifecycle.settled(t)) {
            tickets.delete(t.getTicketId());
            markOpen(t, false);
            return;
        }
        t.setCheckAt(timers.scheduleIfEarlier(t.getCheckAt(), lifecycle.nextDue(t), TicketTimer.clocks(t.getTicketId())));
        tickets.put(t.getTicketId(), t);
    }

    private void markOpen(TicketState t, boolean open) {
        if (t.getDeviceId() == null) {
            return;
        }
        OpenTicketKey key = new OpenTicketKey(t.getSiteId(), t.getDeviceId(), t.getTicketId());
        if (open) {
            openByDevice.put(key, t.getTicketId());
        } else {
            openByDevice.delete(key);
        }
    }
}
