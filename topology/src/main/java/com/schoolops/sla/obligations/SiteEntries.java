package com.schoolops.sla.obligations;

import com.schoolops.sla.serde.KeySerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.ArrayList;
import java.util.List;

/**
 * One site's entries of a store of the obligations and exam-day stages: their keys start with the site id and
 * {@link KeySerde#SEP}, so a site's entries are adjacent and read with one prefix scan (read into a list first, so
 * the caller may write to the store while it goes through them).
 */
final class SiteEntries {
    private SiteEntries() {
    }

    static <V> List<KeyValue<String, V>> of(ReadOnlyKeyValueStore<String, V> store, String siteId) {
        List<KeyValue<String, V>> all = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.prefixScan(siteId + KeySerde.SEP, Serdes.String().serializer())) {
            it.forEachRemaining(all::add);
        }
        return all;
    }

    static <V> List<V> values(ReadOnlyKeyValueStore<String, V> store, String siteId) {
        return of(store, siteId).stream().map(kv -> kv.value).toList();
    }

    /** The site's entries go (a site that leaves the service). */
    static <V> void deleteAll(KeyValueStore<String, V> store, String siteId) {
        of(store, siteId).forEach(kv -> store.delete(kv.key));
    }
}
