package com.schoolops.sla.notify.planner;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * What the planner chose not to send, and what of the engine's input it could not read, on notify's {@code /metrics}
 * from 0: {@code sla_notify_skipped_total{reason}} ({@code stale}: published before {@code notify.max-age};
 * {@code answered}: answered before anyone was told) and {@code sla_notify_unreadable_input_total{topic}}.
 */
public final class PlannerMetrics {
    /** The key under which notify hands this object to its Kafka Streams handlers (they are made by Kafka Streams). */
    public static final String CONFIG = "sla.notify.planner-metrics";

    private final Counter stale;
    private final Counter answered;
    private final MeterRegistry registry;

    public PlannerMetrics(MeterRegistry registry, String ticketsTopic) {
        this.registry = registry;
        this.stale = skipped("stale");
        this.answered = skipped("answered");
        unreadable(ticketsTopic); // there from 0
    }

    /** Counts into nothing: for a topology built without notify's registry (tests, tools). */
    public static PlannerMetrics unregistered() {
        return new PlannerMetrics(new SimpleMeterRegistry(), "fault-tickets");
    }

    private Counter skipped(String reason) {
        return Counter.builder("sla_notify_skipped").tag("reason", reason)
                .description("escalations the planner did not send: stale (older than notify.max-age) or answered before anyone was told")
                .register(registry);
    }

    Counter unreadable(String topic) {
        return Counter.builder("sla_notify_unreadable_input").tag("topic", topic)
                .description("records of the engine's input topics notify could not read (the engine dead-letters them)").register(registry);
    }

    void skippedStale() {
        stale.increment();
    }

    void skippedAnswered() {
        answered.increment();
    }
}
