package com.schoolops.sla.deadletter;

import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.metrics.CountedDeadLetter;
import com.schoolops.sla.state.InputPosition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What a site stage refuses or sets aside, on its way to dead-letters (in memory, in the same task), each kind
 * knowing how it is written ({@link DeadLetterWriter}): the reason in the standard headers.
 */
public sealed interface DeadLetter extends CountedDeadLetter {

    /** The letter as written to dead-letters: key, value and headers. */
    Written written(Originals originals, int partition);

    record Written(byte[] key, byte[] value, RecordHeaders headers) {
    }

    /** How a refused input is written back as it was on its own topic (and that topic, for the visits). */
    record Originals(Serializer<TicketEvent> tickets, String visitTopic, Serializer<ServiceVisit> visits) {
    }

    /**
     * A refused ticket event: its original key and the record as it is written on its own topic (not the internal
     * envelope), with the partition and offset it was read at where known.
     */
    record RefusedTicket(String sourceTopic, String key, String reason, TicketEvent ticket, InputPosition position) implements DeadLetter {
        @Override
        public String kind() {
            return REFUSED_TICKET;
        }

        @Override
        public Written written(Originals originals, int partition) {
            return refused(sourceTopic, key, reason, position, originals.tickets().serialize(sourceTopic, ticket));
        }
    }

    /**
     * A refused service visit (its site is not in site-registry): its original key and the record as it is written on
     * service-visits, with the partition and offset it was read at where known.
     */
    record RefusedVisit(String key, String reason, ServiceVisit visit, InputPosition position) implements DeadLetter {
        @Override
        public String kind() {
            return REFUSED_VISIT;
        }

        @Override
        public Written written(Originals originals, int partition) {
            return refused(originals.visitTopic(), key, reason, position, originals.visits().serialize(originals.visitTopic(), visit));
        }
    }

    private static Written refused(String sourceTopic, String key, String reason, InputPosition position, byte[] value) {
        RecordHeaders headers = reasonHeaders(InvalidInputException.class.getName(), reason, sourceTopic);
        if (position != null) {
            headers.add(DeadLetters.HEADER_PARTITION, bytes(String.valueOf(position.getPartition())));
            headers.add(DeadLetters.HEADER_OFFSET, bytes(String.valueOf(position.getOffset())));
        }
        return new Written(key == null ? null : bytes(key), value, headers);
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
        public Written written(Originals originals, int partition) {
            RecordHeaders headers = reasonHeaders(exception, reason, store);
            headers.add(DeadLetters.HEADER_PARTITION, bytes(String.valueOf(partition)));
            String line = timer + " timer of " + subject.replace('\u0000', '/') + " due " + Instant.ofEpochMilli(dueAt)
                    + " set aside after " + tries + " failed tries: " + exception + ": " + reason;
            return new Written(bytes(subject), bytes(line), headers);
        }
    }

    /** The reason, in the headers Kafka Streams' own dead letters use: what failed, why, and where it was. */
    private static RecordHeaders reasonHeaders(String exception, String message, String topic) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetters.HEADER_EXCEPTION, bytes(exception));
        headers.add(DeadLetters.HEADER_MESSAGE, bytes(message));
        headers.add(DeadLetters.HEADER_TOPIC, bytes(topic));
        headers.add(DeadLetters.HEADER_DEPLOYABLE, bytes(DeadLetters.RUN));
        return headers;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
