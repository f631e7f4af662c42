package com.schoolops.sla.topology;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/** A topic's name, the type and serdes of its keys and values, and whether it is compacted. */
public record TopicSpec<K, V>(String name, Class<V> valueType, Serde<K> keySerde, Serde<V> valueSerde, boolean compacted) {

    /** Reading this topic, with the source node named {@code <topic>-source}. */
    public Consumed<K, V> consumed() {
        return Consumed.with(keySerde, valueSerde).withName(name + "-source");
    }

    /** Writing this topic, with the sink node named {@code <topic>-sink-<from>}. */
    public Produced<K, V> produced(String from) {
        return Produced.with(keySerde, valueSerde).withName(name + "-sink-" + from);
    }
}
