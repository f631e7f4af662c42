package com.schoolops.sla.bench;

import com.schoolops.sla.avro.HealthState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's {@code run} and {@code notify} as deployed: a JVM each (1.5 GiB heap) on the bench's broker, under one
 * application.id, each with its own state directory, notify with a routes file; the storm and the alert bench run them.
 */
final class AsDeployed implements AutoCloseable {
    final ChildApp engine;
    final ChildApp notify;
    private final long startedAt = System.nanoTime();

    private AsDeployed(ChildApp engine, ChildApp notify) {
        this.engine = engine;
        this.notify = notify;
    }

    /** Starts both in {@code dir}, where their settings, logs, state and the routes file go. */
    static AsDeployed start(BenchCluster c, String app, Path dir, Map<String, String> engineSettings, Map<String, String> notifySettings,
                            String routesYaml) throws IOException {
        Path routes = dir.resolve("routes.yaml");
        Files.writeString(routes, routesYaml);
        ChildApp engine = ChildApp.start("engine", dir, ChildApp.settings(c, app, dir.resolve("engine"), engineSettings));
        try {
            return new AsDeployed(engine, ChildApp.notify("notify", dir, ChildApp.settings(c, app, dir.resolve("notify"), notifySettings), routes));
        } catch (RuntimeException e) {
            try {
                engine.close();
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
    }

    /** Waits until both answer ready and a read_committed reader has seen {@code devices} devices UP; says how long that took. */
    void awaitReady(Benchmark bench, BenchCluster c, int devices) throws InterruptedException {
        Set<String> up = ConcurrentHashMap.newKeySet();
        Thread health = Benchmark.healthReader(c, r -> {
            if (r.value().getState() == HealthState.UP) {
                up.add(r.key());
            } else {
                up.remove(r.key());
            }
        });
        try {
            engine.awaitReady(Duration.ofMinutes(5));
            notify.awaitReady(Duration.ofMinutes(5));
            Waits.untilTrue("every device UP", () -> up.size() >= devices, Duration.ofMinutes(5));
        } finally {
            health.interrupt();
        }
        bench.out.printf("  engine and notify ready, %,d devices UP, %.0f s after start%n", devices, (System.nanoTime() - startedAt) / 1e9);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            notify.close();
        } finally {
            engine.close();
        }
    }
}
