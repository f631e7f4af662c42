package com.schoolops.sla.notify.planner;

import com.schoolops.sla.deadletter.DeadLetterDeserializationHandler;
import com.schoolops.sla.deadletter.DeadLetters;

/**
 * notify's planner meets an unreadable record. notify reads only the engine's outputs (escalations, outages, ticket
 * status changes), which nobody else dead-letters for it: it dead-letters them itself, signed
 * {@code __sla.deployable: notify}, so one bad record is one dead letter that says who wrote it.
 */
public final class NotifyDeserializationHandler extends DeadLetterDeserializationHandler {
    @Override
    protected String deployable() {
        return DeadLetters.NOTIFY;
    }
}
