package com.schoolops.sla.embedded;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of its own on this JVM's java and class path, for what a test or the benchmark must be able to kill outright
 * (SIGKILL) or stop (SIGTERM) apart from itself: a broker, a cluster node, the application's {@code run}. Its output
 * goes to a log file, to read when it failed.
 */
public final class ChildJvm implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * The command line of {@code mainClass} with {@code args}, {@code jvmOptions} (e.g. {@code -Xmx512m}) first, for a
     * caller that reads its output itself.
     */
    public static ProcessBuilder command(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        // Under surefire the tests' class path, which java.class.path may only point to through a manifest.
        command.addAll(List.of("-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), mainClass));
        command.addAll(args);
        return new ProcessBuilder(command);
    }

    /**
     * Starts {@code mainClass}, its output and errors to {@code log} ({@link ProcessBuilder.Redirect#appendTo} to keep
     * what an earlier run of it wrote there, {@link ProcessBuilder.Redirect#to} to start the file afresh).
     */
    public static ChildJvm start(String name, List<String> jvmOptions, String mainClass, List<String> args, Path log,
                                 ProcessBuilder.Redirect output) throws IOException {
        Process process = command(jvmOptions, mainClass, args).redirectErrorStream(true).redirectOutput(output).start();
        return new ChildJvm(name, process, log);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Its exit code; only once it has ended. */
    public int exitValue() {
        return process.exitValue();
    }

    /** SIGKILL: it dies at once, mid-whatever (no commit, no flush, no leaving the group). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM; returns the exit code, or -1 if it did not stop within {@code bound}. */
    public int terminate(Duration bound) throws InterruptedException {
        process.destroy();
        return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /**
     * Waits until {@code url} answers 200 (a readiness probe); returns when that was, in epoch ms. Fails at once when
     * the JVM has ended, and after {@code timeout}, with the end of its log.
     */
    public long awaitOk(String url, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; " + log + ":\n" + logTail(40));
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return System.currentTimeMillis();
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50); // waiting for a child process to start
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "; " + log + ":\n" + logTail(40));
    }

    public Path logFile() {
        return log;
    }

    /** What it has written so far; empty when there is no log (yet). */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    /** Its log's last {@code lines} lines. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Kills it if it still runs. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
