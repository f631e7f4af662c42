package com.schoolops.sla.simulator;

import org.apache.avro.specific.SpecificRecord;

/** Where simulated records go: a Kafka cluster, or a list in a test. */
public interface FleetSink {
    /** Sends one record to an input topic of the registry ({@code key} by the topic's convention). */
    void send(String topicKey, String key, SpecificRecord value, long timestamp);

    void flush();
}
