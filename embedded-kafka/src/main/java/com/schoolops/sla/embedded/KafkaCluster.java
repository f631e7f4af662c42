package com.schoolops.sla.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Three Kafka nodes (KRaft, broker and controller in each), each a child JVM ({@link ClusterNode}), replicated as in
 * production: internal topics on 3 replicas, {@code min.insync.replicas=2}. A node can be killed (SIGKILL), stopped
 * (SIGTERM) and started again on its data; the test asks who leads a partition and which node is the active controller.
 */
public final class KafkaCluster implements AutoCloseable {
    private final Path dir;
    private final String clusterId = Uuid.randomUuid().toString();
    private final int[] clientPorts;
    private final int[] controllerPorts;
    private final String voters;
    private final ChildJvm[] nodes;
    private final long[] readyLines;

    private KafkaCluster(Path dir, int size) {
        this.dir = dir;
        this.clientPorts = new int[size];
        this.controllerPorts = new int[size];
        for (int i = 0; i < size; i++) {
            clientPorts[i] = FreePorts.next();
            controllerPorts[i] = FreePorts.next();
        }
        this.voters = IntStream.range(0, size).mapToObj(i -> (i + 1) + "@localhost:" + controllerPorts[i]).collect(Collectors.joining(","));
        this.nodes = new ChildJvm[size];
        this.readyLines = new long[size];
    }

    /** Starts {@code size} nodes under {@code dir} and waits until the cluster has all of them as brokers. */
    public static KafkaCluster start(Path dir, int size) throws Exception {
        KafkaCluster cluster = new KafkaCluster(dir, size);
        for (int id = 1; id <= size; id++) {
            cluster.launch(id);
        }
        for (int id = 1; id <= size; id++) {
            cluster.awaitServing(id, Duration.ofSeconds(90));
        }
        cluster.awaitBrokers(size, Duration.ofSeconds(60));
        return cluster;
    }

    public String bootstrapServers() {
        return IntStream.of(clientPorts).mapToObj(p -> "localhost:" + p).collect(Collectors.joining(","));
    }

    /** SIGKILL: the node dies at once; its leaderships move after its session with the controller times out. */
    public void kill(int id) throws InterruptedException {
        nodes[id - 1].kill();
    }

    /** SIGTERM: a controlled shutdown (its leaderships handed over first). */
    public void stop(int id) throws InterruptedException {
        if (nodes[id - 1].terminate(Duration.ofSeconds(60)) < 0) {
            throw new AssertionError("node " + id + " did not stop within 60 s");
        }
    }

    /** Starts a stopped or killed node again on its data, and waits until it serves and every partition is fully replicated. */
    public void restart(int id, Collection<String> topics) throws Exception {
        launch(id);
        awaitServing(id, Duration.ofSeconds(90));
        awaitFullyReplicated(topics, Duration.ofSeconds(120));
    }

    /** The node leading {@code partition} of {@code topic}. */
    public int leaderOf(String topic, int partition) throws Exception {
        try (Admin admin = admin()) {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            return d.partitions().get(partition).leader().id();
        }
    }

    /** The node that is the active controller (the quorum's leader). */
    public int activeController() throws Exception {
        try (Admin admin = admin()) {
            return admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
        }
    }

    /** Waits until every partition of {@code topics} has all its replicas in sync (before the next node of a rolling restart goes). */
    public void awaitFullyReplicated(Collection<String> topics, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> lagging = new ArrayList<>();
            try (Admin admin = admin()) {
                for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
                    for (TopicPartitionInfo p : d.partitions()) {
                        if (p.isr().size() < p.replicas().size() || p.leader() == null) {
                            lagging.add(d.name() + "-" + p.partition());
                        }
                    }
                }
            } catch (Exception notYet) {
                lagging.add(notYet.toString());
            }
            if (lagging.isEmpty()) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("not fully replicated within " + timeout + ": " + lagging);
            }
            Thread.sleep(250); // polling the cluster's own state
        }
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000", AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000"));
    }

    private void launch(int id) throws IOException {
        Path nodeDir = Files.createDirectories(dir.resolve("node-" + id));
        nodes[id - 1] = ChildJvm.start("node " + id, List.of("-Xmx384m"), ClusterNode.class.getName(), List.of(String.valueOf(id),
                nodeDir.toString(), String.valueOf(clientPorts[id - 1]), String.valueOf(controllerPorts[id - 1]), voters, clusterId),
                log(id), ProcessBuilder.Redirect.appendTo(log(id).toFile()));
    }

    private Path log(int id) {
        return dir.resolve("node-" + id + ".log");
    }

    /** Waits for one more READY line in the node's log (the log is appended to across restarts) than it had. */
    private void awaitServing(int id, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            long ready = Files.readAllLines(log(id)).stream().filter(l -> l.startsWith(ClusterNode.READY)).count();
            if (ready > readyLines[id - 1]) {
                readyLines[id - 1] = ready;
                return;
            }
            ChildJvm p = nodes[id - 1];
            if (!p.isAlive()) {
                throw new AssertionError("node " + id + " exited with " + p.exitValue() + "; see " + log(id));
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("node " + id + " not serving within " + timeout + "; see " + log(id));
            }
            Thread.sleep(200); // waiting for a child process to start
        }
    }

    private void awaitBrokers(int size, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Admin admin = admin()) {
                if (admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).size() == size) {
                    return;
                }
            } catch (Exception notYet) {
                // the quorum is still electing
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("the cluster did not have " + size + " brokers within " + timeout);
            }
            Thread.sleep(250);
        }
    }

    @Override
    public void close() {
        for (ChildJvm node : nodes) {
            try {
                if (node != null) {
                    node.close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
