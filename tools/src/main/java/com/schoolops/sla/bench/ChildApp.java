package com.schoolops.sla.bench;

import com.schoolops.sla.cli.Main;
import com.schoolops.sla.embedded.ChildJvm;
import com.schoolops.sla.embedded.FreePorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The application's {@code run} command (or {@code notify}) in a JVM of its own, as an operator runs it, that the
 * benchmark can kill outright.
 */
final class ChildApp implements AutoCloseable {
    private final ChildJvm jvm;
    private final int httpPort;

    private ChildApp(ChildJvm jvm, int httpPort) {
        this.jvm = jvm;
        this.httpPort = httpPort;
    }

    /** Starts {@code run} with {@code settings} written to a properties file in {@code dir}. */
    static ChildApp start(String name, Path dir, Map<String, String> settings) {
        return start(name, dir, settings, "http.port", List.of("run"));
    }

    /** Starts {@code notify} with {@code settings} and the routes file {@code routes}; its HTTP side is its metrics and probes. */
    static ChildApp notify(String name, Path dir, Map<String, String> settings, Path routes) {
        return start(name, dir, settings, "notify.http.port", List.of("notify", "--routes", routes.toString()));
    }

    private static ChildApp start(String name, Path dir, Map<String, String> settings, String portSetting, List<String> command) {
        try {
            int port = FreePorts.next();
            Properties p = new Properties();
            p.putAll(settings);
            p.put(portSetting, String.valueOf(port));
            Path config = dir.resolve(name + ".properties");
            try (var out = Files.newBufferedWriter(config)) {
                p.store(out, "bench");
            }
            Path log = dir.resolve(name + ".log");
            List<String> args = new java.util.ArrayList<>(command);
            args.addAll(List.of("--config", config.toString()));
            return new ChildApp(ChildJvm.start(name, List.of("-Xmx1536m", "-XX:+UseG1GC"), Main.class.getName(), // the production command, as the image runs it
                    args, log, ProcessBuilder.Redirect.appendTo(log.toFile())), port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** The settings of an instance on {@code c}'s broker: {@code overrides} over the product's defaults, state in {@code stateDir}. */
    static Map<String, String> settings(BenchCluster c, String app, Path stateDir, Map<String, String> overrides) {
        Map<String, String> s = new java.util.HashMap<>(overrides);
        s.put("kafka.bootstrap.servers", c.broker.bootstrapServers());
        s.put("application.id", app);
        s.put("state.dir", stateDir.toString());
        s.put("replication.factor", "1");
        return s;
    }

    /** Its {@code /metrics}, one value per series (name with labels), comments left out. */
    Map<String, Double> scrape() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String body = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Double> series = new java.util.HashMap<>();
        for (String line : body.split("\n")) {
            int space = line.lastIndexOf(' ');
            if (line.startsWith("#") || space < 0) {
                continue;
            }
            try {
                series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            } catch (NumberFormatException notAValue) {
                // a line of another shape: not a sample
            }
        }
        return series;
    }

    /** Its resident memory (VmRSS): heap, RocksDB and the rest of native memory together; -1 where /proc has none. */
    long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(jvm.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException gone) {
            // not Linux, or the process has ended
        }
        return -1;
    }

    /** One answer of its HTTP side: how long it took, how large it was, and what it said. */
    record Answer(int status, double millis, int bytes, String body) {
    }

    /** GETs {@code path} of its HTTP side and times the whole answer. */
    Answer get(String path) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long t = System.nanoTime();
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(r.statusCode(), (System.nanoTime() - t) / 1e6, r.body().length, new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Waits until its readiness probe answers 200; returns when that was, in epoch ms. */
    long awaitReady(Duration timeout) throws InterruptedException {
        return jvm.awaitOk("http://localhost:" + httpPort + "/health/ready", timeout);
    }

    /** SIGKILL: no commit, no flush, no leaving the group. */
    void kill() throws InterruptedException {
        jvm.kill();
    }

    String log() {
        return jvm.log();
    }

    /** SIGTERM, and SIGKILL if it has not stopped within 30 s. */
    @Override
    public void close() throws InterruptedException {
        if (jvm.isAlive() && jvm.terminate(Duration.ofSeconds(30)) < 0) {
            jvm.kill();
        }
    }
}
