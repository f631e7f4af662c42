package com.schoolops.sla.serde;

/**
 * The registry did not answer (unreachable, timed out, or answered 5xx/408/429): a transient fault to wait out,
 * never a reason to dead-letter a record. Any other {@link SchemaRegistryException} is the registry's answer about
 * the schema itself (an id it does not have, a schema it refuses).
 */
public class SchemaRegistryUnavailableException extends SchemaRegistryException {
    public SchemaRegistryUnavailableException(String message) {
        super(message);
    }

    public SchemaRegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
