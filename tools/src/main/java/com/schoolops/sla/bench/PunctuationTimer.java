package com.schoolops.sla.bench;

import com.schoolops.sla.metrics.ObservedContext;
import com.schoolops.sla.state.ReadMark;
import com.schoolops.sla.state.SiteEvent;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.ProcessorWrapper;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.WrappedFixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.WrappedProcessorSupplier;

import java.util.concurrent.atomic.LongAdder;

/**
 * A benchmark probe, set as {@code processor.wrapper.class}: it times the work of a tick in the topology it wraps:
 * every punctuation, and the processing of each read mark, on which the site stages judge what fell due (the
 * liveness stage's tick finds the silences; the sites judge them when its marks arrive).
 * TopologyTestDriver's own latency metrics read its mock clock (always 0), and timing the whole wall-clock advance
 * would add the driver's commit, which flushes RocksDB. Kafka Streams instantiates the wrapper by class name, so
 * the total is a static; only the tick benchmark reads it, on one thread.
 */
public final class PunctuationTimer implements ProcessorWrapper {
    static final LongAdder NANOS = new LongAdder();
    /** The processor a read mark reaches after the repartition: the site task, whose stages all run inside it. */
    private static final String SITE_STAGE = "site-task";

    @Override
    public <KIn, VIn, KOut, VOut> WrappedProcessorSupplier<KIn, VIn, KOut, VOut> wrapProcessorSupplier(
            String processorName, ProcessorSupplier<KIn, VIn, KOut, VOut> supplier) {
        return ProcessorWrapper.asWrapped(new ProcessorSupplier<>() {
            @Override
            public Processor<KIn, VIn, KOut, VOut> get() {
                Processor<KIn, VIn, KOut, VOut> inner = supplier.get();
                return new Processor<>() {
                    @Override
                    public void init(ProcessorContext<KOut, VOut> context) {
                        inner.init(new ObservedContext<>(context, record -> { }, PunctuationTimer::timed, null));
                    }

                    @Override
                    public void process(Record<KIn, VIn> record) {
                        if (!(record.value() instanceof SiteEvent e && e.getEvent() instanceof ReadMark)) {
                            inner.process(record);
                            return;
                        }
                        long start = System.nanoTime();
                        try {
                            inner.process(record);
                        } finally {
                            if (processorName.equals(SITE_STAGE)) {
                                NANOS.add(System.nanoTime() - start); // every site stage runs inside it
                            }
                        }
                    }

                    @Override
                    public void close() {
                        inner.close();
                    }
                };
            }

            @Override
            public java.util.Set<org.apache.kafka.streams.state.StoreBuilder<?>> stores() {
                return supplier.stores();
            }
        });
    }

    @Override
    public <KIn, VIn, VOut> WrappedFixedKeyProcessorSupplier<KIn, VIn, VOut> wrapFixedKeyProcessorSupplier(
            String processorName, FixedKeyProcessorSupplier<KIn, VIn, VOut> supplier) {
        return ProcessorWrapper.asWrappedFixedKey(supplier); // no punctuations in the fixed-key processors
    }

    private static Punctuator timed(Punctuator callback) {
        return timestamp -> {
            long start = System.nanoTime();
            try {
                callback.punctuate(timestamp);
            } finally {
                NANOS.add(System.nanoTime() - start);
            }
        };
    }
}
