package com.schoolops.sla.testing;

import com.schoolops.sla.embedded.ChildJvm;
import com.schoolops.sla.embedded.FreePorts;

import java.io.IOException;
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
 * The application's own {@code run} command in a child JVM, configured by a properties file as an operator
 * would: it can be killed outright ({@link #crash}, SIGKILL: no commit, no flush, no leaving the group) or
 * asked to stop ({@link #terminate}, SIGTERM).
 */
public final class AppProcess implements AutoCloseable {
    private final ChildJvm jvm;
    private final int httpPort;

    private AppProcess(ChildJvm jvm, int httpPort) {
        this.jvm = jvm;
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
        int httpPort = FreePorts.next();
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
        List<String> args = new java.util.ArrayList<>(command);
        args.addAll(List.of("--config", config.toString()));
        return new AppProcess(ChildJvm.start(name, List.of("-Xmx512m"), "com.schoolops.sla.cli.Main", args, log, ProcessBuilder.Redirect.to(log.toFile())), httpPort);
    }

    /** The base URL of its HTTP side (console, API, metrics, probes). */
    public String url() {
        return "http://localhost:" + httpPort;
    }

    /** Waits until the instance answers ready (RUNNING) on its health probe. */
    public void awaitReady(Duration timeout) throws Exception {
        jvm.awaitOk(url() + "/health/ready", timeout);
    }

    /** What the readiness probe answers now: its status code, or -1 while nothing listens. */
    public int readiness() throws InterruptedException {
        try {
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()
                    .send(HttpRequest.newBuilder(URI.create(url() + "/health/ready")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notListening) {
            return -1;
        }
    }

    /** SIGKILL: the process dies at once, mid-transaction. */
    public void crash() throws InterruptedException {
        jvm.kill();
    }

    /** SIGTERM; returns the exit code, or -1 if it did not stop within the bound. */
    public int terminate(Duration bound) throws InterruptedException {
        return jvm.terminate(bound);
    }

    public String logTail() {
        return jvm.logTail(40);
    }

    public String log() throws IOException {
        return Files.readString(jvm.logFile());
    }

    @Override
    public void close() throws InterruptedException {
        jvm.close();
    }

    public static int freePort() {
        return FreePorts.next();
    }
}
