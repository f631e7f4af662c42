package com.schoolops.sla.topics;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
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

    /**
     * Writing this topic from a processor whose outputs are of several types, through the sink node {@code node}
     * that the processor forwards to by name: only this topic's value type may reach it (anything else fails
     * loudly at the sink rather than being written).
     */
    public <S> Produced<K, S> producedAs(String node) {
        Serializer<V> serializer = valueSerde.serializer();
        Serializer<S> checked = new Serializer<>() {
            @Override
            public byte[] serialize(String topic, S data) {
                return serializer.serialize(topic, valueType.cast(data));
            }

            @Override
            public byte[] serialize(String topic, Headers headers, S data) {
                return serializer.serialize(topic, headers, valueType.cast(data));
            }
        };
        Deserializer<S> unused = (topic, bytes) -> {
            throw new UnsupportedOperationException("a sink does not read");
        };
        return Produced.with(keySerde, Serdes.serdeFrom(checked, unused)).withName(node);
    }
}
