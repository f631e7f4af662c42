package com.schoolops.sla.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.schoolops.sla.serde.InMemorySchemaRegistry;
import com.schoolops.sla.serde.SchemaRegistryException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.avro.Schema;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The two calls of the Confluent Schema Registry REST API our client makes, over an in-memory registry, on a fixed
 * port that can be taken down ({@link #stop}: connections refused) and brought back ({@link #start}) to play an outage.
 */
public final class RegistryStub implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final int port;
    private HttpServer server;

    public RegistryStub(int port) {
        this.port = port;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public InMemorySchemaRegistry registry() {
        return registry;
    }

    public synchronized RegistryStub start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
        server.createContext("/schemas/ids/", ex -> {
            int id = Integer.parseInt(ex.getRequestURI().getPath().substring("/schemas/ids/".length()));
            try {
                answer(ex, 200, JSON.createObjectNode().put("schema", registry.schemaById(id).toString()));
            } catch (SchemaRegistryException e) {
                answer(ex, 404, JSON.createObjectNode().put("error_code", 40403).put("message", "Schema " + id + " not found"));
            }
        });
        server.createContext("/subjects/", ex -> {
            String path = ex.getRequestURI().getPath();
            String subject = URLDecoder.decode(path.substring("/subjects/".length(), path.indexOf("/versions")), StandardCharsets.UTF_8);
            JsonNode body = JSON.readTree(ex.getRequestBody());
            int id = registry.register(subject, new Schema.Parser().parse(body.path("schema").asText()));
            answer(ex, 200, JSON.createObjectNode().put("id", id));
        });
        server.start();
        return this;
    }

    /** Takes the registry down: from now on, connections are refused. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    private static void answer(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Override
    public void close() {
        stop();
    }
}
