package com.schoolops.sla.deadletter;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Writes what a stage refuses or sets aside ({@link DeadLetter}) as dead letters as a reader expects them, signed by its deployable. */
public final class DeadLetterWriter implements Processor<String, DeadLetter, byte[], byte[]> {
    private final String deployable;
    private final DeadLetter.Originals originals;
    private ProcessorContext<byte[], byte[]> context;

    /** The engine's ({@link DeadLetters#RUN}). */
    public DeadLetterWriter(DeadLetter.Originals originals) {
        this(DeadLetters.RUN, originals);
    }

    /** A deployable that refuses no input (notify: its letters are set-aside timers). */
    public DeadLetterWriter(String deployable) {
        this(deployable, DeadLetter.Originals.NONE);
    }

    public DeadLetterWriter(String deployable, DeadLetter.Originals originals) {
        this.deployable = deployable;
        this.originals = originals;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, DeadLetter> record) {
        DeadLetter.Written letter = record.value().written(originals, context.taskId().partition(), deployable);
        context.forward(new Record<>(letter.key(), letter.value(), record.timestamp(), letter.headers()));
    }
}
