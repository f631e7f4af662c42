package com.schoolops.sla.testing;

import java.io.IOException;
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

/**
 * The application's own {@code run} command in a child JVM, configured by a properties file as an operator
 * would: it can be killed outright ({@link #crash}, SIGKILL: no commit, no flush, no leaving the group) or
 * asked to stop ({@link #terminate}, SIGTERM).
 */
public final class AppProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final int httpPort;
    private final String name;

    private AppProcess(String name, Process process, Path log, int httpPort) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
    }

    public static AppProcess start(String name, Path dir, Map<String, String> settings) throws IOException {
        return start(name, dir, settings, "http.port", List.of("run"));
    }

    /** The {@code notify} command with {@code routes}; {@link #url} is its metrics and probes port. */
    public static AppProcess notify(String name, Path dir, Map<String, String> settings, Path routes) throws IOException {
        Map<String, String> own = new java.util.HashMap<>(settings);
        own.put("http.port", "-1");
        return start(name, dir, own, "notify.http.port", List.of("notify", "--routes", routes.toString()));
    }

    private static AppProcess start(String name, Path dir, Map<String, String> settings, String portKey, List<String> command) throws IOException {
        int httpPort = freePort();
        Properties p = new Properties();
        p.putAll(settings);
        p.put(portKey, String.valueOf(httpPort));
        p.putIfAbsent("http.advertised-host", "localhost");
        Files.createDirectories(dir);
        Path config = dir.resolve(name + ".properties");
        try (var out = Files.newBufferedWriter(config)) {
            p.store(out, "written by the test");
        }
        Path log = dir.resolve(name + ".log");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> argv = new java.util.ArrayList<>(List.of(java, "-Xmx512m", "-cp", classpath, "com.schoolops.sla.cli.Main"));
        argv.addAll(command);
        argv.addAll(List.of("--config", config.toString()));
        Process process = new ProcessBuilder(argv)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new AppProcess(name, process, log, httpPort);
    }

    /** The base URL of its HTTP side (console, API, metrics, probes). */
    public String url() {
        return "http://localhost:" + httpPort;
    }

    /** Waits until the instance answers ready (RUNNING) on its health probe. */
    public void awaitReady(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + " not ready within " + timeout + ":\n" + logTail());
    }

    /** What the readiness probe answers now: its status code, or -1 while nothing listens. */
    public int readiness() throws InterruptedException {
        try {
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()
                    .send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/health/ready")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notListening) {
            return -1;
        }
    }

    /** SIGKILL: the process dies at once, mid-transaction. */
    public void crash() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM; returns the exit code, or -1 if it did not stop within the bound. */
    public int terminate(Duration bound) throws InterruptedException {
        process.destroy();
        return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            crash();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("localhost", 0));
            return s.getLocalPort();
        }
    }
}
