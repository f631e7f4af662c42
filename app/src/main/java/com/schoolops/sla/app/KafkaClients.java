package com.schoolops.sla.app;

import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.Map;
import java.util.Properties;

/** The settings of the application's own small writers (the contract seed, the console's actions and audit). */
public final class KafkaClients {
    private KafkaClients() {
    }

    /** An idempotent producer that waits for every replica: a write is either there once or reported failed. */
    public static Properties idempotentProducer(Map<String, String> clientSettings) {
        Properties p = new Properties();
        p.putAll(clientSettings);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }
}
