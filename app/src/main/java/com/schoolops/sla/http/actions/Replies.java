package com.schoolops.sla.http.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.schoolops.sla.avro.OpsAction;
import com.schoolops.sla.http.security.Access;
import com.schoolops.sla.http.security.Role;
import com.schoolops.sla.query.ApiJson;
import com.schoolops.sla.query.ClusterQueries;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;

import java.io.IOException;
import java.time.InstantSource;
import java.util.Optional;

/**
 * How an action from the console or the API is answered, and audited on {@code ops-audit}: done (202 with what was
 * written) or refused (the status and why, as the rest of the API says it: {@code {"error": …}}). Shared by the
 * operator actions and the ticket desk, so every action is audited the same way.
 */
final class Replies {
    /** How long a write to the cluster may take before the action is answered 503. */
    static final java.time.Duration WRITE_TIMEOUT = java.time.Duration.ofSeconds(30);
    private final AuditLog audit;
    private final InstantSource clock;

    Replies(AuditLog audit, InstantSource clock) {
        this.audit = audit;
        this.clock = clock;
    }

    /** An action that cannot be done as asked (400 by default: its body): answered and audited as every refused attempt is. */
    static final class BadAction extends IllegalArgumentException {
        final int status;
        final String action;
        final String target;

        BadAction(String action, String target, String why) {
            this(400, action, target, why);
        }

        BadAction(int status, String action, String target, String why) {
            super(why);
            this.status = status;
            this.action = action;
            this.target = target;
        }
    }

    /** Answers a {@link BadAction} thrown by any handler of {@code r}. */
    void mount(JavalinDefaultRoutingApi r) {
        r.exception(BadAction.class, (e, ctx) -> refuse(ctx, e.status, e.action, e.target, e.getMessage()));
    }

    /** A request {@link Access} refused (an attempt to act, a failed login): into the audit. {@code outcome} begins "REFUSED: ". */
    void refused(Context ctx, String user, String action, String target, String outcome) {
        audit.record(entry(ctx, user, null, action, target, outcome, null));
    }

    void done(Context ctx, String action, String target, JsonNode written) {
        done(ctx, action, target, ApiJson.MAPPER.createObjectNode(), written);
    }

    /** 202 with {@code answer} and, under {@code written}, the record written. */
    void done(Context ctx, String action, String target, ObjectNode answer, JsonNode written) {
        audit.record(entry(ctx, actor(ctx), role(ctx), action, target, "DONE", written.toString()));
        ctx.status(202).contentType("application/json").result(answer.set("written", written).toString());
    }

    void refuse(Context ctx, int status, String action, String target, String why) {
        audit.record(entry(ctx, actor(ctx), role(ctx), action, target, "REFUSED: " + why, null));
        ctx.status(status).contentType("application/json").result(ApiJson.MAPPER.createObjectNode().put("error", why).toString());
    }

    private OpsAction entry(Context ctx, String actor, String role, String action, String target, String outcome, String detail) {
        return OpsAction.newBuilder().setAt(clock.millis()).setActor(actor == null ? "anonymous" : actor).setRole(role).setAction(action)
                .setTarget(target).setRemoteAddress(ctx.ip()).setOutcome(outcome).setDetail(detail).build();
    }

    /** The user the request is from, {@code anonymous} on a console without a web-config. */
    static String actor(Context ctx) {
        return Optional.ofNullable(ctx.<String>attribute(Access.USER)).orElse("anonymous");
    }

    private static String role(Context ctx) {
        return Optional.ofNullable(ctx.<Role>attribute(Access.ROLE)).map(Role::toString).orElse(null);
    }

    /** The JSON body, or an empty object; a body that is not a JSON object is a 400 ({@link BadAction}). */
    static JsonNode body(Context ctx, String action, String target) {
        String text = ctx.body();
        if (text.isBlank()) {
            return ApiJson.MAPPER.createObjectNode();
        }
        try {
            JsonNode json = ApiJson.MAPPER.readTree(text);
            if (json == null || !json.isObject()) {
                throw new BadAction(action, target, "the body must be a JSON object");
            }
            return json;
        } catch (IOException e) {
            throw new BadAction(action, target, "the body is not JSON");
        }
    }

    interface Write {
        void run() throws Exception;
    }

    /** A write to the cluster; one that fails is a 503 (the cluster is not available), as a question that cannot be answered. */
    static void write(Write write) {
        try {
            write.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new ClusterQueries.NotAvailable("could not write to the cluster: " + e.getMessage());
        }
    }
}
