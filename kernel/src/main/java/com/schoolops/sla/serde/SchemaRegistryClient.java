package com.schoolops.sla.serde;

import org.apache.avro.Schema;

/**
 * The two calls our serde needs from a schema registry. Implementations cache, so callers may ask per record.
 */
public interface SchemaRegistryClient {

    /** Registers {@code schema} under {@code subject} (or finds it there) and returns its global id. */
    int register(String subject, Schema schema);

    /** The schema a writer used, by the id found in a record's header. */
    Schema schemaById(int id);

    /** Whether a call can fail for a while and then succeed (a registry across the network): then input waits for it. */
    default boolean canBeUnavailable() {
        return true;
    }

    /** The calls made over the network (cache misses) and their transient failures; empty for a registry in the process. */
    default java.util.Optional<RegistryCalls> calls() {
        return java.util.Optional.empty();
    }
}
