package com.schoolops.sla.bench;

import com.schoolops.sla.embedded.EmbeddedKafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's broker: by default in a JVM of its own (a child process), as production runs it, so the
 * application's figures are not eaten by the broker in its heap and its collector; in this JVM on request.
 */
abstract class BenchBroker implements AutoCloseable {
    abstract String bootstrapServers();

    @Override
    public abstract void close();

    static BenchBroker start(boolean inProcess) {
        return inProcess ? new InProcess() : new Child();
    }

    private static final class InProcess extends BenchBroker {
        private final EmbeddedKafka broker = EmbeddedKafka.start(null, 0, Map.of());

        @Override
        String bootstrapServers() {
            return broker.bootstrapServers();
        }

        @Override
        public void close() {
            broker.close();
        }
    }

    /** A child JVM running {@link ChildBroker}, on this JVM's class path; it says where it listens on its first line. */
    private static final class Child extends BenchBroker {
        private final Process process;
        private final String bootstrap;

        Child() {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx2g", "-XX:+UseG1GC", "-cp", System.getProperty("java.class.path"), ChildBroker.class.getName()));
            try {
                process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                String line;
                String ready = null;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith(ChildBroker.READY)) {
                        ready = line.substring(ChildBroker.READY.length()).trim();
                        break;
                    }
                }
                if (ready == null) {
                    throw new IllegalStateException("the broker's JVM ended before it was ready (exit " + process.waitFor() + ")");
                }
                bootstrap = ready;
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "bench-broker-output");
                drain.setDaemon(true);
                drain.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the broker's JVM", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        String bootstrapServers() {
            return bootstrap;
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
}
