package com.schoolops.sla.tickets;

import com.schoolops.sla.avro.SlaClock;
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
 * their clocks read at an instant, each by the version of its contract it is judged by.
 */
public final class TicketReadSide {
    /** An open ticket with its clocks. */
    public record TicketView(String ticketId, String siteId, String deviceId, String contractId, String severity, String category,
                             Instant openedAt, Instant acknowledgedAt, Instant resolvedAt, boolean dispatched, int reopened,
                             List<ClockReading> clocks) {
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
        ReadOnlyKeyValueStore<String, TicketState> tickets = streams.store(StoreQueryParameters.fromNameAndType(TicketStores.TICKETS,
                QueryableStoreTypes.keyValueStore()));
        List<TicketView> open = new ArrayList<>();
        try (KeyValueIterator<String, TicketState> it = tickets.all()) {
            it.forEachRemaining(kv -> {
                TicketState t = kv.value;
                if (!t.getClosed() && lifecycle.judgeable(t)) {
                    open.add(new TicketView(t.getTicketId(), t.getSiteId(), t.getDeviceId(), t.getContractId(), t.getSeverity(),
                            t.getCategory() == null ? null : t.getCategory().name(), instant(t.getOpenedAt()), instant(t.getAcknowledgedAt()),
                            instant(t.getResolvedAt()), t.getDispatched(), t.getReopened(), lifecycle.read(t, now)));
                }
            });
        }
        return open;
    }

    /** Every clock still running towards a breach at {@code now}. */
    public List<ClockReading> runningClocks(long now) {
        return openTickets(now).stream().flatMap(t -> t.clocks().stream()).filter(c -> c.deadline() != null).toList();
    }

    private static Instant instant(Long epochMs) {
        return epochMs == null ? null : Instant.ofEpochMilli(epochMs);
    }
}
