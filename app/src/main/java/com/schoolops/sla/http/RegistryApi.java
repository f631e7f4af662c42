package com.schoolops.sla.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.schoolops.sla.query.ApiJson;
import com.schoolops.sla.serde.InMemorySchemaRegistry;
import com.schoolops.sla.topics.TopicSpec;
import com.schoolops.sla.topics.Topics;
import io.javalin.router.JavalinDefaultRoutingApi;
import com.schoolops.sla.http.security.Access;
import com.schoolops.sla.http.security.Right;
import com.schoolops.sla.http.security.Role;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Confluent Schema Registry REST API over the in-memory registry, for the schemas this build knows: one subject per
 * topic ({@code <topic>-value}, the default TopicNameStrategy), one version each, with the ids the in-memory registry
 * gives (from the schema's fingerprint, the same in every process). Standard clients then write inputs and read
 * outputs with no set-up. Registering a subject's own schema (in any formatting) is a lookup, answered with its id to
 * anyone who may read (a stock serializer registers by default); any other schema needs the admin role, and is then
 * refused with 409, since this registry cannot tell the other instances of it. Errors come in the registry's format,
 * {@code {"error_code": 40401, "message": "..."}}, so its clients print them.
 */
public final class RegistryApi {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private final Map<String, Schema> bySubject = new TreeMap<>();

    public RegistryApi(Topics topics) {
        for (TopicSpec<?, ?> topic : topics.all()) {
            if (org.apache.avro.specific.SpecificRecord.class.isAssignableFrom(topic.valueType())) {
                bySubject.put(topic.name() + "-value", SpecificData.get().getSchema(topic.valueType()));
            }
        }
    }

    /** Whether {@code path} is the registry API's (its errors are then in the registry's format). */
    public static boolean serves(String path) {
        return path.equals("/subjects") || path.startsWith("/subjects/") || path.startsWith("/schemas/") || path.equals("/config")
                || path.startsWith("/config/") || path.startsWith("/compatibility/");
    }

    /** A POST that only asks (a lookup, a compatibility check, or registering what is already there): a reader's. */
    public static boolean looksUp(HandlerType method, String path) {
        return method == HandlerType.POST && (path.startsWith("/subjects/") || path.startsWith("/compatibility/subjects/"));
    }

    public void routes(JavalinDefaultRoutingApi app) {
        app.get("/subjects", ctx -> answer(ctx, 200, List.copyOf(bySubject.keySet())));
        app.get("/config", ctx -> answer(ctx, 200, Map.of("compatibilityLevel", "BACKWARD"))); // asked by Kafka UI and AKHQ
        app.get("/schemas/types", ctx -> answer(ctx, 200, List.of("AVRO")));
        app.get("/subjects/{subject}/versions", ctx -> withSubject(ctx, schema -> answer(ctx, 200, List.of(1))));
        app.get("/subjects/{subject}/versions/{version}", ctx -> withSubject(ctx, schema -> {
            String v = ctx.pathParam("version");
            if (!v.equals("latest") && !v.equals("1") && !v.equals("-1")) {
                error(ctx, 404, 40402, "Version " + v + " not found.");
                return;
            }
            answer(ctx, 200, version(ctx.pathParam("subject"), schema));
        }));
        app.get("/schemas/ids/{id}", ctx -> {
            int id = Integer.parseInt(ctx.pathParam("id"));
            bySubject.values().stream().filter(s -> InMemorySchemaRegistry.idOf(s) == id).findFirst().ifPresentOrElse(
                    s -> answer(ctx, 200, Map.of("schema", s.toString())), () -> error(ctx, 404, 40403, "Schema " + id + " not found"));
        });
        app.post("/subjects/{subject}/versions", ctx -> withSubject(ctx, schema -> {
            Schema posted = posted(ctx);
            if (posted == null) {
                return;
            }
            if (same(posted, schema)) {
                answer(ctx, 200, Map.of("id", InMemorySchemaRegistry.idOf(schema)));
            } else if (!Optional.ofNullable(ctx.<Role>attribute(Access.ROLE)).map(r -> r.may(Right.ADMINISTER)).orElse(true)) {
                error(ctx, 403, 40301, "Registering a new schema needs the admin role; " + ctx.pathParam("subject")
                        + " has one schema here, which any reader may register (a lookup)");
            } else {
                error(ctx, 409, 409, "This embedded registry serves the product's own schemas only: the schema posted is not "
                        + schema.getFullName() + " as this build knows it. Use the schema from GET /subjects/" + ctx.pathParam("subject")
                        + "/versions/latest, or run with schema.registry.url set to a real Schema Registry.");
            }
        }));
        app.post("/subjects/{subject}", ctx -> withSubject(ctx, schema -> {
            Schema posted = posted(ctx);
            if (posted == null) {
                return;
            }
            if (same(posted, schema)) {
                answer(ctx, 200, version(ctx.pathParam("subject"), schema));
            } else {
                error(ctx, 404, 40403, "Schema not found");
            }
        }));
        app.post("/compatibility/subjects/{subject}/versions/{version}", ctx -> withSubject(ctx, schema -> {
            Schema posted = posted(ctx);
            if (posted != null) {
                boolean compatible = SchemaCompatibility.checkReaderWriterCompatibility(schema, posted).getType()
                        == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
                answer(ctx, 200, Map.of("is_compatible", compatible));
            }
        }));
    }

    private Map<String, Object> version(String subject, Schema schema) {
        return Map.of("subject", subject, "version", 1, "id", InMemorySchemaRegistry.idOf(schema), "schema", schema.toString());
    }

    private static boolean same(Schema a, Schema b) {
        return SchemaNormalization.parsingFingerprint64(a) == SchemaNormalization.parsingFingerprint64(b);
    }

    private void withSubject(Context ctx, java.util.function.Consumer<Schema> then) {
        Schema schema = bySubject.get(ctx.pathParam("subject"));
        if (schema == null) {
            error(ctx, 404, 40401, "Subject '" + ctx.pathParam("subject") + "' not found.");
        } else {
            then.accept(schema);
        }
    }

    /** The schema of a POST body ({"schema": "..."}), or null after answering 422. */
    private static Schema posted(Context ctx) {
        try {
            JsonNode body = ApiJson.MAPPER.readTree(ctx.body());
            String type = body.path("schemaType").asText("AVRO");
            if (!type.equals("AVRO")) {
                error(ctx, 422, 42201, "Only Avro schemas are served here, not " + type);
                return null;
            }
            return new Schema.Parser().parse(body.path("schema").asText());
        } catch (Exception e) {
            error(ctx, 422, 42201, "Invalid schema: " + e.getMessage());
            return null;
        }
    }

    private static void answer(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType(CONTENT_TYPE).result(ApiJson.MAPPER.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An error as the Schema Registry answers it: {@code {"error_code": code, "message": message}}. */
    public static void error(Context ctx, int status, int code, String message) {
        answer(ctx, status, Map.of("error_code", code, "message", message));
    }
}
