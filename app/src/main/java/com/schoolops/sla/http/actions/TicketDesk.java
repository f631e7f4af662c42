package com.schoolops.sla.http.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.http.security.Scope;
import com.schoolops.sla.policy.ContractReadSide.SeverityTerms;
import com.schoolops.sla.query.ApiJson;
import com.schoolops.sla.serde.JsonRecords;
import com.schoolops.sla.text.Texts;
import com.schoolops.sla.text.Texts.Lang;
import com.schoolops.sla.tickets.TicketReadSide.TicketView;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The ticket desk (SPEC section 12): a school reports a fault (网络受理, {@link FaultReport}) and rates the repair once
 * it is resolved; an operator moves a ticket through its life (acknowledged, dispatched, on site, resolved, closed,
 * reopened, its severity changed). Each is the ordinary {@link TicketEvent} on {@code fault-tickets} with {@code actor}
 * the user, audited ({@link Replies}); what a ticket's status does not allow is answered 409 with the reason
 * ({@link DeskRules}) rather than written for the engine to ignore or set aside. Whoever follows a ticket reads it
 * back with its clocks and status. Every request names a site in the user's {@link Scope}, or is refused 403. The
 * reasons are in the reader's language ({@code lang}, else {@code Accept-Language}; Chinese by default).
 */
public final class TicketDesk {
    /** The longest description or note taken, in characters. */
    static final int MAX_TEXT = 2_000;

    private final DeskReads reads;
    private final Producer<String, TicketEvent> producer;
    private final String topic;
    private final Replies replies;
    private final InstantSource clock;
    private final TicketIds ids;

    TicketDesk(DeskReads reads, Producer<String, TicketEvent> producer, String topic, Replies replies, InstantSource clock, TicketIds ids) {
        this.reads = reads;
        this.producer = producer;
        this.topic = topic;
        this.replies = replies;
        this.clock = clock;
        this.ids = ids;
    }

    public void routes(JavalinDefaultRoutingApi r) {
        r.post("/api/tickets", this::report);
        r.get("/api/tickets/{ticket}", this::show);
        r.post("/api/tickets/{ticket}/acknowledge", ctx -> step(ctx, TicketEventType.ACKNOWLEDGED));
        r.post("/api/tickets/{ticket}/dispatch", ctx -> step(ctx, TicketEventType.DISPATCHED));
        r.post("/api/tickets/{ticket}/on-site", ctx -> step(ctx, TicketEventType.ON_SITE));
        r.post("/api/tickets/{ticket}/resolve", ctx -> step(ctx, TicketEventType.RESOLVED));
        r.post("/api/tickets/{ticket}/close", ctx -> step(ctx, TicketEventType.CLOSED));
        r.post("/api/tickets/{ticket}/reopen", ctx -> step(ctx, TicketEventType.REOPENED));
        r.post("/api/tickets/{ticket}/severity", this::severity);
        r.post("/api/tickets/{ticket}/rating", this::rating);
    }

    /** A school's fault report: a new ticket, OPENED now; 202 with its id. */
    private void report(Context ctx) {
        Texts texts = texts(ctx);
        String action = TicketEventType.OPENED.name();
        FaultReport report = FaultReport.read(Replies.body(ctx, action, null), reads, Scope.of(ctx), clock.millis(), texts);
        String id = ids.next(clock.instant(), this::isKept);
        TicketEvent event = TicketEvent.newBuilder().setTicketId(id).setType(TicketEventType.OPENED).setTimestamp(clock.millis())
                .setSiteId(report.siteId()).setDeviceId(report.deviceId()).setContractId(report.contractId())
                .setSeverity(report.severity()).setCategory(report.category()).setActor(Replies.actor(ctx))
                .setNote(report.description()).build();
        write(event);
        replies.done(ctx, action, id, ApiJson.MAPPER.createObjectNode().put("ticketId", id), JsonRecords.toJson(event));
    }

    /** Whether the engine keeps a ticket under {@code id}; an instance that does not answer now does not hold the report up. */
    private boolean isKept(String id) {
        try {
            return reads.ticket(id).isPresent();
        } catch (com.schoolops.sla.query.ClusterQueries.NotAvailable e) {
            return false;
        }
    }

    /** One ticket with its clocks and status, while the engine keeps it. */
    private void show(Context ctx) {
        Texts texts = texts(ctx);
        String id = ctx.pathParam("ticket");
        Optional<TicketView> ticket = reads.ticket(id);
        if (ticket.isEmpty()) {
            ctx.status(404).contentType("application/json").result(error(texts.get("ticket.unknown", id)));
        } else if (!inScope(ctx, ticket.get())) {
            ctx.status(403).contentType("application/json").result(error(texts.get("refused.scope", ticket.get().siteId())));
        } else {
            try {
                ctx.contentType("application/json").result(ApiJson.MAPPER.writeValueAsString(ticket.get()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A step with no more than an optional {@code note}. */
    private void step(Context ctx, TicketEventType type) {
        Texts texts = texts(ctx);
        String id = ctx.pathParam("ticket");
        JsonNode body = Replies.body(ctx, type.name(), id);
        TicketView t = allowed(ctx, texts, type, id);
        write(ctx, t, event(ctx, t, type, note(body, "note", type, id, texts)));
    }

    /** The desk's triage: SEVERITY_CHANGED to one of the severities of the contract version that judges the ticket. */
    private void severity(Context ctx) {
        Texts texts = texts(ctx);
        TicketEventType type = TicketEventType.SEVERITY_CHANGED;
        String id = ctx.pathParam("ticket");
        JsonNode body = Replies.body(ctx, type.name(), id);
        TicketView t = allowed(ctx, texts, type, id);
        SeverityTerms terms = reads.severitiesOf(t.contractId(), t.contractVersion()).orElseThrow(() ->
                new com.schoolops.sla.query.ClusterQueries.NotAvailable("contract " + t.contractId() + " version " + t.contractVersion()
                        + " of ticket " + id + " is not known here yet"));
        var severities = terms.severities();
        String severity = body.path("severity").isTextual() ? body.get("severity").asText() : null;
        if (severity == null || !severities.contains(severity)) {
            throw new Replies.BadAction(type.name(), id, severity == null ? texts.get("severity.missing", severities)
                    : texts.get("report.severity.unknown", severity, t.contractId(), severities));
        }
        if (severity.equals(t.severity())) {
            throw new Replies.BadAction(409, type.name(), id, texts.get("severity.same", id, severity));
        }
        TicketEvent.Builder e = event(ctx, t, type, note(body, "note", type, id, texts));
        write(ctx, t, e.setSeverity(severity));
    }

    /** The school's rating of the repair, 1 to 5, once it is resolved: CALLBACK_DONE with {@code satisfaction}. */
    private void rating(Context ctx) {
        Texts texts = texts(ctx);
        TicketEventType type = TicketEventType.CALLBACK_DONE;
        String id = ctx.pathParam("ticket");
        JsonNode body = Replies.body(ctx, type.name(), id);
        JsonNode satisfaction = body.path("satisfaction");
        if (!satisfaction.canConvertToExactIntegral() || satisfaction.asInt() < 1 || satisfaction.asInt() > 5) {
            throw new Replies.BadAction(type.name(), id, texts.get("rating.range"));
        }
        TicketView t = allowed(ctx, texts, type, id);
        write(ctx, t, event(ctx, t, type, note(body, "note", type, id, texts)).setSatisfaction(satisfaction.asInt()));
    }

    /** The ticket, when it is there, in the user's scope, and its status allows {@code type}; else refused (404, 403, 409). */
    private TicketView allowed(Context ctx, Texts texts, TicketEventType type, String id) {
        TicketView t = reads.ticket(id).orElseThrow(() -> new Replies.BadAction(404, type.name(), id, texts.get("ticket.unknown", id)));
        if (!inScope(ctx, t)) {
            throw new Replies.BadAction(403, type.name(), id, texts.get("refused.scope", t.siteId()));
        }
        Optional<String> refusal = DeskRules.refusal(t, type);
        if (refusal.isPresent()) {
            throw new Replies.BadAction(409, type.name(), id, texts.get(refusal.get(), id, String.valueOf(t.status()), t.satisfaction()));
        }
        return t;
    }

    private static boolean inScope(Context ctx, TicketView t) {
        return Scope.of(ctx).allowsSite(t.siteId(), t.contractId());
    }

    private TicketEvent.Builder event(Context ctx, TicketView t, TicketEventType type, String note) {
        return TicketEvent.newBuilder().setTicketId(t.ticketId()).setType(type).setTimestamp(clock.millis()).setSiteId(t.siteId())
                .setDeviceId(t.deviceId()).setActor(Replies.actor(ctx)).setNote(note);
    }

    private void write(Context ctx, TicketView t, TicketEvent.Builder e) {
        TicketEvent event = e.build();
        write(event);
        replies.done(ctx, event.getType().name(), t.ticketId(), JsonRecords.toJson(event));
    }

    private void write(TicketEvent event) {
        Replies.write(() -> producer.send(new ProducerRecord<>(topic, event.getTicketId(), event))
                .get(Replies.WRITE_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }

    /** An optional text of the body, at most {@link #MAX_TEXT} characters; null when absent or blank. */
    static String note(JsonNode body, String field, TicketEventType type, String target, Texts texts) {
        JsonNode node = body.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        String text = node.asText().strip();
        if (text.length() > MAX_TEXT) {
            throw new Replies.BadAction(type.name(), target, texts.get("text.long", field, MAX_TEXT));
        }
        return text.isEmpty() ? null : text;
    }

    /** The texts of the desk in the request's language: {@code lang}, else its {@code Accept-Language}. */
    static Texts texts(Context ctx) {
        return Texts.of("desk", Lang.of(ctx.queryParam("lang"), Lang.fromAcceptLanguage(ctx.header("Accept-Language"))));
    }

    private static String error(String why) {
        return ApiJson.MAPPER.createObjectNode().put("error", why).toString();
    }
}
