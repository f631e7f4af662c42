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

/**
 * The application's own counters of one task, as Kafka Streams sensors: they sit with Kafka's metrics (JMX, and
 * {@code /metrics} through Micrometer's Kafka Streams binder, as {@code kafka_sla_<name>_total}), are created on first use and
 * leave with the task. A counter counts since the task started on this instance; Prometheus' {@code increase()} reads it
 * across restarts and moves. Every counter of one name carries the same tag keys.
 */
public final class TaskCounters {
    /** The metric group of every application counter. */
    public static final String GROUP = "sla";

    private final StreamsMetrics metrics;
    private final String taskId;
    private final Map<String, Sensor> sensors = new HashMap<>();

    public TaskCounters(ProcessorContext<?, ?> context) {
        this(context.metrics(), context.taskId().toString());
    }

    public TaskCounters(StreamsMetrics metrics, String taskId) {
        this.metrics = metrics;
        this.taskId = taskId;
    }

    /** Counts one of {@code name}, tagged with {@code tags} as key, value pairs. */
    public void count(String name, String description, String... tags) {
        sensor(name, description, tags).record(1.0);
    }

    /** Records one duration of {@code name}: its count ({@code name-total}), mean and most ({@code name-avg-ms}, {@code name-max-ms}). */
    public void time(String name, String description, long nanos, String... tags) {
        measure(name, description, "ms", nanos / 1e6, tags);
    }

    /** Records one value of {@code name}: its count ({@code name-total}), mean and most ({@code name-avg-<unit>}, {@code name-max-<unit>}). */
    public void measure(String name, String description, String unit, double value, String... tags) {
        sensor(name, description, unit, tags).record(value);
    }

    /** Sets the gauge {@code name} to {@code value} (its last value is what is read). */
    public void set(String name, String description, double value, String... tags) {
        Sensor sensor = sensors.get(name);
        if (sensor == null) {
            sensor = metrics.addSensor(GROUP + "." + Thread.currentThread().getName() + "." + taskId + "." + name, Sensor.RecordingLevel.INFO);
            sensor.add(new MetricName(name, GROUP, description, tagMap(tags)), new Value());
            sensors.put(name, sensor);
        }
        sensor.record(value);
    }

    private Sensor sensor(String name, String description, String... tags) {
        return sensor(name, description, null, tags);
    }

    /** The sensor of {@code name} and these tags; with a {@code unit}, its mean and most too. */
    private Sensor sensor(String name, String description, String unit, String... tags) {
        String key = name + String.join("\u0000", tags);
        Sensor sensor = sensors.get(key);
        if (sensor == null) {
            Map<String, String> tagMap = tagMap(tags);
            sensor = metrics.addSensor(GROUP + "." + Thread.currentThread().getName() + "." + taskId + "." + key,
                    Sensor.RecordingLevel.INFO);
            sensor.add(new MetricName(name + "-total", GROUP, description, tagMap), new CumulativeCount());
            if (unit != null) {
                sensor.add(new MetricName(name + "-avg-" + unit, GROUP, description + " (mean, last 30 s)", tagMap), new Avg());
                sensor.add(new MetricName(name + "-max-" + unit, GROUP, description + " (most, last 30 s)", tagMap), new Max());
            }
            sensors.put(key, sensor);
        }
        return sensor;
    }

    private Map<String, String> tagMap(String... tags) {
        Map<String, String> tagMap = new LinkedHashMap<>();
        tagMap.put("task-id", taskId);
        for (int i = 0; i + 1 < tags.length; i += 2) {
            tagMap.put(tags[i], tags[i + 1]);
        }
        return tagMap;
    }

    /** Removes this task's sensors (the processor closes: the task was revoked, or the instance stops). */
    public void close() {
        sensors.values().forEach(metrics::removeSensor);
        sensors.clear();
    }
}
