package com.schoolops.sla.deadletter;

import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.metrics.CountedDeadLetter;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What a stage refuses or sets aside, on its way to dead-letters (in memory, in the same task), each kind knowing how
 * it is written ({@link DeadLetterWriter}): the reason in the standard headers. The kernel's kind is the set-aside
 * timer (every deployable's timers give up the same way); the engine adds its refused inputs (a ticket event, a visit).
 */
public interface DeadLetter extends CountedDeadLetter {

    /** The letter as written to dead-letters by {@code deployable}: key, value and headers. */
    Written written(Originals originals, int partition, String deployable);

    record Written(byte[] key, byte[] value, RecordHeaders headers) {
    }

    /**
     * How a refused input is written back as it was on its own topic (and that topic, for the visits); a deployable
     * that refuses no input has {@link #NONE}.
     */
    record Originals(Serializer<TicketEvent> tickets, String visitTopic, Serializer<ServiceVisit> visits) {
        public static final Originals NONE = new Originals((topic, ticket) -> {
            throw new IllegalStateException("this deployable refuses no ticket event");
        }, "", (topic, visit) -> {
            throw new IllegalStateException("this deployable refuses no service visit");
        });
    }

    /**
     * A timer whose work kept failing (its deadline index gave up): keyed by its subject, the value one line that
     * says which timer, when it was due and what failed; the topic header names its deadline index.
     */
    record SetAsideTimer(String store, String timer, String subject, long dueAt, int tries, String exception, String reason)
            implements DeadLetter {

        public static SetAsideTimer of(String store, String kind, String subject, long dueAt, int tries, RuntimeException error) {
            return new SetAsideTimer(store, kind, subject, dueAt, tries, error.getClass().getName(), String.valueOf(error.getMessage()));
        }

        @Override
        public String kind() {
            return FAILED_TIMER;
        }

        @Override
        public Written written(Originals originals, int partition, String deployable) {
            RecordHeaders headers = reasonHeaders(exception, reason, store, deployable);
            headers.add(DeadLetters.HEADER_PARTITION, bytes(String.valueOf(partition)));
            String line = timer + " timer of " + subject.replace('\u0000', '/') + " due " + Instant.ofEpochMilli(dueAt)
                    + " set aside after " + tries + " failed tries: " + exception + ": " + reason;
            return new Written(bytes(subject), bytes(line), headers);
        }
    }

    /** The reason, in the headers Kafka Streams' own dead letters use: what failed, why, where it was, who wrote it. */
    static RecordHeaders reasonHeaders(String exception, String message, String topic, String deployable) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetters.HEADER_EXCEPTION, bytes(exception));
        headers.add(DeadLetters.HEADER_MESSAGE, bytes(message));
        headers.add(DeadLetters.HEADER_TOPIC, bytes(topic));
        headers.add(DeadLetters.HEADER_DEPLOYABLE, bytes(deployable));
        return headers;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
