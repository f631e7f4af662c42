package com.schoolops.sla.embedded;

import java.nio.file.Path;

/**
 * The main of one node of a test cluster in a JVM of its own (see {@link KafkaCluster}), so that
 * a test can kill it (SIGKILL) or stop it (SIGTERM: a controlled shutdown, leaders handed over first) and start it
 * again on the same data. Arguments: node id, data directory, client port, controller port, the quorum's voters, the
 * cluster id. Prints {@value #READY} once it serves.
 */
public final class ClusterNode {
    public static final String READY = "NODE READY";

    private ClusterNode() {
    }

    public static void main(String[] args) {
        EmbeddedKafka node = EmbeddedKafka.startClusterNode(Integer.parseInt(args[0]), Path.of(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]), args[4], args[5]);
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "node-shutdown"));
        System.out.println(READY + " " + node.bootstrapServers());
        System.out.flush();
    }
}
