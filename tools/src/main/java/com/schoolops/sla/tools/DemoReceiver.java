package com.schoolops.sla.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.schoolops.sla.serde.JsonRecords;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The webhooks the demo's notify sends to: they take every message and print it, one line each, so the demo shows
 * what notify sent, to whom, with its Idempotency-Key.
 */
final class DemoReceiver implements AutoCloseable {
    private static final DateTimeFormatter HHMMSS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private final HttpServer server;

    DemoReceiver(PrintStream out) throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/", exchange -> {
            String receiver = exchange.getRequestURI().getPath().substring(1);
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            try {
                JsonNode body = JsonRecords.JSON.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                out.printf("%s  NOTIFY     -> %-12s %s  (tier %d, %s)%n", HHMMSS.format(Instant.now()), receiver, body.path("title").asText(),
                        body.path("tier").asInt(), key);
            } catch (IOException e) {
                out.printf("%s  NOTIFY     -> %-12s (unreadable: %s)%n", HHMMSS.format(Instant.now()), receiver, e.getMessage());
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
