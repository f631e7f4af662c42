package com.schoolops.sla.serde;

import org.apache.kafka.common.errors.SerializationException;

/** A registry call failed; the message says which call, where, and what the registry answered. */
public class SchemaRegistryException extends SerializationException {
    public SchemaRegistryException(String message) {
        super(message);
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
