package com.schoolops.sla.tickets;

import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.avro.TicketStatus;
import com.schoolops.sla.policy.ContractReadSide;
import com.schoolops.sla.state.TicketState;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The tickets as readers outside the engine see them (the query API): the open tickets of this instance's sites with
 * their clocks read at an instant, each by the version of its contract it is judged by, and one ticket by its id for
 * as long as the engine keeps it.
 */
public final class TicketReadSide {
    /**
     * A ticket with its clocks.
     *
     * @param status          where it stands ({@link TicketStatuses}): what the desk may do with it next
     * @param contractVersion the version of its contract that judges it (null: version 1)
     * @param satisfaction    the rating of its CALLBACK_DONE, once given
     */
    public record TicketView(String ticketId, String siteId, String deviceId, String contractId, String severity, String category,
                             Instant openedAt, Instant acknowledgedAt, Instant resolvedAt, boolean dispatched, int reopened,
                             List<ClockReading> clocks, TicketStatus status, Integer contractVersion, Integer satisfaction) {
    }

    /**
     * One SLA clock of a ticket as the ops team reads it at an instant: where it stands against its target, in the clock's
     * own time (working time for working-time clocks).
     *
     * @param deadline   when it breaches if it keeps running: null while paused, stopped or already breached
     * @param usedMs     clock time used so far
     * @param timeLeftMs clock time left before the breach (negative once breached)
     * @param usedPct    the share of the target used, in percent
     * @param tier       the tier its breach escalates to
     */
    public record ClockReading(String ticketId, String siteId, String deviceId, String contractId, String severity, SlaClock clock,
                               String target, boolean working, Instant deadline, long usedMs, long timeLeftMs, double usedPct,
                               boolean paused, boolean stopped, boolean breached, int tier) {

        /** Running: neither paused nor stopped. */
        public boolean running() {
            return !paused && !stopped;
        }
    }

    private final KafkaStreams streams;
    private final ContractReadSide contracts;

    public TicketReadSide(KafkaStreams streams, ContractReadSide contracts) {
        this.streams = streams;
        this.contracts = contracts;
    }

    /** The tickets not yet closed, with their clocks as they stand at {@code now} (those whose contract version this instance knows). */
    public List<TicketView> openTickets(long now) {
        TicketLifecycle lifecycle = new TicketLifecycle(contracts.contracts());
        List<TicketView> open = new ArrayList<>();
        try (KeyValueIterator<String, TicketState> it = store().all()) {
            it.forEachRemaining(kv -> {
                TicketState t = kv.value;
                if (!t.getClosed() && lifecycle.judgeable(t)) {
                    open.add(view(t, lifecycle, now));
                }
            });
        }
        return open;
    }

    /**
     * One ticket of this instance's sites as it stands at {@code now}, whatever its status: open, resolved, or closed
     * while the engine still keeps it (a clock of it still to settle); null when no task here keeps it.
     */
    public TicketView ticket(String ticketId, long now) {
        TicketLifecycle lifecycle = new TicketLifecycle(contracts.contracts());
        TicketState t = store().get(ticketId);
        return t == null || !lifecycle.judgeable(t) ? null : view(t, lifecycle, now);
    }

    private static TicketView view(TicketState t, TicketLifecycle lifecycle, long now) {
        return new TicketView(t.getTicketId(), t.getSiteId(), t.getDeviceId(), t.getContractId(), t.getSeverity(),
                t.getCategory() == null ? null : t.getCategory().name(), instant(t.getOpenedAt()), instant(t.getAcknowledgedAt()),
                instant(t.getResolvedAt()), t.getDispatched(), t.getReopened(), lifecycle.read(t, now), TicketStatuses.of(t),
                t.getContractVersion(), t.getSatisfaction());
    }

    private ReadOnlyKeyValueStore<String, TicketState> store() {
        return streams.store(StoreQueryParameters.fromNameAndType(TicketStores.TICKETS, QueryableStoreTypes.keyValueStore()));
    }

    /** Every clock still running towards a breach at {@code now}. */
    public List<ClockReading> runningClocks(long now) {
        return openTickets(now).stream().flatMap(t -> t.clocks().stream()).filter(c -> c.deadline() != null).toList();
    }

    private static Instant instant(Long epochMs) {
        return epochMs == null ? null : Instant.ofEpochMilli(epochMs);
    }
}
