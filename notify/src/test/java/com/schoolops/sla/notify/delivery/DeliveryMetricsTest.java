package com.schoolops.sla.notify.delivery;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The delivery latency as Prometheus reads it: buckets it can sum over instances and over time, not a decaying p99. */
class DeliveryMetricsTest {
    @Test
    void theLatencyIsAHistogramWhoseBucketsKeepABurstAfterItIsOver() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DeliveryMetrics metrics = new DeliveryMetrics(registry, "noc");
        for (int i = 0; i < 50; i++) {
            metrics.delivered(Duration.ofMillis(700));
        }
        String scrape = registry.scrape();
        assertTrue(scrape.contains("sla_notification_delivery_latency_seconds_bucket{receiver=\"noc\",le=\"1.0\"} 50"), scrape);
        assertTrue(scrape.contains("sla_notification_delivery_latency_seconds_bucket{receiver=\"noc\",le=\"0.5\"} 0"), scrape);
        assertFalse(scrape.contains("quantile="), "no client-side percentiles that decay to 0.0 after a burst: " + scrape);
    }
}
