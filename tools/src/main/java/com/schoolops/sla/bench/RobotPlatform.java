package com.schoolops.sla.bench;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The robot platforms of the storm bench, on a local port: every POST is recorded (path, Idempotency-Key, when), and a
 * robot (a path {@code tooFast} gives a code for) is held to 20 requests in any 60 s, as WeCom and DingTalk hold theirs:
 * the 21st is answered "too fast" with its platform's code (WeCom's 45009, DingTalk's 130101, in {@code errcode}) and
 * counted. A webhook (no code) takes everything.
 */
final class RobotPlatform implements AutoCloseable {
    static final int LIMIT = 20;
    static final long WINDOW_MS = 60_000;

    /** One request as the platform got it: taken or refused as too fast. */
    record Request(String path, String id, long at, boolean taken) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final List<Request> requests = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Deque<Long>> recent = new ConcurrentHashMap<>();

    RobotPlatform(Function<String, Integer> tooFast) {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            long now = System.currentTimeMillis();
            Integer code = tooFast.apply(path);
            boolean taken = code == null || admit(path, now);
            requests.add(new Request(path, exchange.getRequestHeaders().getFirst("Idempotency-Key"), now, taken));
            byte[] out = (taken ? "{\"errcode\":0,\"errmsg\":\"ok\"}" : "{\"errcode\":" + code + ",\"errmsg\":\"too fast\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    /** The platform's own sliding window: taken only if fewer than 20 were taken in the last 60 s. */
    private boolean admit(String path, long now) {
        Deque<Long> window = recent.computeIfAbsent(path, p -> new ArrayDeque<>());
        synchronized (window) {
            while (!window.isEmpty() && window.peekFirst() <= now - WINDOW_MS) {
                window.pollFirst();
            }
            if (window.size() >= LIMIT) {
                return false;
            }
            window.addLast(now);
            return true;
        }
    }

    String baseUrl() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
