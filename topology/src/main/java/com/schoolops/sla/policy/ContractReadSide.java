package com.schoolops.sla.policy;

import com.schoolops.sla.avro.ContractHistory;
import com.schoolops.sla.avro.ContractVersion;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.List;

/**
 * The contracts and calendars through their versions as readers outside the engine see them (the query API): this
 * instance's copy of the global store of versions (every instance holds all), over the policies file.
 */
public final class ContractReadSide {
    private final KafkaStreams streams;
    private final Policies policies;

    public ContractReadSide(KafkaStreams streams, Policies policies) {
        this.streams = streams;
        this.policies = policies;
    }

    /** The contracts and calendars through their versions. */
    public ContractBook contracts() {
        return ContractBook.over(policies, versions());
    }

    /** Every version of a contract or calendar, oldest first (the policies file's version 1 where the topic has none yet), or null. */
    public ContractHistory versions(String id) {
        ContractHistory history = versions().get(id);
        if (history != null) {
            return history;
        }
        return policies.documents().stream().filter(d -> d.id().equals(id)).findFirst()
                .map(d -> new ContractHistory(id, d.kind(), List.of(ContractVersion.newBuilder().setVersion(1).setInForceFrom(Long.MIN_VALUE)
                        .setDocument(d.json().toString()).setRecordedAt(0).setNote("the policies file").build())))
                .orElse(null);
    }

    private ReadOnlyKeyValueStore<String, ContractHistory> versions() {
        return streams.store(StoreQueryParameters.fromNameAndType(PolicyStores.CONTRACT_VERSIONS, QueryableStoreTypes.keyValueStore()));
    }
}
