package com.schoolops.sla.ingest;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/** The device registry as readers outside the engine see it (the query API): where each registered device is. */
public final class RegistryReadSide {
    private final KafkaStreams streams;

    public RegistryReadSide(KafkaStreams streams) {
        this.streams = streams;
    }

    /** The site a device is registered at, if this instance holds the device's registry partition (else null). */
    public String siteOf(String deviceId) {
        return streams.store(StoreQueryParameters.fromNameAndType(IngestStores.DEVICE_SITES, QueryableStoreTypes.<String, String>keyValueStore()))
                .get(deviceId);
    }

    /** Which instance holds a device's registry entry (null or NOT_AVAILABLE while the group rebalances). */
    public KeyQueryMetadata holderOf(String deviceId) {
        return streams.queryMetadataForKey(IngestStores.DEVICE_SITES, deviceId, Serdes.String().serializer());
    }
}
