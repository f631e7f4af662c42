package com.schoolops.sla.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * A single Apache Kafka broker in KRaft mode (broker and controller in one node) inside this JVM, for the
 * embedded default. Storage is formatted on first use; a kept data directory is reused as it is.
 */
public final class EmbeddedKafka implements Broker {
    /**
     * What a takeover in seconds needs of the brokers, as the README asks of a real cluster and the compose file sets.
     * A dead instance is noticed within a second under either group protocol when its group asks for it: by default
     * brokers allow no session under 6 s (classic) and 45 s (streams rebalance protocol), nor heartbeats under 5 s
     * (streams). Its open transaction, which holds back every partition it wrote to, is aborted within half a second
     * of its timeout, not ten.
     */
    public static final Map<String, String> FAILOVER = Map.of(
            "group.min.session.timeout.ms", "1000",
            "group.streams.min.session.timeout.ms", "1000",
            "group.streams.min.heartbeat.interval.ms", "250",
            "transaction.abort.timed.out.transaction.cleanup.interval.ms", "500");
    private final Path dataDir;
    private final boolean deleteOnClose;
    private final int port;
    private final Map<String, Integer> listenerPorts;
    private final KafkaRaftServer server;

    private EmbeddedKafka(Path dataDir, boolean deleteOnClose, int port, Map<String, Integer> listenerPorts, KafkaRaftServer server) {
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        this.port = port;
        this.listenerPorts = listenerPorts;
        this.server = server;
    }

    public static EmbeddedKafka start(Path dataDir, int port, Map<String, String> extra) {
        return start(dataDir, port, Map.of(), extra);
    }

    /**
     * Starts a broker.
     *
     * @param dataDir where to keep the logs; null for a temporary directory removed on close
     * @param port    client port; 0 for any free port
     * @param listeners more client listeners, by name to security protocol (e.g. {@code SASL_SSL -> SASL_SSL}),
     *                  each on a free port; their own settings go in {@code extra} ({@code listener.name.<name>.*})
     * @param extra   more broker settings
     */
    public static EmbeddedKafka start(Path dataDir, int port, Map<String, String> listeners, Map<String, String> extra) {
        boolean temporary = dataDir == null;
        try {
            Path dir = temporary ? Files.createTempDirectory("sla-kafka") : Files.createDirectories(dataDir);
            int controllerPort = FreePorts.next();
            return start(dir, temporary, 1, port == 0 ? FreePorts.next() : port, controllerPort, "1@localhost:" + controllerPort,
                    Uuid.randomUuid().toString(), listeners, extra);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded broker's data directory", e);
        }
    }

    /**
     * One node (broker and controller) of a cluster of several, each in a JVM of its own ({@link ClusterNode}), replicated
     * as production is: every internal topic on 3 replicas, {@code min.insync.replicas=2}.
     *
     * @param voters the controller quorum, {@code 1@localhost:p1,2@localhost:p2,...}
     */
    public static EmbeddedKafka startClusterNode(int nodeId, Path dir, int clientPort, int controllerPort, String voters, String clusterId) {
        int nodes = voters.split(",").length;
        String replicas = String.valueOf(Math.min(3, nodes));
        String minIsr = String.valueOf(Math.min(2, nodes));
        return start(dir, false, nodeId, clientPort, controllerPort, voters, clusterId, Map.of(), Map.of(
                "offsets.topic.replication.factor", replicas, "transaction.state.log.replication.factor", replicas,
                "transaction.state.log.min.isr", minIsr, "share.coordinator.state.topic.replication.factor", replicas,
                "share.coordinator.state.topic.min.isr", minIsr, "min.insync.replicas", minIsr, "default.replication.factor", replicas,
                // Leaders move back to their preferred replica soon after a node returns, as a rolling restart expects.
                "leader.imbalance.check.interval.seconds", "5"));
    }

    private static EmbeddedKafka start(Path dir, boolean temporary, int nodeId, int clientPort, int controllerPort, String voters, String clusterId,
                                       Map<String, String> listeners, Map<String, String> extra) {
        // The clients of a fresh broker all ask for __consumer_offsets at once; the broker creates it once and says
        // TOPIC_ALREADY_EXISTS, at WARN, to each of the others: how a new cluster starts, not a fault.
        System.setProperty("org.slf4j.simpleLogger.log.kafka.server.DefaultAutoTopicCreationManager", "error");
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(nodeId));
        props.put("controller.quorum.voters", voters);
        StringBuilder bind = new StringBuilder("PLAINTEXT://localhost:" + clientPort + ",CONTROLLER://localhost:" + controllerPort);
        StringBuilder advertised = new StringBuilder("PLAINTEXT://localhost:" + clientPort);
        StringBuilder protocols = new StringBuilder("PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, String> l : listeners.entrySet()) {
            int p = FreePorts.next();
            ports.put(l.getKey(), p);
            bind.append(',').append(l.getKey()).append("://localhost:").append(p);
            advertised.append(',').append(l.getKey()).append("://localhost:").append(p);
            protocols.append(',').append(l.getKey()).append(':').append(l.getValue());
        }
        props.put("listeners", bind.toString());
        props.put("advertised.listeners", advertised.toString());
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", protocols.toString());
        props.put("log.dirs", dir.resolve("logs").toString());
        // One broker: every internal topic with one replica (a cluster node's extra settings say otherwise).
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "6");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "6");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("group.streams.initial.rebalance.delay.ms", "0");
        props.putAll(FAILOVER);
        props.put("auto.create.topics.enable", "false");
        props.put("num.partitions", "1");
        props.put("log.flush.interval.messages", "1000000");
        props.putAll(extra);
        KafkaConfig config = KafkaConfig.fromProps(props);
        format(dir.resolve("logs"), nodeId, clusterId);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        return new EmbeddedKafka(dir, temporary, clientPort, ports, server);
    }

    private static void format(Path logDir, int nodeId, String clusterId) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return; // kept from an earlier run
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .setDirectories(java.util.List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setControllerListenerName("CONTROLLER")
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the embedded broker's storage in " + logDir + ": " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /** The address of an extra listener given at start. */
    public String bootstrapServers(String listener) {
        return "localhost:" + listenerPorts.get(listener);
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (deleteOnClose) {
            ScratchDirectory.remove(dataDir);
        }
    }
}
