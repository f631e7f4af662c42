package com.schoolops.sla.kpi;

import com.schoolops.sla.avro.KpiGranularity;
import com.schoolops.sla.serde.KeySerde;
import org.apache.kafka.common.serialization.Serde;

/** A KPI window's key, in the window store and as its close timer's subject: its scope, granularity and start. */
record WindowKey(ScopeKey scope, KpiGranularity granularity, long start) {
    static final Serde<WindowKey> SERDE = KeySerde.of(WindowKey::text, WindowKey::parse);

    static WindowKey of(ScopeKey scope, KpiWindows.Span span) {
        return new WindowKey(scope, span.granularity(), span.start());
    }

    String text() {
        return KeySerde.join(scope.text(), granularity, start);
    }

    static WindowKey parse(String text) {
        String[] parts = KeySerde.parts(text, 3);
        return new WindowKey(ScopeKey.parse(parts[0]), KpiGranularity.valueOf(parts[1]), Long.parseLong(parts[2]));
    }
}
