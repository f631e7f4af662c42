package com.schoolops.sla.sla;

import com.schoolops.sla.health.SiteView;
import com.schoolops.sla.kpi.KpiFacts;
import com.schoolops.sla.serde.StateStores;
import com.schoolops.sla.state.KpiFact;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * The changes of a site's device counts since the last tick, sent on to the KPIs as one fact per site and contract
 * per tick: a burst of changes (a power cut, a reconnect) is not a burst of facts. Owns the census-change store.
 */
final class CensusBatch {
    private final KeyValueStore<CensusChangeKey, KpiFact> changes;
    private final TicketOutputs outputs;
    /** Where each site's maintenance windows are read, once per site and tick rather than once per change. */
    private final SiteView sites;
    /**
     * Whether the store may hold changes to send: derived, not state (true at start, so a restored task sends what it
     * had), it spares the tick an iterator over an empty store, and over its tombstones, on every punctuation.
     */
    private boolean pending = true;

    CensusBatch(ProcessorContext<?, ?> context, TicketOutputs outputs, SiteView sites) {
        this.changes = context.getStateStore(SlaStores.CENSUS_CHANGES);
        this.outputs = outputs;
        this.sites = sites;
    }

    static List<StoreBuilder<?>> stores(boolean caching) {
        return List.of(StateStores.of(SlaStores.CENSUS_CHANGES, CensusChangeKey.SERDE, KpiFact.class, caching));
    }

    /** Adds a change of a site's device counts to those of this tick: same site and contract, one fact (from the first change's time). */
    void pend(KpiFact change) {
        CensusChangeKey key = CensusChangeKey.of(change);
        KpiFact sum = changes.get(key);
        if (sum != null) {
            change.setAvailableDelta(sum.getAvailableDelta() + change.getAvailableDelta());
            change.setTrackedDelta(sum.getTrackedDelta() + change.getTrackedDelta());
            change.setAt(Math.min(sum.getAt(), change.getAt()));
        }
        changes.put(key, change);
        pending = true;
    }

    void send(long now) {
        if (!pending) {
            return;
        }
        pending = false;
        List<KpiFact> batch = new ArrayList<>();
        try (var all = changes.all()) {
            all.forEachRemaining(kv -> batch.add(kv.value));
        }
        List<KpiFact> facts = new ArrayList<>();
        for (KpiFact change : batch) {
            changes.delete(CensusChangeKey.of(change));
            if (change.getAvailableDelta() != 0 || change.getTrackedDelta() != 0) {
                change.setMaintenance(KpiFacts.maintenance(sites.schedule(change.getSiteId())));
                facts.add(change);
            }
        }
        outputs.count(facts, now);
    }
}
