package com.schoolops.sla.sla;

import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.avro.ScheduleWindow;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.avro.WindowKind;
import com.schoolops.sla.config.Durations;
import com.schoolops.sla.deadletter.DeadLetterWriter;
import com.schoolops.sla.deadletter.DeadLetters;
import com.schoolops.sla.deadletter.InvalidInputException;
import com.schoolops.sla.escalation.Escalations;
import com.schoolops.sla.health.SiteView.KnownDevice;
import com.schoolops.sla.health.SiteView;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.policy.SiteWindows;
import com.schoolops.sla.serde.StateStores;
import com.schoolops.sla.state.PendingTicket;
import com.schoolops.sla.state.ReadMark;
import com.schoolops.sla.kpi.KpiFacts;
import com.schoolops.sla.state.InputPosition;
import com.schoolops.sla.state.KpiFact;
import com.schoolops.sla.state.Rejected;
import com.schoolops.sla.state.SiteEvent;
import com.schoolops.sla.state.TicketState;
import com.schoolops.sla.timers.DeadlineIndex;
import com.schoolops.sla.timers.InputWatermark;
import com.schoolops.sla.timers.ReadMarks;
import com.schoolops.sla.timers.TaskWatermark;
import com.schoolops.sla.timers.Timer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The SLA engine for the tickets of one task's sites (input keyed by siteId): ticket events and the site's
 * device-health changes in; {@link Escalation}s out, and {@link Rejected} tickets for dead-letters. Deadlines
 * fire on wall-clock punctuation from a deadline index. Joins with device health: UNTICKETED_OUTAGE,
 * RESOLVED_WHILE_DOWN, DEVICE_RECOVERED.
 */
public final class TicketSlaProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {
    /** Where each output goes: the processor's children, named in the topology. */
    public static final String ESCALATIONS = "ticket-escalations-sink";
    /** The child that takes what counts in the KPIs ({@link KpiFact}s) to the KPI stage. */
    public static final String KPI_FACTS = "ticket-kpi-facts";
    /** Refused ticket events and timers whose work kept failing, for dead-letters. */
    public static final String DEAD_LETTERS = "ticket-dead-letter-writer";

    private static final Logger log = LoggerFactory.getLogger(TicketSlaProcessor.class);
    private static final char SEP = '\u0000';

    private final TicketLifecycle lifecycle;
    private final Escalations escalations;
    private final Duration checkInterval;
    private final Function<ProcessorContext<?, ?>, SiteView> siteView;
    private final Duration unticketedGrace;
    private final String ticketTopic;
    private final InputWatermark inputWatermark;

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, TicketState> tickets;
    private KeyValueStore<String, String> openByDevice;
    private KeyValueStore<String, PendingTicket> pending;
    private KeyValueStore<String, KpiFact> censusChanges;
    /**
     * Whether the census store may hold changes to send: derived, not state (true at start, so a restored task sends
     * what it had), it spares the tick an iterator over an empty store, and over its tombstones, on every punctuation.
     */
    private boolean censusChangesPending = true;
    private SiteView sites;
    private DeadlineIndex deadlines;
    private TaskWatermark watermark;

    public TicketSlaProcessor(Policies policies, Function<ProcessorContext<?, ?>, SiteView> siteView, Duration checkInterval,
                              Duration unticketedGrace, String ticketTopic,
                              InputWatermark watermark) {
        this.inputWatermark = watermark;
        this.lifecycle = new TicketLifecycle(policies);
        this.escalations = new Escalations(policies);
        this.checkInterval = checkInterval;
        this.siteView = siteView;
        this.unticketedGrace = unticketedGrace;
        this.ticketTopic = ticketTopic;
    }

    /**
     * The processor with the stores it owns (tickets, open tickets by device, its deadline index); it must also be
     * connected to {@link SiteView#STORES}.
     */
    public static ProcessorSupplier<String, SpecificRecord, String, SpecificRecord> supplier(
            Policies policies, Function<ProcessorContext<?, ?>, SiteView> siteView, Duration checkInterval, Duration unticketedGrace,
            String ticketTopic, InputWatermark watermark,
            boolean caching) {
        return StateStores.owning(() -> new TicketSlaProcessor(policies, siteView, checkInterval, unticketedGrace, ticketTopic, watermark),
                StateStores.of(SlaStores.TICKETS, TicketState.class, caching),
                StateStores.of(SlaStores.OPEN_TICKETS_BY_DEVICE, Serdes.String(), caching),
                StateStores.of(SlaStores.PENDING_TICKETS, PendingTicket.class, caching),
                StateStores.of(SlaStores.CENSUS_CHANGES, KpiFact.class, caching),
                DeadlineIndex.storeBuilder(SlaStores.DEADLINES, caching));
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.tickets = context.getStateStore(SlaStores.TICKETS);
        this.openByDevice = context.getStateStore(SlaStores.OPEN_TICKETS_BY_DEVICE);
        this.pending = context.getStateStore(SlaStores.PENDING_TICKETS);
        this.censusChanges = context.getStateStore(SlaStores.CENSUS_CHANGES);
        this.sites = siteView.apply(context);
        KeyValueStore<Bytes, byte[]> index = context.getStateStore(SlaStores.DEADLINES);
        this.deadlines = new DeadlineIndex(index).observedBy(context);
        // Device health, first in the same task, says in the log when this task's verdicts wait for input.
        this.watermark = new TaskWatermark(ReadMarks.of(context, inputWatermark), context.taskId(), 0, false);
        context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof SiteEvent se && se.getEvent() instanceof TicketEvent ticket) {
            onTicket(ticket, DeadLetters.sourceOf(record.headers()));
        } else if (record.value() instanceof SiteEvent se && se.getEvent() instanceof ReadMark) {
            tick(context.currentSystemTimeMs()); // device health passes a mark on only when it moved the watermark
        } else if (record.value() instanceof DeviceHealthChange change) {
            onHealthChange(change);
        } else if (record.value() instanceof KpiFact census) {
            pend(census); // a device left its site: device health found it
        }
    }

    // Tickets -----------------------------------------------------------------------------------------------

    /** @param readAt where the event was read on its own topic (for a dead letter), or null */
    private void onTicket(TicketEvent e, InputPosition readAt) {
        long now = context.currentSystemTimeMs();
        if (waitsForRegistry(e, readAt, now)) {
            return;
        }
        List<Escalation> out = new ArrayList<>();
        TicketState t = tickets.get(e.getTicketId());
        KpiFacts.Before before = t == null ? null : KpiFacts.before(t);
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
                        device == null ? null : device.warrantyUntil(), majorEvent), out);
                markOpen(t, true);
            } else {
                if (t == null) {
                    throw new InvalidInputException("ticket " + e.getTicketId() + " " + e.getType() + " before its OPENED (or after it was closed and settled)");
                }
                if (isRepeat(t, e)) {
                    log.info("Ticket {}: repeated {} ignored", e.getTicketId(), e.getType());
                    return;
                }
                lifecycle.apply(t, e, out);
                onResolvedOrReopened(t, e, out);
            }
        } catch (InvalidInputException rejected) {
            log.warn("Rejected ticket event {} {} (sent to dead-letters): {}", e.getTicketId(), e.getType(), rejected.getMessage());
            context.forward(new Record<>(e.getTicketId(), new Rejected(ticketTopic, e.getTicketId(), rejected.getMessage(), e, readAt), now), DEAD_LETTERS);
            return;
        }
        // What falls due is judged only up to what has been read: a later event may still stop a clock.
        lifecycle.advance(t, watermark.readUpTo(now), out);
        emit(out, now);
        count(KpiFacts.between(before, t, e, out), now);
        save(t);
    }

    /**
     * A ticket whose device is not known yet may only be in input not read yet (its registration, from another
     * router task): its OPENED, and what follows it, waits until the inputs are read up to the OPENED, then is taken
     * as usual (refused only if the device is still unknown and the ticket names no contract).
     */
    private boolean waitsForRegistry(TicketEvent e, InputPosition readAt, long now) {
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
                && sites.device(e.getSiteId(), e.getDeviceId()) == null && tickets.get(e.getTicketId()) == null;
        if (unknownDevice && watermark.readUpTo(now) < e.getTimestamp()) {
            List<InputPosition> positions = new ArrayList<>();
            positions.add(readAt);
            pending.put(e.getTicketId(), new PendingTicket(e.getTicketId(), List.of(e), positions));
            deadlines.schedule(e.getTimestamp(), Timer.pendingTicket(e.getTicketId()));
            return true;
        }
        return false;
    }

    /** The inputs are read up to a waiting ticket's OPENED: its events are taken, in the order they were read. */
    private void takeWaiting(String ticketId) {
        PendingTicket waiting = pending.get(ticketId);
        if (waiting != null) {
            pending.delete(ticketId);
            List<InputPosition> positions = positionsOf(waiting);
            for (int i = 0; i < waiting.getEvents().size(); i++) {
                onTicket(waiting.getEvents().get(i), i < positions.size() ? positions.get(i) : null);
            }
        }
    }

    private static List<InputPosition> positionsOf(PendingTicket waiting) {
        return waiting.getPositions() == null ? List.of() : waiting.getPositions();
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
        if (e.getType() != TicketEventType.RESOLVED) {
            return;
        }
        markOpen(t, false);
        KnownDevice device = sites.device(t.getSiteId(), t.getDeviceId());
        if (device != null && device.silent()) {
            out.add(escalations.ofTicket(t, EscalationType.RESOLVED_WHILE_DOWN, null, null, e.getTimestamp(), String.valueOf(e.getTimestamp()),
                    "Ticket " + t.getTicketId() + " was resolved, but " + t.getDeviceId() + " still sends no heartbeat (last at "
                            + Instant.ofEpochMilli(device.lastSeen()) + "): check before closing."));
        }
    }

    private void save(TicketState t) {
        if (lifecycle.settled(t)) {
            tickets.delete(t.getTicketId());
            markOpen(t, false);
            return;
        }
        t.setCheckAt(deadlines.scheduleIfEarlier(t.getCheckAt(), lifecycle.nextDue(t), Timer.ticket(t.getTicketId())));
        tickets.put(t.getTicketId(), t);
    }

    private void markOpen(TicketState t, boolean open) {
        if (t.getDeviceId() == null) {
            return;
        }
        String key = openKeyPrefix(t.getSiteId(), t.getDeviceId()) + t.getTicketId();
        if (open) {
            openByDevice.put(key, t.getTicketId());
        } else {
            openByDevice.delete(key);
        }
    }

    private static String openKeyPrefix(String siteId, String deviceId) {
        return siteId + SEP + deviceId + SEP;
    }

    private List<String> openTickets(String siteId, String deviceId) {
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, String> it = openByDevice.prefixScan(openKeyPrefix(siteId, deviceId), Serdes.String().serializer())) {
            it.forEachRemaining(kv -> ids.add(kv.value));
        }
        return ids;
    }

    // Device health -----------------------------------------------------------------------------------------

    private void onHealthChange(DeviceHealthChange c) {
        long now = context.currentSystemTimeMs();
        KnownDevice known = sites.device(c.getSiteId(), c.getDeviceId());
        KpiFacts.census(c.getSiteId(), known == null ? null : known.contractId(), c.getPrevious(), c.getState(), c.getAt(),
                sites.schedule(c.getSiteId())).ifPresent(this::pend);
        if (c.getState() == HealthState.DOWN && c.getPrevious() != HealthState.DOWN) {
            // Due when the grace ends; the outage's start is the due time less the grace.
            deadlines.schedule(c.getAt() + unticketedGrace.toMillis(), Timer.unticketed(c.getSiteId() + SEP + c.getDeviceId()));
        }
        boolean back = (c.getState() == HealthState.UP || c.getState() == HealthState.DEGRADED)
                && (c.getPrevious() == HealthState.DOWN || c.getPrevious() == HealthState.UNREACHABLE);
        if (!back) {
            return;
        }
        List<Escalation> out = new ArrayList<>();
        for (String id : openTickets(c.getSiteId(), c.getDeviceId())) {
            TicketState t = tickets.get(id);
            if (t == null) {
                continue;
            }
            t.setTelemetryRestoredAt(c.getAt());
            out.add(escalations.ofTicket(t, EscalationType.DEVICE_RECOVERED, null, null, c.getAt(), String.valueOf(c.getAt()),
                    "Device " + c.getDeviceId() + " of open ticket " + id + " is back (" + c.getState() + " since "
                            + Instant.ofEpochMilli(c.getAt()) + "): service looks restored; confirm and resolve the ticket."));
            tickets.put(id, t);
        }
        emit(out, now);
    }

    // Time --------------------------------------------------------------------------------------------------

    /** Wall-clock tick: every deadline due up to the input watermark, so no clock breaches on events not read yet. */
    void tick(long now) {
        sendCensusChanges(now);
        long readUpTo = watermark.readUpTo(now);
        deadlines.runDue(readUpTo, due -> {
            Timer timer = due.timer();
            if (timer.kind() == Timer.Kind.UNTICKETED) {
                checkUnticketed(timer.id(), due.time(), now);
                return;
            }
            if (timer.kind() == Timer.Kind.PENDING_TICKET) {
                takeWaiting(timer.id());
                return;
            }
            TicketState t = tickets.get(timer.id());
            if (t == null || !DeadlineIndex.isCurrent(due, t.getCheckAt())) {
                return; // stale
            }
            List<Escalation> out = new ArrayList<>();
            KpiFacts.Before before = KpiFacts.before(t);
            lifecycle.advance(t, readUpTo, out); // may throw (a contract no longer in the policies): nothing is written yet
            t.setCheckAt(null);
            emit(out, now);
            count(KpiFacts.between(before, t, null, out), now);
            save(t);
        }, (due, tries, error) -> context.forward(new Record<>(due.timer().id(),
                DeadLetterWriter.setAside(SlaStores.DEADLINES, due, tries, error), now), DEAD_LETTERS));
    }

    /**
     * A device DOWN since {@code dueAt} less the grace: escalates when it is still DOWN and no open ticket names it.
     * In a maintenance window of its site it waits for the window's end, as if it had gone down then.
     */
    private void checkUnticketed(String siteAndDevice, long dueAt, long now) {
        String[] parts = siteAndDevice.split(String.valueOf(SEP), 2);
        String siteId = parts[0];
        String deviceId = parts[1];
        long downSince = dueAt - unticketedGrace.toMillis();
        KnownDevice d = sites.device(siteId, deviceId);
        if (d == null || d.state() != HealthState.DOWN || d.lastSeen() >= downSince) {
            return; // back, unreachable behind another device, or removed
        }
        if (!openTickets(siteId, deviceId).isEmpty()) {
            return;
        }
        var maintenance = SiteWindows.active(sites.schedule(siteId), WindowKind.MAINTENANCE, dueAt);
        if (maintenance.isPresent()) {
            // No escalation inside the window; if it is still down when the window ends, as if it went down then.
            deadlines.schedule(maintenance.get().getEnd() + unticketedGrace.toMillis(), Timer.unticketed(siteAndDevice));
            return;
        }
        // Identified by the silence's start, the checkpoint bucket of its last heartbeat (known exactly even after a
        // restart): the same outage has the same id in every run.
        Escalation e = escalations.ofDevice(deviceId, siteId, d.contractId(), EscalationType.UNTICKETED_OUTAGE, d.lastSeenBucket(), dueAt, now,
                d.deviceType() + " " + deviceId + " at " + siteId + " has sent no heartbeat since " + Instant.ofEpochMilli(d.lastSeen())
                        + " and has been down for " + Durations.format(unticketedGrace) + "; no open ticket names it: open one.");
        context.forward(new Record<>(deviceId, e, now), ESCALATIONS);
    }

    /** Adds a change of a site's device counts to those of this tick: same site and contract, one fact (from the first change's time). */
    private void pend(KpiFact change) {
        String key = change.getSiteId() + SEP + change.getContractId();
        KpiFact sum = censusChanges.get(key);
        if (sum != null) {
            change.setAvailableDelta(sum.getAvailableDelta() + change.getAvailableDelta());
            change.setTrackedDelta(sum.getTrackedDelta() + change.getTrackedDelta());
            change.setAt(Math.min(sum.getAt(), change.getAt()));
        }
        censusChanges.put(key, change);
        censusChangesPending = true;
    }

    private void sendCensusChanges(long now) {
        if (!censusChangesPending) {
            return;
        }
        censusChangesPending = false;
        List<KpiFact> changes = new ArrayList<>();
        try (var all = censusChanges.all()) {
            all.forEachRemaining(kv -> changes.add(kv.value));
        }
        for (KpiFact change : changes) {
            censusChanges.delete(change.getSiteId() + SEP + change.getContractId());
            if (change.getAvailableDelta() != 0 || change.getTrackedDelta() != 0) {
                context.forward(new Record<>(change.getSiteId(), change, now), KPI_FACTS);
            }
        }
    }

    private void count(List<KpiFact> facts, long now) {
        for (KpiFact f : facts) {
            context.forward(new Record<>(f.getSiteId(), f, now), KPI_FACTS);
        }
    }

    private void emit(List<Escalation> escalations, long now) {
        for (Escalation e : escalations) {
            context.forward(new Record<>(e.getTicketId() != null ? e.getTicketId() : e.getDeviceId(), e, now), ESCALATIONS);
        }
    }
}
