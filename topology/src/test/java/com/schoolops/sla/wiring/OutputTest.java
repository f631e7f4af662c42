package com.schoolops.sla.wiring;

import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A stage's outputs are checked against its children when the topology is built, not at the first record. */
class OutputTest {
    static final Output<String> ALERTS = Output.to("alerts-sink", String.class);
    static final Output<Long> COUNTS = Output.to("counts-sink", Long.class);

    static final class Stage extends ContextualProcessor<String, String, String, Object> {
        @Override
        public void process(Record<String, String> record) {
            ALERTS.send(context(), record);
        }
    }

    static Topology withChildren(String... children) {
        StreamsBuilder builder = new StreamsBuilder();
        var stage = builder.<String, String>stream("in").process(Stage::new, Named.as("stage"));
        for (String child : children) {
            stage.mapValues(v -> v, Named.as(child)).to("out-" + child);
        }
        return builder.build();
    }

    @Test
    void aStageWithAChildForEachOutputPasses() {
        assertDoesNotThrow(() -> Output.checkWired(withChildren("alerts-sink", "counts-sink"), "stage", List.of(ALERTS, COUNTS)));
    }

    @Test
    void anOutputWithNoChildOfItsNameFailsTheBuildNamingIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Output.checkWired(withChildren("alerts-sink", "count-sink"), "stage", List.of(ALERTS, COUNTS)));
        assertTrue(e.getMessage().startsWith("processor 'stage' forwards to [counts-sink], which are not among its children"), e.getMessage());
    }

    @Test
    void aProcessorNotInTheTopologyIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Output.checkWired(withChildren("alerts-sink"), "stages", List.of(ALERTS)));
        assertEquals("the topology has no processor named 'stages'", e.getMessage());
    }
}
