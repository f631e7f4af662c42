package com.schoolops.sla.notify.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * What an operator watches of one receiver: {@code sla_notifications_total{receiver,outcome}} (delivered, retried,
 * dead_lettered), {@code sla_notification_queue{receiver}} (messages held, not yet delivered) and
 * {@code sla_notification_delivery_latency_seconds{receiver}} (from when notify decided to send to the receiver's yes), a
 * histogram ({@code _bucket{le}}, {@code _count}, {@code _sum}).
 */
public final class DeliveryMetrics {
    /** From a robot's usual answer to a receiver retried for minutes (notify.retry.*). */
    private static final Duration[] LATENCY_BUCKETS = Stream.of(100L, 250L, 500L, 1_000L, 2_500L, 5_000L, 10_000L, 30_000L, 60_000L, 300_000L, 900_000L)
            .map(Duration::ofMillis).toArray(Duration[]::new);

    private final Counter delivered;
    private final Counter retried;
    private final Counter deadLettered;
    private final Timer latency;
    private final AtomicInteger queue = new AtomicInteger();

    public DeliveryMetrics(MeterRegistry registry, String receiver) {
        this.delivered = outcome(registry, receiver, "delivered");
        this.retried = outcome(registry, receiver, "retried");
        this.deadLettered = outcome(registry, receiver, "dead_lettered");
        // Buckets, not client-side percentiles: Prometheus sums them over instances and any window (histogram_quantile),
        // where Micrometer's decaying percentiles read 0.0 a couple of minutes after a burst.
        this.latency = Timer.builder("sla_notification_delivery_latency").tag("receiver", receiver)
                .description("from the decision to send to the receiver taking it").serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        Gauge.builder("sla_notification_queue", queue, AtomicInteger::get).tag("receiver", receiver)
                .description("messages fetched for this receiver and not yet delivered").register(registry);
    }

    private static Counter outcome(MeterRegistry registry, String receiver, String outcome) {
        return Counter.builder("sla_notifications").tag("receiver", receiver).tag("outcome", outcome)
                .description("notifications by receiver and how their delivery went").register(registry);
    }

    void delivered(Duration sincePlanned) {
        delivered.increment();
        latency.record(sincePlanned.isNegative() ? Duration.ZERO : sincePlanned);
    }

    void retried() {
        retried.increment();
    }

    void deadLettered() {
        deadLettered.increment();
    }

    void queued(int held) {
        queue.set(held);
    }
}
