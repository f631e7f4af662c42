package com.schoolops.sla.deadletter;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Writes what a site stage refuses or sets aside ({@link DeadLetter}) as dead letters as a reader expects them. */
public final class DeadLetterWriter implements Processor<String, DeadLetter, byte[], byte[]> {
    private final DeadLetter.Originals originals;
    private ProcessorContext<byte[], byte[]> context;

    public DeadLetterWriter(DeadLetter.Originals originals) {
        this.originals = originals;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, DeadLetter> record) {
        DeadLetter.Written letter = record.value().written(originals, context.taskId().partition());
        context.forward(new Record<>(letter.key(), letter.value(), record.timestamp(), letter.headers()));
    }
}
