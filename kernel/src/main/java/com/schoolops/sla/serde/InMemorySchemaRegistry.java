package com.schoolops.sla.serde;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A registry inside the JVM, for the embedded default and tests.
 *
 * <p>Ids are derived from the schema's canonical-form fingerprint instead of a counter, so two processes
 * (the application and {@code tail}, or an instance restarted on kept broker data) give the same schema the
 * same id and can read each other's records, as long as each knows the schema ({@link #preload}).
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {
    private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, Schema>> bySubject = new ConcurrentHashMap<>();

    public static InMemorySchemaRegistry withKnownSchemas() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        KnownSchemas.all().forEach(registry::preload);
        return registry;
    }

    /** Makes a schema resolvable by id without registering it under a subject. */
    public int preload(Schema schema) {
        int id = idOf(schema);
        Schema previous = byId.putIfAbsent(id, schema);
        if (previous != null && !SchemaNormalization.toParsingForm(previous).equals(SchemaNormalization.toParsingForm(schema))) {
            throw new SchemaRegistryException("fingerprint collision between " + previous.getFullName() + " and " + schema.getFullName());
        }
        return id;
    }

    @Override
    public int register(String subject, Schema schema) {
        int id = preload(schema);
        bySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema schema = byId.get(id);
        if (schema == null) {
            throw new SchemaRegistryException("unknown schema id " + id + " (not registered in this in-memory registry)");
        }
        return schema;
    }

    /** In this process: it answers or it does not know, and nothing is gained by waiting. */
    @Override
    public boolean canBeUnavailable() {
        return false;
    }

    /** The subjects that have registered schemas, for tests and diagnostics. */
    public Map<String, Integer> subjectVersionCounts() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        bySubject.forEach((subject, schemas) -> counts.put(subject, schemas.size()));
        return counts;
    }

    public static int idOf(Schema schema) {
        long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        int id = (int) (fingerprint ^ (fingerprint >>> 32)) & 0x7fffffff;
        return id == 0 ? 1 : id;
    }
}
