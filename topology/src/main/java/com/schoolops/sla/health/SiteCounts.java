package com.schoolops.sla.health;

import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.state.DeviceState;
import com.schoolops.sla.state.SiteDeviceCounts;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each site's devices counted by published state, kept as devices arrive, change state and leave: the console's site
 * list and the fleet gauges read a site's counts, never every device (issue 26: a million devices). A device tracked
 * but not judged yet counts as {@value #UNKNOWN}. A task whose counts were never built (its state is from a release
 * before they existed) builds them from its device states once, at its first record or tick; the marker that says so
 * is in the changelogged store itself.
 */
public final class SiteCounts {
    public static final String UNKNOWN = "UNKNOWN";
    /** Sorts before every site id (NUL), and is no site. */
    static final String BUILT = "\u0000built";

    private final KeyValueStore<String, SiteDeviceCounts> counts;

    SiteCounts(KeyValueStore<String, SiteDeviceCounts> counts) {
        this.counts = counts;
    }

    /** Builds the counts from {@code devices} if this store never had them (after that, one cached read of the marker). */
    void ensureBuilt(KeyValueStore<DeviceKey, DeviceState> devices) {
        if (counts.get(BUILT) == null) {
            Map<String, Map<String, Integer>> bySite = new HashMap<>();
            try (KeyValueIterator<DeviceKey, DeviceState> it = devices.all()) {
                it.forEachRemaining(kv -> bySite.computeIfAbsent(kv.value.getSiteId(), s -> new TreeMap<>()).merge(name(kv.value.getState()), 1, Integer::sum));
            }
            bySite.forEach((site, c) -> counts.put(site, new SiteDeviceCounts(site, new HashMap<>(c))));
            counts.put(BUILT, new SiteDeviceCounts(BUILT, Map.of()));
        }
    }

    void added(String siteId) {
        move(siteId, null, UNKNOWN);
    }

    void changed(String siteId, HealthState previous, HealthState state) {
        move(siteId, name(previous), name(state));
    }

    void removed(String siteId, HealthState state) {
        move(siteId, name(state), null);
    }

    private void move(String siteId, String from, String to) {
        SiteDeviceCounts site = counts.get(siteId);
        Map<String, Integer> c = site == null ? new HashMap<>() : new HashMap<>(site.getCounts());
        if (from != null) {
            c.computeIfPresent(from, (k, n) -> n <= 1 ? null : n - 1);
        }
        if (to != null) {
            c.merge(to, 1, Integer::sum);
        }
        if (c.isEmpty()) {
            counts.delete(siteId);
        } else {
            counts.put(siteId, new SiteDeviceCounts(siteId, c));
        }
    }

    /** Whether {@code key} of the store is a site (not the marker). */
    public static boolean isSite(String key) {
        return !BUILT.equals(key);
    }

    private static String name(HealthState s) {
        return s == null ? UNKNOWN : s.name();
    }
}
