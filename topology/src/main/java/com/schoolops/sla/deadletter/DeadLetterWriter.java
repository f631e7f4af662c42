package com.schoolops.sla.deadletter;

import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.state.Rejected;
import com.schoolops.sla.state.SetAsideTimer;
import com.schoolops.sla.timers.DeadlineIndex;
import com.schoolops.sla.timers.Timer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Turns what the site stage refuses or sets aside into dead letters as a reader expects them, the reason in the
 * standard headers:
 * <ul>
 *   <li>a refused input ({@link Rejected}): its original key and the record as it is written on its own topic (not
 *       the internal envelope), with the partition and offset it was read at;</li>
 *   <li>a timer whose work kept failing ({@link SetAsideTimer}): keyed by its subject, the value one line that says
 *       which timer, when it was due and what failed; the topic header names its deadline index.</li>
 * </ul>
 */
public final class DeadLetterWriter implements Processor<String, SpecificRecord, byte[], byte[]> {
    private final Serializer<TicketEvent> ticketSerializer;
    private ProcessorContext<byte[], byte[]> context;

    public DeadLetterWriter(Serializer<TicketEvent> ticketSerializer) {
        this.ticketSerializer = ticketSerializer;
    }

    /** What a processor forwards here for a timer that {@link DeadlineIndex} gave up on. */
    public static SetAsideTimer setAside(String store, DeadlineIndex.Due due, int tries, RuntimeException error) {
        Timer timer = due.timer();
        return new SetAsideTimer(store, timer.kind().name(), timer.id(), due.time(), tries, error.getClass().getName(),
                String.valueOf(error.getMessage()));
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        RecordHeaders headers = new RecordHeaders();
        if (record.value() instanceof Rejected r) {
            headers.add(DeadLetters.HEADER_EXCEPTION, bytes(InvalidInputException.class.getName()));
            headers.add(DeadLetters.HEADER_MESSAGE, bytes(r.getReason()));
            headers.add(DeadLetters.HEADER_TOPIC, bytes(r.getSourceTopic()));
            if (r.getPosition() != null) {
                headers.add(DeadLetters.HEADER_PARTITION, bytes(String.valueOf(r.getPosition().getPartition())));
                headers.add(DeadLetters.HEADER_OFFSET, bytes(String.valueOf(r.getPosition().getOffset())));
            }
            byte[] key = r.getKey() == null ? null : bytes(r.getKey());
            context.forward(new Record<>(key, ticketSerializer.serialize(r.getSourceTopic(), r.getTicket()), record.timestamp(), headers));
        } else if (record.value() instanceof SetAsideTimer t) {
            headers.add(DeadLetters.HEADER_EXCEPTION, bytes(t.getException()));
            headers.add(DeadLetters.HEADER_MESSAGE, bytes(t.getReason()));
            headers.add(DeadLetters.HEADER_TOPIC, bytes(t.getStore()));
            headers.add(DeadLetters.HEADER_PARTITION, bytes(String.valueOf(context.taskId().partition())));
            String line = t.getTimer() + " timer of " + t.getSubject().replace('\u0000', '/') + " due " + Instant.ofEpochMilli(t.getDueAt())
                    + " set aside after " + t.getTries() + " failed tries: " + t.getException() + ": " + t.getReason();
            context.forward(new Record<>(bytes(t.getSubject()), bytes(line), record.timestamp(), headers));
        } else {
            throw new IllegalArgumentException("no dead letter is made of a " + record.value().getClass().getSimpleName());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
