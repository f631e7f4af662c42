package com.schoolops.sla.deadletter;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/** A record that cannot be read goes to dead-letters with its original bytes and the reason; processing goes on. */
public class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);
    private String deadLetterTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetterTopic = DeadLetters.topicFrom(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        log.warn("Unreadable record on {}-{} at offset {} sent to {}: {}", context.topic(), context.partition(), context.offset(),
                deadLetterTopic, DeadLetters.rootOf(exception).getMessage());
        return Response.resume(DeadLetters.of(deployable(), deadLetterTopic, record.key(), record.value(), context, exception));
    }

    /** The deployable whose dead letters these are (their {@link DeadLetters#HEADER_DEPLOYABLE}). */
    protected String deployable() {
        return DeadLetters.RUN;
    }
}
