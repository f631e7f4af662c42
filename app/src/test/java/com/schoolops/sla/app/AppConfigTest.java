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
}
