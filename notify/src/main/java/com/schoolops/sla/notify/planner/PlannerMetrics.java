package com.schoolops.sla.notify.planner;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * What the planner chose not to send, on notify's {@code /metrics} from 0: {@code sla_notify_skipped_total{reason}}
 * ({@code stale}: published before {@code notify.max-age}; {@code answered}: answered before anyone was told).
 */
public final class PlannerMetrics {
    private final Counter stale;
    private final Counter answered;
    private final MeterRegistry registry;

    public PlannerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.stale = skipped("stale");
        this.answered = skipped("answered");
    }

    /** Counts into nothing: for a topology built without notify's registry (tests, tools). */
    public static PlannerMetrics unregistered() {
        return new PlannerMetrics(new SimpleMeterRegistry());
    }

    private Counter skipped(String reason) {
        return Counter.builder("sla_notify_skipped").tag("reason", reason)
                .description("escalations the planner did not send: stale (older than notify.max-age) or answered before anyone was told")
                .register(registry);
    }

    void skippedStale() {
        stale.increment();
    }

    void skippedAnswered() {
        answered.increment();
    }
}
