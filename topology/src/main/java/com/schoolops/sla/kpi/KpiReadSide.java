package com.schoolops.sla.kpi;

import com.schoolops.sla.avro.SlaKpi;
import com.schoolops.sla.state.KpiWindow;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.ArrayList;
import java.util.List;

/** The KPIs as readers outside the engine see them (the query API): the windows still open on this instance. */
public final class KpiReadSide {
    private final KafkaStreams streams;

    public KpiReadSide(KafkaStreams streams) {
        this.streams = streams;
    }

    /** The KPI windows still open: their values so far (provisional: a window is final when published on sla-kpis). */
    public List<SlaKpi> openWindows() {
        ReadOnlyKeyValueStore<WindowKey, KpiWindow> windows = streams.store(StoreQueryParameters.fromNameAndType(KpiStores.WINDOWS,
                QueryableStoreTypes.keyValueStore()));
        List<SlaKpi> kpis = new ArrayList<>();
        try (KeyValueIterator<WindowKey, KpiWindow> it = windows.all()) {
            it.forEachRemaining(kv -> kpis.add(KpiAggregate.kpi(kv.value)));
        }
        return kpis;
    }
}
