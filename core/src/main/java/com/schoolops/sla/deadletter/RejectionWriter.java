package com.schoolops.sla.deadletter;

import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.state.Rejected;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.nio.charset.StandardCharsets;

/**
 * Turns an input refused at the site stage into a dead letter as a reader expects it: the original key, the
 * record as it is written on its own topic (not the internal envelope), and the reason in the standard headers.
 */
public final class RejectionWriter implements Processor<String, SpecificRecord, byte[], byte[]> {
    private final Serializer<TicketEvent> ticketSerializer;
    private ProcessorContext<byte[], byte[]> context;

    public RejectionWriter(Serializer<TicketEvent> ticketSerializer) {
        this.ticketSerializer = ticketSerializer;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        Rejected r = (Rejected) record.value(); // the only type forwarded to this node
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetters.HEADER_EXCEPTION, bytes(InvalidInputException.class.getName()));
        headers.add(DeadLetters.HEADER_MESSAGE, bytes(r.getReason()));
        headers.add(DeadLetters.HEADER_TOPIC, bytes(r.getSourceTopic()));
        byte[] key = r.getKey() == null ? null : bytes(r.getKey());
        context.forward(new Record<>(key, ticketSerializer.serialize(r.getSourceTopic(), r.getTicket()), record.timestamp(), headers));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
