package com.schoolops.sla.deadletter;

import com.schoolops.sla.avro.TicketEvent;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Writes what a stage refuses or sets aside ({@link DeadLetter}) as dead letters as a reader expects them, signed by its deployable. */
public final class DeadLetterWriter implements Processor<String, DeadLetter, byte[], byte[]> {
    private final String deployable;
    private final Serializer<TicketEvent> ticketSerializer;
    private ProcessorContext<byte[], byte[]> context;

    /** The engine's ({@link DeadLetters#RUN}). */
    public DeadLetterWriter(Serializer<TicketEvent> ticketSerializer) {
        this(DeadLetters.RUN, ticketSerializer);
    }

    /** A deployable that refuses no ticket event (notify: its letters are set-aside timers). */
    public DeadLetterWriter(String deployable) {
        this(deployable, (topic, ticket) -> {
            throw new IllegalStateException(deployable + " refuses no ticket event");
        });
    }

    public DeadLetterWriter(String deployable, Serializer<TicketEvent> ticketSerializer) {
        this.deployable = deployable;
        this.ticketSerializer = ticketSerializer;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, DeadLetter> record) {
        DeadLetter.Written letter = record.value().written(ticketSerializer, context.taskId().partition(), deployable);
        context.forward(new Record<>(letter.key(), letter.value(), record.timestamp(), letter.headers()));
    }
}
