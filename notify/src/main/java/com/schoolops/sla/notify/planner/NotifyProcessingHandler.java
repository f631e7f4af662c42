package com.schoolops.sla.notify.planner;

import com.schoolops.sla.deadletter.DeadLetterProcessingHandler;
import com.schoolops.sla.deadletter.DeadLetters;

/** The engine's handling of a record the planner fails on (to dead-letters, processing goes on), signed as notify's. */
public final class NotifyProcessingHandler extends DeadLetterProcessingHandler {
    @Override
    protected String deployable() {
        return DeadLetters.NOTIFY;
    }
}
