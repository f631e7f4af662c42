package com.schoolops.sla.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client of the Confluent Schema Registry REST API: {@code POST /subjects/{subject}/versions} to register
 * (or, with auto-registration off, {@code POST /subjects/{subject}} to look up), {@code GET /schemas/ids/{id}}
 * to fetch a writer's schema. Both directions are cached: a schema is sent once per subject, an id fetched once.
 */
public final class HttpSchemaRegistry implements SchemaRegistryClient {
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUri;
    private final HttpClient http;
    private final RegistryCalls calls = new RegistryCalls();
    private final Duration timeout;
    private final boolean autoRegister;
    private final Optional<String> authorization;
    private final Map<String, Integer> idBySubjectAndSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemaById = new ConcurrentHashMap<>();

    /**
     * @param baseUrl      e.g. {@code http://schema-registry:8081}
     * @param basicAuth    {@code user:password}, or null
     * @param autoRegister register unknown schemas; when false, a schema must already be registered
     */
    public HttpSchemaRegistry(String baseUrl, Duration timeout, String basicAuth, boolean autoRegister) {
        this.baseUri = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.timeout = timeout;
        this.autoRegister = autoRegister;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.authorization = Optional.ofNullable(basicAuth).filter(s -> !s.isBlank())
                .map(s -> "Basic " + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public int register(String subject, Schema schema) {
        String cacheKey = subject + '\u0000' + schema.toString();
        return idBySubjectAndSchema.computeIfAbsent(cacheKey, k -> {
            String path = "subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + (autoRegister ? "/versions" : "");
            String body = JSON.createObjectNode().put("schema", schema.toString()).put("schemaType", "AVRO").toString();
            JsonNode answer = call(HttpRequest.newBuilder(baseUri.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body)),
                    (autoRegister ? "register schema " : "look up schema ") + schema.getFullName() + " under subject " + subject);
            int id = answer.path("id").asInt(-1);
            if (id < 0) {
                throw new SchemaRegistryException("schema registry at " + baseUri + " answered without an id: " + answer);
            }
            schemaById.putIfAbsent(id, schema);
            return id;
        });
    }

    @Override
    public Schema schemaById(int id) {
        return schemaById.computeIfAbsent(id, i -> {
            JsonNode answer = call(HttpRequest.newBuilder(baseUri.resolve("schemas/ids/" + i)).GET(), "fetch schema id " + i);
            String type = answer.path("schemaType").asText("AVRO");
            if (!"AVRO".equals(type)) {
                throw new SchemaRegistryException("schema id " + i + " is a " + type + " schema, not Avro");
            }
            return new Schema.Parser().parse(answer.path("schema").asText());
        });
    }

    @Override
    public java.util.Optional<RegistryCalls> calls() {
        return java.util.Optional.of(calls);
    }

    private JsonNode call(HttpRequest.Builder request, String what) {
        calls.calls().incrementAndGet();
        try {
            return send(request, what);
        } catch (SchemaRegistryUnavailableException e) {
            calls.failures().incrementAndGet();
            throw e;
        }
    }

    private JsonNode send(HttpRequest.Builder request, String what) {
        request.timeout(timeout).header("Accept", CONTENT_TYPE).header("Content-Type", CONTENT_TYPE);
        authorization.ifPresent(a -> request.header("Authorization", a));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new SchemaRegistryUnavailableException("schema registry at " + baseUri + " did not answer within " + timeout.toMillis()
                    + " ms to: " + what);
        } catch (IOException e) {
            throw new SchemaRegistryUnavailableException("cannot reach schema registry at " + baseUri + " to " + what + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryUnavailableException("interrupted while asking schema registry to " + what, e);
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            String detail = body.has("message") ? body.path("message").asText() + " (error code " + body.path("error_code").asInt() + ")"
                    : response.body();
            String message = "schema registry at " + baseUri + " refused to " + what + ": HTTP " + response.statusCode() + ": " + detail;
            throw isTransient(response.statusCode()) ? new SchemaRegistryUnavailableException(message) : new SchemaRegistryException(message);
        }
        return body;
    }

    /** Server errors, request timeouts and rate limiting pass; any other answer is the registry's word on the schema. */
    static boolean isTransient(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode().put("message", body);
        }
    }
}
