package com.schoolops.sla.deadletter;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * A record the topology rejects ({@link InvalidInputException}) or fails on goes to dead-letters with the
 * original bytes it was read from and the reason; processing goes on. A rejection is logged in one line; an
 * unexpected failure with its stack trace, since it is a bug to fix.
 */
public class DeadLetterProcessingHandler implements ProcessingExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);
    private String deadLetterTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetterTopic = DeadLetters.topicFrom(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        Throwable reason = DeadLetters.rootOf(exception);
        if (record == null) {
            // A failure in a punctuation: there is no input record to set aside. The timer's work is retried on
            // the next tick (its index entries were not committed), so this must be fixed, not skipped.
            log.error("Processor {} failed in a punctuation of task {}", context.processorNodeId(), context.taskId(), exception);
            return Response.resume();
        }
        if (reason instanceof InvalidInputException) {
            log.warn("Rejected record from {}-{} at offset {} (key {}), sent to {}: {}", context.topic(), context.partition(),
                    context.offset(), record.key(), deadLetterTopic, reason.getMessage());
        } else {
            log.error("Processor {} failed on a record from {}-{} at offset {} (key {}); it was sent to {}",
                    context.processorNodeId(), context.topic(), context.partition(), context.offset(), record.key(),
                    deadLetterTopic, exception);
        }
        return Response.resume(DeadLetters.of(deployable(), deadLetterTopic, context.sourceRawKey(), context.sourceRawValue(), context, exception));
    }

    /** The deployable whose dead letters these are (their {@link DeadLetters#HEADER_DEPLOYABLE}). */
    protected String deployable() {
        return DeadLetters.RUN;
    }
}
