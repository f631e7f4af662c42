package com.schoolops.sla.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A local HTTP receiver for notify's tests: every POST is recorded (path, query, Idempotency-Key, body) and answered
 * as the test says per path ({@link #answer}): by default 200 with a robot's "ok" body, which every platform accepts.
 */
public final class RecordingReceiver implements AutoCloseable {
    /** One request as the receiver got it. */
    public record Received(String path, String query, String idempotencyKey, String body, int status) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, IntUnaryOperator> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private volatile long delayMs;

    public RecordingReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int call = calls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            int status = answers.getOrDefault(path, n -> 200).applyAsInt(call);
            sleep(delayMs);
            received.add(new Received(path, exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Idempotency-Key"), body, status));
            byte[] out = (status == 200 ? "{\"errcode\":0,\"code\":0,\"errmsg\":\"ok\"}" : "{\"error\":\"test says " + status + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    /** The status {@code path} answers to its n-th call (1, 2, ...). */
    public void answer(String path, IntUnaryOperator statusOfCall) {
        answers.put(path, statusOfCall);
    }

    /** Every answer waits this long first: a slow receiver. */
    public void delay(long ms) {
        this.delayMs = ms;
    }

    public String url(String path) {
        return URI.create("http://localhost:" + server.getAddress().getPort() + path).toString();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    private static void sleep(long ms) {
        if (ms > 0) {
            try {
                Thread.sleep(ms); // a slow receiver's own latency, not a wait in a test
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
