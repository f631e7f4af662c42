package com.schoolops.sla.timers;

import com.schoolops.sla.metrics.ObservedContext;
import com.schoolops.sla.metrics.TaskCounters;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.function.DoubleConsumer;

/**
 * One task's view of its {@link InputWatermark}: the instant up to which it may give verdicts now, and one log line
 * when verdicts start waiting for input and one when they resume (not a line per tick).
 */
public final class TaskWatermark {
    private static final Logger log = LoggerFactory.getLogger(TaskWatermark.class);
    private final InputWatermark source;
    private final TaskId task;
    private final long toleranceMs;
    private final boolean announce;
    /** Whether the input was behind at the last look: runtime bookkeeping for the log, not state. */
    private boolean waiting;
    /** Told how far behind the wall clock the input is at each look, in seconds (NaN while not known): a metric. */
    private DoubleConsumer lag = seconds -> { };

    /**
     * @param toleranceMs how far behind the wall clock the input may be before the wait is worth a log line
     * @param announce    whether this task's waits are logged (one processor per task says it)
     */
    public TaskWatermark(InputWatermark source, TaskId task, long toleranceMs, boolean announce) {
        this.source = source;
        this.task = task;
        this.toleranceMs = toleranceMs;
        this.announce = announce;
    }

    /**
     * Shows this task's input lag as the gauge {@code kafka_sla_input_lag_seconds{task_id}} when the owner's context
     * is observed ({@link ObservedContext}) and this is the processor that speaks for the task.
     */
    public TaskWatermark observedBy(ProcessorContext<?, ?> context) {
        TaskCounters counters = ObservedContext.countersOf(context);
        if (counters != null && announce) {
            lag = counters.gauge("input-lag-seconds",
                    "how far behind the wall clock this task's input is read: its verdicts due later wait (NaN: not known yet)")::record;
        }
        return this;
    }

    /** Whether the application runs live, in transactions ({@link InputWatermark#live}). */
    public boolean live() {
        return source.live();
    }

    /** The instant up to which every input of this task has been read, never after {@code now}. */
    public long readUpTo(long now) {
        long upTo = Math.min(now, source.readUpTo(now));
        boolean behind = upTo == Long.MIN_VALUE || now - upTo > toleranceMs;
        if (announce && behind && !waiting) {
            if (upTo == Long.MIN_VALUE) {
                log.info("Task {}: its input is not known to be read yet (starting, restoring, or an input partition whose task "
                        + "is not running): verdicts wait for it", task);
            } else {
                log.info("Task {}: its input is read up to {}, {} s behind the wall clock: verdicts due since then wait for it",
                        task, Instant.ofEpochMilli(upTo), (now - upTo) / 1000);
            }
        } else if (announce && !behind && waiting) {
            log.info("Task {}: its input is current again: verdicts resume, on what was read", task);
        }
        waiting = behind;
        lag.accept(upTo == Long.MIN_VALUE ? Double.NaN : (now - upTo) / 1000.0);
        return upTo;
    }
}
