package com.schoolops.sla.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What the real-broker tests give the application they run as child JVMs: a workspace under target/ (the children's
 * logs and state stay there to read when a test fails) with the test contracts in it, and the common settings.
 */
public final class ChildApps {
    /** The contracts with targets of seconds, copied into each workspace (a classpath resource of the tests). */
    public static final String CONTRACTS = "it-contracts.json";

    private ChildApps() {
    }

    /** A fresh directory {@code target/<name>/<now>} holding {@value #CONTRACTS}. */
    public static Path workspace(String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", name, String.valueOf(System.currentTimeMillis()))).toAbsolutePath();
            try (InputStream in = ChildApps.class.getClassLoader().getResourceAsStream(CONTRACTS)) {
                if (in == null) {
                    throw new IllegalStateException(CONTRACTS + " is not on the test classpath");
                }
                Files.copy(in, dir.resolve(CONTRACTS));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Settings for one instance: its own state directory in {@code workspace}, one replica, quick ticks and outage
     * windows, the workspace's contracts; failover as the product's defaults make it.
     */
    public static Map<String, String> settings(String bootstrapServers, Path workspace, String applicationId, String instance, int standbys) {
        Map<String, String> s = new HashMap<>();
        s.put("kafka.bootstrap.servers", bootstrapServers);
        s.put("application.id", applicationId);
        s.put("state.dir", workspace.resolve("state-" + instance).toString());
        s.put("replication.factor", "1");
        s.put("num.standby.replicas", String.valueOf(standbys));
        s.put("health.check-interval", "200ms");
        s.put("site-outage.window", "1s");
        s.put("sla.policies", workspace.resolve(CONTRACTS).toString());
        return s;
    }
}
