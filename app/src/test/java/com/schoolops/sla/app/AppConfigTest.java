package com.schoolops.sla.app;

import com.schoolops.sla.config.Settings;
import com.schoolops.sla.serde.InMemorySchemaRegistry;
import com.schoolops.sla.serde.ValueSerdes;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class AppConfigTest {
    @Test
    void streamsDoNotWaitForTimeOrderAcrossInputsUnlessTold() {
        var registry = ValueSerdes.registry(InMemorySchemaRegistry.withKnownSchemas());
        assertEquals("-1", AppConfig.from(Settings.defaults(), registry).streamsProperties().get("max.task.idle.ms"));
        assertEquals("2000", AppConfig.from(Settings.defaults().with(Map.of("kafka.max.task.idle.ms", "2000")), registry)
                .streamsProperties().get("max.task.idle.ms"), "kafka.max.task.idle.ms wins");
    }

    @Test
    void aDeadInstanceIsNoticedInSecondsAndItsOpenTransactionAbortedSoonUnlessToldOtherwise() {
        var registry = ValueSerdes.registry(InMemorySchemaRegistry.withKnownSchemas());
        var defaults = AppConfig.from(Settings.defaults(), registry).streamsProperties();
        assertEquals("6000", defaults.get("session.timeout.ms"), "not the clients' 45 s");
        assertEquals("1500", defaults.get("heartbeat.interval.ms"));
        assertEquals("5000", defaults.get("transaction.timeout.ms"), "not Streams' 10 s");
        var told = AppConfig.from(Settings.defaults().with(Map.of("kafka.session.timeout.ms", "30000",
                "kafka.transaction.timeout.ms", "20000")), registry).streamsProperties();
        assertEquals("30000", told.get("session.timeout.ms"), "kafka.* wins");
        assertEquals("20000", told.get("transaction.timeout.ms"));
    }
}
