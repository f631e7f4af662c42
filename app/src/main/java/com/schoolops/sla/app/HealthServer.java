package com.schoolops.sla.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.streams.KafkaStreams;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * HTTP probes for containers, from the Kafka Streams state: {@code /health/live} answers 200 unless the
 * application has failed (ERROR) or stopped, so an orchestrator restarts it; {@code /health/ready} (and
 * {@code /health}) answer 200 only while it is RUNNING and its input waits for nothing, 503 while it starts,
 * rebalances or restores, or while input is held for the schema registry.
 */
public final class HealthServer implements AutoCloseable {
    private final HttpServer server;
    private final Supplier<KafkaStreams.State> state;
    private final Supplier<Optional<String>> inputWaitsFor;

    public HealthServer(int port, Supplier<KafkaStreams.State> state) throws IOException {
        this(port, state, Optional::empty);
    }

    /** @param inputWaitsFor a dependency input is waiting for (the schema registry), which makes the instance not ready */
    public HealthServer(int port, Supplier<KafkaStreams.State> state, Supplier<Optional<String>> inputWaitsFor) throws IOException {
        this.state = state;
        this.inputWaitsFor = inputWaitsFor;
        this.server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/health/live", ex -> answer(ex, live()));
        server.createContext("/health/ready", ex -> answer(ex, ready()));
        server.createContext("/health", ex -> answer(ex, ready()));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "health-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    boolean live() {
        KafkaStreams.State s = state.get();
        return s != KafkaStreams.State.ERROR && s != KafkaStreams.State.NOT_RUNNING && s != KafkaStreams.State.PENDING_ERROR;
    }

    boolean ready() {
        return state.get() == KafkaStreams.State.RUNNING && inputWaitsFor.get().isEmpty();
    }

    private void answer(HttpExchange ex, boolean ok) throws IOException {
        String waiting = inputWaitsFor.get().map(w -> ",\"inputWaitsFor\":\"" + w.replace("\"", "'") + "\"").orElse("");
        byte[] body = ("{\"status\":\"" + (ok ? "UP" : "DOWN") + "\",\"streams\":\"" + state.get() + "\"" + waiting + "}")
                .getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(ok ? 200 : 503, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
