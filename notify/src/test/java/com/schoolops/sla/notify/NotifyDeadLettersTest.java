package com.schoolops.sla.notify;

import com.schoolops.sla.config.Settings;
import com.schoolops.sla.deadletter.DeadLetters;
import com.schoolops.sla.serde.InMemorySchemaRegistry;
import com.schoolops.sla.serde.ValueSerdes;
import com.schoolops.sla.streams.StreamsDefaults;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.internals.DefaultErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One bad record, one dead letter that says who wrote it: notify reads only the engine's outputs and dead-letters
 * what it cannot read there, signed notify, as the engine's letters are signed run.
 */
class NotifyDeadLettersTest {
    static final byte[] GARBAGE = "{not avro".getBytes(StandardCharsets.UTF_8);

    @Test
    void notifySignsWhatItDeadLetters() throws Exception {
        Properties props = NotifyConfig.from(Settings.defaults(), ValueSerdes.registry(InMemorySchemaRegistry.withKnownSchemas())).streamsProperties();
        DeserializationExceptionHandler notify = handler(props);
        var letters = notify.handleError(context("sla-escalations"), record("sla-escalations"), unreadable()).deadLetterQueueRecords();
        assertEquals(1, letters.size());
        assertEquals("notify", header(letters.get(0).headers().lastHeader(DeadLetters.HEADER_DEPLOYABLE)));
    }

    @Test
    void theEnginesDeadLetterSaysItIsTheEngines() throws Exception {
        // the engine's handler as every Streams deployable starts with it (run's AppConfig adds no handler of its own)
        DeserializationExceptionHandler run = handler(StreamsDefaults.properties(Settings.defaults(), "dead-letters"));
        var letters = run.handleError(context("fault-tickets"), record("fault-tickets"), unreadable()).deadLetterQueueRecords();
        assertEquals(1, letters.size());
        assertEquals("run", header(letters.get(0).headers().lastHeader(DeadLetters.HEADER_DEPLOYABLE)));
    }

    static DeserializationExceptionHandler handler(Properties props) throws Exception {
        var handler = (DeserializationExceptionHandler) Class.forName(props.getProperty(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG))
                .getDeclaredConstructor().newInstance();
        Map<String, Object> configs = new HashMap<>();
        props.forEach((k, v) -> configs.put(k.toString(), v));
        handler.configure(configs);
        return handler;
    }

    static DefaultErrorHandlerContext context(String topic) {
        return new DefaultErrorHandlerContext(null, topic, 0, 7, new RecordHeaders(), null, new TaskId(0, 0), 1L, GARBAGE, GARBAGE);
    }

    static ConsumerRecord<byte[], byte[]> record(String topic) {
        return new ConsumerRecord<>(topic, 0, 7, "k".getBytes(StandardCharsets.UTF_8), GARBAGE);
    }

    static SerializationException unreadable() {
        return new SerializationException("not in Schema Registry wire format: magic byte is 123, expected 0");
    }

    static String header(org.apache.kafka.common.header.Header h) {
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
