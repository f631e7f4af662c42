package com.schoolops.sla.metrics;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.api.ProcessorContext;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The application's own metrics of one task, as Kafka Streams sensors: they sit with Kafka's metrics (JMX, and
 * {@code /metrics} through Micrometer's Kafka Streams binder, as {@code kafka_sla_<name>...}), are created on first use
 * and leave with the task. A counter counts since the task started on this instance; Prometheus' {@code increase()}
 * reads it across restarts and moves. Every metric of one name carries the same tag keys. A caller whose tags do not
 * change takes its sensor once and records on it; one whose tags vary ({@link #count}) finds it by name and tags.
 */
public final class TaskCounters {
    /** The metric group of every application metric. */
    public static final String GROUP = "sla";

    private final StreamsMetrics metrics;
    private final String taskId;
    private final Map<String, Sensor> sensors = new HashMap<>();

    public TaskCounters(ProcessorContext<?, ?> context) {
        this.metrics = context.metrics();
        this.taskId = context.taskId().toString();
    }

    /** Counts one of {@code name} ({@code name-total}), tagged with {@code tags} as key, value pairs. */
    public void count(String name, String description, String... tags) {
        counter(name, description, tags).record();
    }

    /** The counter {@code name-total}: record one on it per event. */
    public Sensor counter(String name, String description, String... tags) {
        return sensor(name, tags, (sensor, tagMap) ->
                sensor.add(new MetricName(name + "-total", GROUP, description, tagMap), new CumulativeCount()));
    }

    /**
     * Values of {@code name}: how many ({@code name-total}), their mean and most over the last 30 s
     * ({@code name-avg-<unit>}, {@code name-max-<unit>}). Record each value on it.
     */
    public Sensor measure(String name, String description, String unit, String... tags) {
        return sensor(name, tags, (sensor, tagMap) -> {
            sensor.add(new MetricName(name + "-total", GROUP, description, tagMap), new CumulativeCount());
            sensor.add(new MetricName(name + "-avg-" + unit, GROUP, description + " (mean, last 30 s)", tagMap), new Avg());
            sensor.add(new MetricName(name + "-max-" + unit, GROUP, description + " (most, last 30 s)", tagMap), new Max());
        });
    }

    /** The gauge {@code name}: what it reads is the last value recorded on it. */
    public Sensor gauge(String name, String description, String... tags) {
        return sensor(name, tags, (sensor, tagMap) -> sensor.add(new MetricName(name, GROUP, description, tagMap), new Value()));
    }

    /** The sensor of {@code name} and these tags, made with its metrics on first use. */
    private Sensor sensor(String name, String[] tags, BiConsumer<Sensor, Map<String, String>> metricsOf) {
        String key = name + '\u0000' + String.join("\u0000", tags);
        Sensor sensor = sensors.get(key);
        if (sensor == null) {
            Map<String, String> tagMap = new LinkedHashMap<>();
            tagMap.put("task-id", taskId);
            for (int i = 0; i + 1 < tags.length; i += 2) {
                tagMap.put(tags[i], tags[i + 1]);
            }
            sensor = metrics.addSensor(GROUP + "." + Thread.currentThread().getName() + "." + taskId + "." + key, Sensor.RecordingLevel.INFO);
            metricsOf.accept(sensor, tagMap);
            sensors.put(key, sensor);
        }
        return sensor;
    }

    /** Removes this task's sensors (the processor closes: the task was revoked, or the instance stops). */
    public void close() {
        sensors.values().forEach(metrics::removeSensor);
        sensors.clear();
    }
}
