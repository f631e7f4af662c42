package com.schoolops.sla.deadletter;

/**
 * An input record that is well-formed Avro but cannot be accepted (a missing required field, an impossible
 * value). Thrown before any state is touched; the processing exception handler sends the original record to
 * dead-letters with this message as the reason, and processing goes on.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String reason) {
        super(reason, null, false, false);
    }
}
