package com.schoolops.sla.streams;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Under the streams rebalance protocol (KIP-1071, {@code group.protocol=streams}) the brokers hold a group's session
 * timeout, heartbeat interval and standbys, and ignore the client's. So that {@code kafka.session.timeout.ms},
 * {@code kafka.heartbeat.interval.ms} and {@code num.standby.replicas} mean the same under both protocols, they are
 * written to the group's own configuration before it starts. A broker that refuses them (a session below its
 * {@code group.streams.min.session.timeout.ms}, 45 s by default) is said so at WARN, and the group keeps what the
 * brokers give it.
 */
public final class StreamsGroupSettings {
    private static final Logger log = LoggerFactory.getLogger(StreamsGroupSettings.class);
    static final String SESSION = "streams.session.timeout.ms";
    static final String HEARTBEAT = "streams.heartbeat.interval.ms";
    static final String STANDBYS = "streams.num.standby.replicas";

    private StreamsGroupSettings() {
    }

    public static boolean streamsProtocol(Properties streams) {
        return "streams".equalsIgnoreCase(streams.getProperty(StreamsConfig.GROUP_PROTOCOL_CONFIG, "classic").trim());
    }

    /**
     * The group configuration that says what {@code streams} says, in the order it is written: the standbys on their own,
     * so that a session the brokers refuse does not cost the warm copies.
     */
    static List<Map<String, String>> groupConfigs(Properties streams) {
        Map<String, String> timing = new LinkedHashMap<>();
        put(timing, SESSION, streams.getProperty(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
        put(timing, HEARTBEAT, streams.getProperty(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG));
        Map<String, String> standbys = new LinkedHashMap<>();
        put(standbys, STANDBYS, streams.getProperty(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG));
        return List.of(standbys, timing).stream().filter(m -> !m.isEmpty()).toList();
    }

    private static void put(Map<String, String> into, String key, String value) {
        if (value != null && !value.isBlank()) {
            into.put(key, value.trim());
        }
    }

    /**
     * Under the streams protocol Kafka Streams 4.4 makes its main consumer itself and does not ask a
     * {@link org.apache.kafka.streams.KafkaClientSupplier} for it, so {@link SchemaGatedClients} cannot hold input back
     * while the schema registry is unreachable: such records are dead-lettered instead. Said once at start.
     */
    public static void warnIfSchemaGateUnused(Properties streams, boolean gated) {
        if (gated && streamsProtocol(streams)) {
            log.warn("group.protocol=streams: Kafka Streams makes its own main consumer under the streams rebalance protocol, "
                    + "so input is not held back while the schema registry cannot be reached; a record whose schema cannot be "
                    + "fetched then goes to dead-letters. group.protocol=classic holds it (README, Failover and restarts)");
        }
    }

    /** Writes the group's settings when {@code streams} asks for the streams protocol; nothing under the classic one. */
    public static void apply(Properties streams) {
        if (!streamsProtocol(streams)) {
            return;
        }
        String group = streams.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.GROUP, group);
        try (Admin admin = Admin.create(new StreamsConfig(streams).getAdminConfigs(group + "-group-settings"))) {
            for (Map<String, String> configs : groupConfigs(streams)) {
                List<AlterConfigOp> ops = configs.entrySet().stream()
                        .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET)).toList();
                try {
                    admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get(30, TimeUnit.SECONDS);
                    log.info("Streams group {}: {} (streams rebalance protocol: the brokers hold these)", group, configs);
                } catch (ExecutionException e) {
                    log.warn("Streams group {}: the brokers refused {} ({}). The group runs with what the brokers give it: by "
                                    + "default a 45 s session and no standby. Lower group.streams.min.session.timeout.ms and "
                                    + "group.streams.min.heartbeat.interval.ms on the brokers (README, Failover and restarts)",
                            group, configs, e.getCause().getMessage());
                } catch (TimeoutException e) {
                    log.warn("Streams group {}: the brokers did not answer within 30 s when {} was written; the group runs with "
                            + "what they held before", group, configs);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
