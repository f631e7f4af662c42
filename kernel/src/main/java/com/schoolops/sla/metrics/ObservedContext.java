package com.schoolops.sla.metrics;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.io.File;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A processor's own context, watched: each record it forwards is shown to {@code onForward} first, and each punctuator
 * it schedules is passed through {@code punctuators} (to time it). {@code counters}, the task's application counters
 * (null when nobody counts), are there for what the processor counts itself (see {@link #countersOf}). Everything
 * else is the context's.
 */
public record ObservedContext<K, V>(ProcessorContext<K, V> inner, Consumer<Record<?, ?>> onForward,
                                    UnaryOperator<Punctuator> punctuators, TaskCounters counters) implements ProcessorContext<K, V> {

    /** The counters of a processor's context when it is observed, or null. */
    public static TaskCounters countersOf(ProcessorContext<?, ?> context) {
        return context instanceof ObservedContext<?, ?> observed ? observed.counters() : null;
    }

    @Override
    public Cancellable schedule(Duration interval, PunctuationType type, Punctuator callback) {
        return inner.schedule(interval, type, punctuators.apply(callback));
    }

    @Override
    public Cancellable schedule(java.time.Instant startTime, Duration interval, PunctuationType type, Punctuator callback) {
        return inner.schedule(startTime, interval, type, punctuators.apply(callback));
    }

    @Override
    public <K1 extends K, V1 extends V> void forward(Record<K1, V1> record) {
        onForward.accept(record);
        inner.forward(record);
    }

    @Override
    public <K1 extends K, V1 extends V> void forward(Record<K1, V1> record, String childName) {
        onForward.accept(record);
        inner.forward(record, childName);
    }

    @Override
    public String applicationId() {
        return inner.applicationId();
    }

    @Override
    public TaskId taskId() {
        return inner.taskId();
    }

    @Override
    public Optional<RecordMetadata> recordMetadata() {
        return inner.recordMetadata();
    }

    @Override
    public Serde<?> keySerde() {
        return inner.keySerde();
    }

    @Override
    public Serde<?> valueSerde() {
        return inner.valueSerde();
    }

    @Override
    public File stateDir() {
        return inner.stateDir();
    }

    @Override
    public StreamsMetrics metrics() {
        return inner.metrics();
    }

    @Override
    public <S extends StateStore> S getStateStore(String name) {
        return inner.getStateStore(name);
    }

    @Override
    public void commit() {
        inner.commit();
    }

    @Override
    public Map<String, Object> appConfigs() {
        return inner.appConfigs();
    }

    @Override
    public Map<String, Object> appConfigsWithPrefix(String prefix) {
        return inner.appConfigsWithPrefix(prefix);
    }

    @Override
    public long currentSystemTimeMs() {
        return inner.currentSystemTimeMs();
    }

    @Override
    public long currentStreamTimeMs() {
        return inner.currentStreamTimeMs();
    }
}
