package com.schoolops.sla.health;

import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.kpi.KpiFacts;
import com.schoolops.sla.serde.StateStores;
import com.schoolops.sla.site.Site;
import com.schoolops.sla.site.SiteView;
import com.schoolops.sla.state.DeviceState;
import com.schoolops.sla.state.KpiFact;
import com.schoolops.sla.state.SiteDeviceCounts;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each site's devices counted by published state: the console's site list and the fleet gauges read a site's counts,
 * never every device (issue 26: a million devices). They are written when the site is judged, at the end of each
 * outage window in which one of its devices arrived, changed state or left, from the scan that judging reads anyway:
 * one write per site and window, not one per device that changes (a fleet's first contact or its return after a power
 * cut changes every device within seconds, and each write is a changelog record to restore). So they are at most one
 * outage window behind the devices' own states. A device tracked but not judged yet counts as {@value #UNKNOWN}.
 * <p>
 * A task whose counts were never built (its state is from a release before they existed) builds them from its device
 * states once, at a tick; the marker that says so is in the changelogged store itself.
 * <p>
 * The availability these devices add up to goes to the KPIs as it moves (the census): the changes of a site's counts
 * since the last tick, one fact per site and contract per tick, so a burst of changes (a power cut, a reconnect) is
 * not a burst of facts. The changes wait in the census-change store.
 */
public final class SiteCounts {
    public static final String UNKNOWN = "UNKNOWN";
    /** Sorts before every site id (NUL), and is no site. */
    static final String BUILT = "\u0000built";

    private final KeyValueStore<String, SiteDeviceCounts> counts;
    private final KeyValueStore<CensusChangeKey, KpiFact> changes;
    /**
     * Whether the census-change store may hold changes to send: derived, not state (true at start, so a restored task
     * sends what it had), it spares the tick an iterator over an empty store, and over its tombstones, on every tick.
     */
    private boolean pending = true;

    SiteCounts(ProcessorContext<?, ?> context) {
        this.counts = context.getStateStore(HealthStores.SITE_COUNTS);
        this.changes = context.getStateStore(HealthStores.CENSUS_CHANGES);
    }

    static List<StoreBuilder<?>> stores(boolean caching) {
        return List.of(StateStores.of(HealthStores.SITE_COUNTS, SiteDeviceCounts.class, caching),
                StateStores.of(HealthStores.CENSUS_CHANGES, CensusChangeKey.SERDE, KpiFact.class, caching));
    }

    /** A device of the site moved from {@code previous} to {@code state} (null: not tracked) under its contract: the site's availability moves. */
    void moved(String siteId, String contractId, HealthState previous, HealthState state, long at) {
        KpiFacts.census(siteId, contractId, previous, state, at).ifPresent(this::pend);
    }

    /** Adds a change of a site's device counts to those of this tick: same site and contract, one fact (from the first change's time). */
    private void pend(KpiFact change) {
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

    /** The availability changes since the last tick, one fact per site and contract, with the site's maintenance windows (read once per site and tick). */
    void sendAvailability(SiteView sites, Site site, long now) {
        if (!pending) {
            return;
        }
        pending = false;
        List<KpiFact> batch = new ArrayList<>();
        try (var all = changes.all()) {
            all.forEachRemaining(kv -> batch.add(kv.value));
        }
        for (KpiFact change : batch) {
            changes.delete(CensusChangeKey.of(change));
            if (change.getAvailableDelta() != 0 || change.getTrackedDelta() != 0) {
                change.setMaintenance(KpiFacts.maintenance(sites.schedule(change.getSiteId())));
                site.count(change, now);
            }
        }
    }

    /** Builds the counts from {@code devices} if this store never had them (after that, one cached read of the marker). */
    void ensureBuilt(KeyValueStore<DeviceKey, DeviceState> devices) {
        if (counts.get(BUILT) == null) {
            Map<String, List<DeviceState>> bySite = new HashMap<>();
            try (KeyValueIterator<DeviceKey, DeviceState> it = devices.all()) {
                it.forEachRemaining(kv -> bySite.computeIfAbsent(kv.value.getSiteId(), s -> new ArrayList<>()).add(kv.value));
            }
            bySite.forEach(this::count);
            counts.put(BUILT, new SiteDeviceCounts(BUILT, Map.of()));
        }
    }

    /** Writes the site's counts from its devices as they are now; a site with none has no entry. */
    void count(String siteId, Collection<DeviceState> siteDevices) {
        Map<String, Integer> c = new TreeMap<>();
        siteDevices.forEach(d -> c.merge(name(d.getState()), 1, Integer::sum));
        if (c.isEmpty()) {
            counts.delete(siteId);
        } else if (!c.equals(stored(siteId))) {
            counts.put(siteId, new SiteDeviceCounts(siteId, new HashMap<>(c)));
        }
    }

    private Map<String, Integer> stored(String siteId) {
        SiteDeviceCounts site = counts.get(siteId);
        return site == null ? null : new TreeMap<>(site.getCounts());
    }

    /** Whether {@code key} of the store is a site (not the marker). */
    public static boolean isSite(String key) {
        return !BUILT.equals(key);
    }

    private static String name(HealthState s) {
        return s == null ? UNKNOWN : s.name();
    }
}
