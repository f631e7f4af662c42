package com.schoolops.sla.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A fresh temporary broker in a JVM of its own ({@link ChildJvm}), so that what runs beside it is not measured with the
 * broker in its heap and its collector. It lives until its standard input ends: when {@link #close} closes it, or the
 * parent dies.
 */
public final class ChildBroker implements Broker {
    static final String READY = "BROKER READY ";

    private final Process process;
    private final String bootstrapServers;

    private ChildBroker(Process process, String bootstrapServers) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    /** The main of the broker's JVM: says where it listens on its first line. */
    public static void main(String[] args) throws IOException {
        try (EmbeddedKafka broker = EmbeddedKafka.start(null, 0, Map.of())) {
            System.out.println(READY + broker.bootstrapServers());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our input (or to die)
            }
        }
    }

    /** Starts the broker's JVM with {@code jvmOptions} (heap, collector) and waits until it serves. */
    public static ChildBroker start(List<String> jvmOptions) {
        try {
            Process process = ChildJvm.command(jvmOptions, ChildBroker.class.getName(), List.of())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            String ready = null;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(READY)) {
                    ready = line.substring(READY.length()).trim();
                    break;
                }
            }
            if (ready == null) {
                throw new IllegalStateException("the broker's JVM ended before it was ready (exit " + process.waitFor() + ")");
            }
            Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "child-broker-output");
            drain.setDaemon(true);
            drain.start();
            return new ChildBroker(process, ready);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the broker's JVM", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close(); // the child stops when its input ends
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
