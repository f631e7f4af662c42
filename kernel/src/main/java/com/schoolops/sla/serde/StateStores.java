package com.schoolops.sla.serde;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.util.Set;
import java.util.function.Supplier;

/** The persistent, changelogged key-value stores the processors declare (keyed by strings, or by a key type of their own), and processors that own them. */
public final class StateStores {
    private StateStores() {
    }

    /**
     * A processor with the stores it owns ({@link ProcessorSupplier#stores()}): Kafka Streams adds them and connects
     * them to the processor, so the topology names no store of a processor's but those it only reads.
     */
    public static <KIn, VIn, KOut, VOut> ProcessorSupplier<KIn, VIn, KOut, VOut> owning(
            Supplier<Processor<KIn, VIn, KOut, VOut>> processor, StoreBuilder<?>... stores) {
        Set<StoreBuilder<?>> owned = Set.of(stores);
        return new ProcessorSupplier<>() {
            @Override
            public Processor<KIn, VIn, KOut, VOut> get() {
                return processor.get();
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return owned;
            }
        };
    }

    /** A store of Avro state records, in single-object encoding. */
    public static <V extends SpecificRecord> StoreBuilder<KeyValueStore<String, V>> of(String name, Class<V> type, boolean caching) {
        return of(name, new StateSerde<>(type), caching);
    }

    /** A store of Avro state records under keys of their own type ({@link KeySerde}). */
    public static <K, V extends SpecificRecord> StoreBuilder<KeyValueStore<K, V>> of(String name, Serde<K> keySerde, Class<V> type,
                                                                                    boolean caching) {
        return keyed(name, keySerde, new StateSerde<>(type), caching);
    }

    /** A store of any values under keys of their own type ({@link KeySerde}). */
    public static <K, V> StoreBuilder<KeyValueStore<K, V>> keyed(String name, Serde<K> keySerde, Serde<V> valueSerde, boolean caching) {
        StoreBuilder<KeyValueStore<K, V>> builder = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keySerde, valueSerde);
        return caching ? builder.withCachingEnabled() : builder;
    }

    /** A store of plain values. Processor API stores have no record cache unless asked: it spares RocksDB and the changelog repeated writes. */
    public static <V> StoreBuilder<KeyValueStore<String, V>> of(String name, Serde<V> valueSerde, boolean caching) {
        return keyed(name, Serdes.String(), valueSerde, caching);
    }
}
