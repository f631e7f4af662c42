package com.schoolops.sla.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What the real-broker tests of the assembled application share: a broker in this JVM with the topics
 * ({@link BrokerFixture}), a workspace under target/ with the test contracts ({@link ChildApps}), the settings of each
 * {@code run} instance with the test's own on top, and a fleet that keeps beating ({@link HeartbeatPump}, 300 ms).
 */
public final class Testbed implements AutoCloseable {
    public final BrokerFixture kafka;
    public final Path dir;
    public final HeartbeatPump pump;
    private final Map<String, String> instanceSettings;

    private Testbed(BrokerFixture kafka, Path dir, Map<String, String> instanceSettings, boolean bufferingAgents) {
        this.kafka = kafka;
        this.dir = dir;
        this.instanceSettings = Map.copyOf(instanceSettings);
        this.pump = new HeartbeatPump(Duration.ofMillis(300), bufferingAgents
                ? (id, heartbeat) -> kafka.sendBuffered("device-heartbeats", id, heartbeat)
                : (id, heartbeat) -> kafka.send("device-heartbeats", id, heartbeat));
    }

    /**
     * @param name             the workspace's folder under target/
     * @param instanceSettings what every instance of this test runs with, over {@link ChildApps#settings}
     */
    public static Testbed start(String name, Map<String, String> instanceSettings) throws Exception {
        return new Testbed(new BrokerFixture(Map.of()), ChildApps.workspace(name), instanceSettings, false);
    }

    /**
     * The same on a cluster of its own ({@link com.schoolops.sla.embedded.KafkaCluster}), the topics made with {@code topicSettings} (e.g.
     * replication.factor=3); the fleet's agents buffer what they cannot send while a partition has no leader.
     */
    public static Testbed on(String name, String bootstrapServers, Map<String, String> topicSettings, Map<String, String> instanceSettings) throws Exception {
        return new Testbed(BrokerFixture.on(bootstrapServers, topicSettings), ChildApps.workspace(name), instanceSettings, true);
    }

    /** The settings of one instance: its own state directory in the workspace, the test contracts, the test's settings. */
    public Map<String, String> instance(String applicationId, String instance, int standbys) {
        Map<String, String> settings = new HashMap<>(ChildApps.settings(kafka.bootstrapServers(), dir, applicationId, instance, standbys));
        settings.putAll(instanceSettings);
        return settings;
    }

    /** The {@code run} command in a child JVM, its log and properties in the workspace. */
    public AppProcess run(String name, Map<String, String> settings) throws IOException {
        return AppProcess.start(name, dir, settings);
    }

    @Override
    public void close() {
        pump.close();
        kafka.close();
    }
}
