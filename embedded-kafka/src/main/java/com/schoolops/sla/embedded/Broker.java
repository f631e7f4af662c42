package com.schoolops.sla.embedded;

/** A broker that a run starts for itself and stops when done: in this JVM ({@link EmbeddedKafka}) or in one of its own ({@link ChildBroker}). */
public interface Broker extends AutoCloseable {
    String bootstrapServers();

    @Override
    void close();
}
