package com.schoolops.sla.serde;

import com.schoolops.sla.avro.DeviceHeartbeat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.*;

/** The HTTP client against a local server that answers as Confluent's Schema Registry does (recorded bodies). */
class HttpSchemaRegistryTest {
    record Request(String method, String path, String contentType, String authorization, String body) {
    }

    HttpServer server;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    volatile int status = 200;
    volatile String answer = "{\"id\":7}";
    volatile long delayMs = 0;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), ex.getRequestHeaders().getFirst("Content-Type"),
                ex.getRequestHeaders().getFirst("Authorization"), body));
        try {
            Thread.sleep(delayMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] out = answer.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        ex.sendResponseHeaders(status, out.length);
        ex.getResponseBody().write(out);
        ex.close();
    }

    HttpSchemaRegistry client(Duration timeout, String auth, boolean autoRegister) {
        return new HttpSchemaRegistry("http://localhost:" + server.getAddress().getPort(), timeout, auth, autoRegister);
    }

    @Test
    void registersUnderTheSubjectWithTheRegistryContentTypeAndCachesTheId() {
        HttpSchemaRegistry registry = client(Duration.ofSeconds(5), "ops:s3cret", true);

        assertEquals(7, registry.register("device-heartbeats-value", DeviceHeartbeat.getClassSchema()));
        assertEquals(7, registry.register("device-heartbeats-value", DeviceHeartbeat.getClassSchema()));

        assertEquals(1, requests.size(), "the second call is answered from the cache");
        Request r = requests.get(0);
        assertEquals("POST", r.method());
        assertEquals("/subjects/device-heartbeats-value/versions", r.path());
        assertEquals("application/vnd.schemaregistry.v1+json", r.contentType());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("ops:s3cret".getBytes()), r.authorization());
        assertTrue(r.body().startsWith("{\"schema\":\"{\\\"type\\\":\\\"record\\\""), r.body());
        assertTrue(r.body().contains("\"schemaType\":\"AVRO\""), r.body());
        assertEquals(DeviceHeartbeat.getClassSchema(), registry.schemaById(7), "a registered schema is known by id without a call");
        assertEquals(1, requests.size());
    }

    @Test
    void withAutoRegistrationOffItOnlyLooksTheSchemaUp() {
        client(Duration.ofSeconds(5), null, false).register("fault-tickets-value", DeviceHeartbeat.getClassSchema());
        assertEquals("/subjects/fault-tickets-value", requests.get(0).path());
        assertNull(requests.get(0).authorization());
    }

    @Test
    void fetchesAWritersSchemaByIdOnce() {
        answer = "{\"schema\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(DeviceHeartbeat.getClassSchema().toString()) + "}";
        HttpSchemaRegistry registry = client(Duration.ofSeconds(5), null, true);

        assertEquals(DeviceHeartbeat.getClassSchema(), registry.schemaById(42));
        registry.schemaById(42);

        assertEquals(List.of("GET /schemas/ids/42"), requests.stream().map(r -> r.method() + " " + r.path()).toList());
    }

    @Test
    void anErrorAnswerSaysWhatWasAskedAndWhatTheRegistrySaid() {
        status = 404;
        answer = "{\"error_code\":40403,\"message\":\"Schema 42 not found\"}";
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client(Duration.ofSeconds(5), null, true).schemaById(42));
        assertTrue(e.getMessage().contains("refused to fetch schema id 42: HTTP 404: Schema 42 not found (error code 40403)"), e.getMessage());

        status = 409;
        answer = "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an earlier schema\"}";
        e = assertThrows(SchemaRegistryException.class,
                () -> client(Duration.ofSeconds(5), null, true).register("device-heartbeats-value", DeviceHeartbeat.getClassSchema()));
        assertTrue(e.getMessage().contains("register schema com.schoolops.sla.avro.DeviceHeartbeat under subject device-heartbeats-value"), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 409"), e.getMessage());

        status = 503;
        answer = "upstream unavailable";
        e = assertThrows(SchemaRegistryException.class, () -> client(Duration.ofSeconds(5), null, true).schemaById(1));
        assertTrue(e.getMessage().contains("HTTP 503: upstream unavailable"), e.getMessage());
    }

    @Test
    void aRegistryThatDoesNotAnswerInTimeIsAClearError() {
        delayMs = 1500;
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> client(Duration.ofMillis(200), null, true).schemaById(3));
        assertTrue(e.getMessage().contains("did not answer within 200 ms to: fetch schema id 3"), e.getMessage());
    }

    @Test
    void anUnreachableRegistryIsAClearError() {
        int port = server.getAddress().getPort();
        server.stop(0);
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class,
                () -> new HttpSchemaRegistry("http://localhost:" + port, Duration.ofSeconds(2), null, true).schemaById(3));
        assertTrue(e.getMessage().startsWith("cannot reach schema registry at http://localhost:" + port), e.getMessage());
    }

    @Test
    void theSerdeWritesTheIdTheRegistryAssigned() {
        answer = "{\"id\":123456}";
        var serde = new RegistryAvroSerde<>(DeviceHeartbeat.class, client(Duration.ofSeconds(5), null, true), false);
        byte[] bytes = serde.serializer().serialize("device-heartbeats", RegistryAvroSerdeTest.heartbeat());
        assertEquals(123456, java.nio.ByteBuffer.wrap(bytes, 1, 4).getInt());
        assertEquals(RegistryAvroSerdeTest.heartbeat(), serde.deserializer().deserialize("device-heartbeats", bytes));
    }
}
