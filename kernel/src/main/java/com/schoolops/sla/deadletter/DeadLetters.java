package com.schoolops.sla.deadletter;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds dead-letter records: the original key and value bytes, the original headers, and headers that say
 * why (the same header names as Kafka Streams' own dead-letter support, so standard tooling reads them).
 */
public final class DeadLetters {
    public static final String HEADER_EXCEPTION = "__streams.errors.exception";
    public static final String HEADER_MESSAGE = "__streams.errors.message";
    public static final String HEADER_STACKTRACE = "__streams.errors.stacktrace";
    public static final String HEADER_TOPIC = "__streams.errors.topic";
    public static final String HEADER_PARTITION = "__streams.errors.partition";
    public static final String HEADER_OFFSET = "__streams.errors.offset";
    /** Which deployable wrote the dead letter: {@link #RUN} (the engine) or {@link #NOTIFY}. */
    public static final String HEADER_DEPLOYABLE = "__sla.deployable";
    public static final String RUN = "run";
    public static final String NOTIFY = "notify";

    private DeadLetters() {
    }

    /** The dead-letter topic from a handler's configuration (Kafka Streams' own setting), or null when none is set. */
    public static String topicFrom(java.util.Map<String, ?> configs) {
        Object topic = configs.get(org.apache.kafka.streams.StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        return topic == null ? null : topic.toString();
    }

    public static List<ProducerRecord<byte[], byte[]>> of(String deadLetterTopic, byte[] key, byte[] value,
                                                          ErrorHandlerContext context, Exception error) {
        return of(RUN, deadLetterTopic, key, value, context, error);
    }

    /** A dead letter written by {@code deployable} ({@link #RUN} or {@link #NOTIFY}), which its header names. */
    public static List<ProducerRecord<byte[], byte[]>> of(String deployable, String deadLetterTopic, byte[] key, byte[] value,
                                                          ErrorHandlerContext context, Exception error) {
        if (deadLetterTopic == null || deadLetterTopic.isBlank()) {
            return List.of();
        }
        Headers headers = new RecordHeaders(context.headers() == null ? new RecordHeaders() : context.headers());
        headers.remove(HEADER_EXCEPTION).remove(HEADER_MESSAGE).remove(HEADER_STACKTRACE)
                .remove(HEADER_TOPIC).remove(HEADER_PARTITION).remove(HEADER_OFFSET).remove(HEADER_DEPLOYABLE);
        headers.add(HEADER_DEPLOYABLE, bytes(deployable));
        Throwable reason = rootOf(error);
        headers.add(HEADER_EXCEPTION, bytes(reason.getClass().getName()));
        headers.add(HEADER_MESSAGE, bytes(String.valueOf(reason.getMessage())));
        if (!(reason instanceof InvalidInputException)) {
            StringWriter trace = new StringWriter();
            reason.printStackTrace(new PrintWriter(trace));
            headers.add(HEADER_STACKTRACE, bytes(trace.toString()));
        }
        headers.add(HEADER_TOPIC, bytes(String.valueOf(context.topic())));
        headers.add(HEADER_PARTITION, bytes(String.valueOf(context.partition())));
        headers.add(HEADER_OFFSET, bytes(String.valueOf(context.offset())));
        return List.of(new ProducerRecord<>(deadLetterTopic, null, context.timestamp(), key, value, headers));
    }

    /** The exception that says what went wrong: Streams wraps the processor's own exception. */
    public static Throwable rootOf(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t
                && (t instanceof org.apache.kafka.streams.errors.StreamsException
                || t.getClass().getName().startsWith("org.apache.kafka.streams.errors.internals"))) {
            t = t.getCause();
        }
        return t;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
