package com.schoolops.sla.bench;

import com.schoolops.sla.cli.Main;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
import java.util.concurrent.TimeUnit;

/** The application's {@code run} command in a JVM of its own, as an operator runs it, that the benchmark can kill outright. */
final class ChildApp implements AutoCloseable {
    private final String name;
    private final Path log;
    private final int httpPort;
    private final Process process;

    private ChildApp(String name, Path log, int httpPort, Process process) {
        this.name = name;
        this.log = log;
        this.httpPort = httpPort;
        this.process = process;
    }

    /** Starts {@code run} with {@code settings} written to a properties file in {@code dir}. */
    static ChildApp start(String name, Path dir, Map<String, String> settings) {
        try {
            int port = freePort();
            Properties p = new Properties();
            p.putAll(settings);
            p.put("http.port", String.valueOf(port));
            Path config = dir.resolve(name + ".properties");
            try (var out = Files.newBufferedWriter(config)) {
                p.store(out, "bench");
            }
            Path log = dir.resolve(name + ".log");
            Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1536m", "-XX:+UseG1GC", "-cp", System.getProperty("java.class.path"), Main.class.getName(), // the production `run`, as the image runs it
                    "run", "--config", config.toString()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new ChildApp(name, log, port, process);
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
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
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
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return System.currentTimeMillis();
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "; see " + log);
    }

    /** SIGKILL: no commit, no flush, no leaving the group. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("localhost", 0));
            return s.getLocalPort();
        }
    }
}
