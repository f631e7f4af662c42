package com.schoolops.sla.ingest;

import com.schoolops.sla.avro.ContractHistory;
import com.schoolops.sla.policy.PolicyStores;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps every instance's copy of {@code sla-contract-versions} ({@link PolicyStores#CONTRACT_VERSIONS}): the histories as accepted. */
public final class ContractVersionsLoader implements Processor<String, ContractHistory, Void, Void> {
    private KeyValueStore<String, ContractHistory> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(PolicyStores.CONTRACT_VERSIONS);
    }

    @Override
    public void process(Record<String, ContractHistory> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
        } else {
            store.put(record.key(), record.value());
        }
    }
}
