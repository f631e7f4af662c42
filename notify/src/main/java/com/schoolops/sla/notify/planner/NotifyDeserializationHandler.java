package com.schoolops.sla.notify.planner;

import com.schoolops.sla.deadletter.DeadLetterDeserializationHandler;
import com.schoolops.sla.deadletter.DeadLetters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;

/**
 * notify's planner meets an unreadable record. The engine owns its input topics ({@code fault-tickets}): it
 * dead-letters what it cannot read there, so notify only logs it and counts it (one bad ticket, one dead letter).
 * What notify alone reads (the engine's outputs) it dead-letters itself, signed {@code __sla.deployable: notify}.
 */
public final class NotifyDeserializationHandler extends DeadLetterDeserializationHandler {
    /** The engine's input topics notify reads, comma-separated (set by NotifyApplication). */
    public static final String ENGINE_INPUTS = "sla.notify.engine-inputs";
    private static final Logger log = LoggerFactory.getLogger(NotifyDeserializationHandler.class);

    private Set<String> engineInputs = Set.of();
    private PlannerMetrics metrics = PlannerMetrics.unregistered();

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        Object inputs = configs.get(ENGINE_INPUTS);
        engineInputs = inputs == null ? Set.of() : Set.of(inputs.toString().split(","));
        if (configs.get(PlannerMetrics.CONFIG) instanceof PlannerMetrics m) {
            metrics = m;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (!engineInputs.contains(context.topic())) {
            return super.handleError(context, record, exception);
        }
        log.warn("Unreadable record on {}-{} at offset {} skipped (the engine dead-letters its own input): {}", context.topic(),
                context.partition(), context.offset(), DeadLetters.rootOf(exception).getMessage());
        metrics.unreadable(context.topic()).increment();
        return Response.resume();
    }

    @Override
    protected String deployable() {
        return DeadLetters.NOTIFY;
    }
}
