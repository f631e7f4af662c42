package com.schoolops.sla.metrics;

import com.schoolops.sla.avro.Escalation;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.ProcessorWrapper;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.WrappedFixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.WrappedProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

import java.util.Set;

/**
 * The application's own metrics of its topology, set as Kafka Streams' {@code processor.wrapper.class}: every processor
 * is watched, not changed. Counted per task: the escalations each stage publishes (by type and tier), the records it
 * sets aside on {@code dead-letters} (by kind), and the time of each of its punctuations (its tick).
 */
public final class ObservedProcessors implements ProcessorWrapper {
    @Override
    public <KIn, VIn, KOut, VOut> WrappedProcessorSupplier<KIn, VIn, KOut, VOut> wrapProcessorSupplier(
            String processorName, ProcessorSupplier<KIn, VIn, KOut, VOut> supplier) {
        return ProcessorWrapper.asWrapped(new ProcessorSupplier<>() {
            @Override
            public Processor<KIn, VIn, KOut, VOut> get() {
                return new Observed<>(processorName, supplier.get());
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return supplier.stores();
            }
        });
    }

    @Override
    public <KIn, VIn, VOut> WrappedFixedKeyProcessorSupplier<KIn, VIn, VOut> wrapFixedKeyProcessorSupplier(
            String processorName, FixedKeyProcessorSupplier<KIn, VIn, VOut> supplier) {
        return ProcessorWrapper.asWrappedFixedKey(supplier); // the fixed-key processors neither escalate nor tick
    }

    private static final class Observed<KIn, VIn, KOut, VOut> implements Processor<KIn, VIn, KOut, VOut> {
        private final String name;
        private final Processor<KIn, VIn, KOut, VOut> inner;
        private TaskCounters counters;
        private Sensor ticks;

        Observed(String name, Processor<KIn, VIn, KOut, VOut> inner) {
            this.name = name;
            this.inner = inner;
        }

        @Override
        public void init(ProcessorContext<KOut, VOut> context) {
            counters = new TaskCounters(context);
            ticks = counters.measure("punctuation", "punctuations (ticks) of a stage, and their time", "ms", "processor", name);
            CountedDeadLetter.KINDS.forEach(this::deadLetters); // there at 0 before the first
            inner.init(new ObservedContext<>(context, this::forwarded, this::timed, counters));
        }

        @Override
        public void process(Record<KIn, VIn> record) {
            inner.process(record);
        }

        @Override
        public void close() {
            inner.close();
            counters.close();
        }

        private void forwarded(Record<?, ?> record) {
            Object value = record.value();
            if (value instanceof Escalation e) {
                counters.count("escalations", "escalations published", "escalation-type", e.getType().name(), "tier", String.valueOf(e.getTier()));
            } else if (value instanceof CountedDeadLetter letter) {
                deadLetters(letter.kind()).record();
            }
        }

        private Sensor deadLetters(String kind) {
            return counters.counter("dead-letters", "records set aside on dead-letters by a stage", "kind", kind);
        }

        private Punctuator timed(Punctuator punctuator) {
            return timestamp -> {
                long start = System.nanoTime();
                try {
                    punctuator.punctuate(timestamp);
                } finally {
                    ticks.record((System.nanoTime() - start) / 1e6);
                }
            };
        }
    }
}
