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
 * histogram ({@code _bucket{le}}, {@code _count}, {@code _sum}). The receiver's rate limit:
 * {@code sla_notification_rate_limited_total{receiver,by}} (messages held by notify's own window, {@code by="notify"}, or
 * answered "too fast" by the receiver, {@code by="receiver"}) and {@code sla_notification_rate_limit_wait_seconds_total{receiver}}
 * (the time messages waited for it).
 */
public final class DeliveryMetrics {
    /** From a robot's usual answer to a receiver retried for minutes (notify.retry.*). */
    private static final Duration[] LATENCY_BUCKETS = Stream.of(100L, 250L, 500L, 1_000L, 2_500L, 5_000L, 10_000L, 30_000L, 60_000L, 300_000L, 900_000L)
            .map(Duration::ofMillis).toArray(Duration[]::new);

    private final Counter delivered;
    private final Counter retried;
    private final Counter deadLettered;
    private final Timer latency;
    private final Counter heldByWindow;
    private final Counter refusedAsTooFast;
    private final Counter waitedForLimit;
    private final AtomicInteger queue = new AtomicInteger();

    public DeliveryMetrics(MeterRegistry registry, String receiver) {
        this.delivered = outcome(registry, receiver, "delivered");
        this.retried = outcome(registry, receiver, "retried");
        this.deadLettered = outcome(registry, receiver, "dead_lettered");
        // Buckets, not client-side percentiles: Prometheus sums them over instances and any window (histogram_quantile),
        // where Micrometer's decaying percentiles read 0.0 a couple of minutes after a burst.
        this.latency = Timer.builder("sla_notification_delivery_latency").tag("receiver", receiver)
                .description("from the decision to send to the receiver taking it").serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        this.heldByWindow = limited(registry, receiver, "notify");
        this.refusedAsTooFast = limited(registry, receiver, "receiver");
        this.waitedForLimit = Counter.builder("sla_notification_rate_limit_wait_seconds").tag("receiver", receiver).baseUnit("seconds")
                .description("time messages waited for the receiver's rate limit (its window, or its own \"too fast\")").register(registry);
        Gauge.builder("sla_notification_queue", queue, AtomicInteger::get).tag("receiver", receiver)
                .description("messages fetched for this receiver and not yet delivered").register(registry);
    }

    private static Counter outcome(MeterRegistry registry, String receiver, String outcome) {
        return Counter.builder("sla_notifications").tag("receiver", receiver).tag("outcome", outcome)
                .description("notifications by receiver and how their delivery went").register(registry);
    }

    private static Counter limited(MeterRegistry registry, String receiver, String by) {
        return Counter.builder("sla_notification_rate_limited").tag("receiver", receiver).tag("by", by)
                .description("messages held for the receiver's rate limit: by notify's own window, or after the receiver said too fast")
                .register(registry);
    }

    void heldByWindow() {
        heldByWindow.increment();
    }

    void refusedAsTooFast() {
        refusedAsTooFast.increment();
    }

    void waitedForLimit(Duration waited) {
        waitedForLimit.increment(waited.toMillis() / 1000.0);
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
