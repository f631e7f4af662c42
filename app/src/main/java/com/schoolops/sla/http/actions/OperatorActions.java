package com.schoolops.sla.http.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.schoolops.sla.avro.ScheduleWindow;
import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.VisitKind;
import com.schoolops.sla.avro.VisitMode;
import com.schoolops.sla.avro.VisitType;
import com.schoolops.sla.avro.WindowKind;
import com.schoolops.sla.http.security.Access;
import com.schoolops.sla.query.ClusterQueries;
import com.schoolops.sla.serde.JsonRecords;
import com.schoolops.sla.topics.Topics;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What an operator does from the console or the API, written as the ordinary input record with {@code actor} set to
 * the user, so the engine, {@code replay} and every consumer treat it as one from the service desk: a ticket's steps
 * and a school's fault report and rating ({@code fault-tickets}, the {@link TicketDesk}), a maintenance window for a site
 * ({@code site-calendar}, through {@link CalendarWriter}), and a service visit done at a site or an engineer checked in or
 * out for a major event ({@code service-visits}).
 * Each action, and each refused attempt, goes to {@code ops-audit} ({@link Replies}). The answer is 202: the page shows
 * the result once the engine has read it.
 */
public final class OperatorActions implements AutoCloseable {
    private final Topics topics;
    private final ClusterQueries queries;
    private final InstantSource clock;
    private final KafkaProducer<String, TicketEvent> tickets;
    private final KafkaProducer<String, ServiceVisit> visits;
    private final CalendarWriter calendar;
    private final AuditLog audit;
    private final Replies replies;
    private final TicketDesk desk;

    public OperatorActions(Map<String, String> clientSettings, Topics topics, String applicationId, ClusterQueries queries, InstantSource clock) {
        this.topics = topics;
        this.queries = queries;
        this.clock = clock;
        this.tickets = new KafkaProducer<>(com.schoolops.sla.app.KafkaClients.idempotentProducer(clientSettings), new StringSerializer(),
                topics.tickets().valueSerde().serializer());
        this.visits = new KafkaProducer<>(com.schoolops.sla.app.KafkaClients.idempotentProducer(clientSettings), new StringSerializer(),
                topics.visits().valueSerde().serializer());
        this.calendar = new CalendarWriter(clientSettings, topics.calendar(), applicationId);
        this.audit = new AuditLog(clientSettings, topics.audit());
        this.replies = new Replies(audit, clock);
        this.desk = new TicketDesk(DeskReads.of(queries), tickets, topics.tickets().name(), replies, clock,
                new TicketIds(queries.local().zone()));
    }

    public void routes(JavalinDefaultRoutingApi r) {
        replies.mount(r);
        desk.routes(r);
        r.post("/api/sites/{site}/maintenance", this::maintenance);
        r.post("/api/sites/{site}/visits", this::visit);
    }

    /** A request {@link Access} refused (an attempt to act, a failed login): into the audit. {@code outcome} begins "REFUSED: ". */
    public void refused(Context ctx, String user, String action, String target, String outcome) {
        replies.refused(ctx, user, action, target, outcome);
    }

    private void maintenance(Context ctx) {
        String site = ctx.pathParam("site");
        JsonNode body = Replies.body(ctx, "MAINTENANCE", site);
        Instant now = clock.instant();
        Instant start = instant(body, "start", "MAINTENANCE", site).orElse(now);
        Optional<Instant> end = instant(body, "end", "MAINTENANCE", site);
        if (end.isEmpty() || !end.get().isAfter(start) || !end.get().isAfter(now)) {
            replies.refuse(ctx, 400, "MAINTENANCE", site, "\"end\" must be an ISO-8601 instant after \"start\" (default now) and in the future");
            return;
        }
        ScheduleWindow window = ScheduleWindow.newBuilder().setKind(WindowKind.MAINTENANCE).setStart(start.toEpochMilli())
                .setEnd(end.get().toEpochMilli()).setName(body.path("name").asText("maintenance by " + Replies.actor(ctx)))
                .setDeviceId(body.hasNonNull("deviceId") ? body.get("deviceId").asText() : null).build();
        SiteSchedule[] written = new SiteSchedule[1];
        Replies.write(() -> written[0] = calendar.addWindow(site, window));
        replies.done(ctx, "MAINTENANCE", window.getDeviceId() == null ? site : site + "/" + window.getDeviceId(), JsonRecords.toJson(written[0]));
    }

    /** The steps an operator records: a visit done, an engineer arriving for or leaving a major event's standby. */
    private static final List<VisitType> OPERATOR_STEPS = List.of(VisitType.COMPLETED, VisitType.CHECK_IN, VisitType.CHECK_OUT);

    /**
     * A visit done, as the engineers' own system would write it: one step of {@code kind} (and {@code mode}) at
     * {@code at} (default now; not ahead of now), by {@code engineers}, serving {@code obligationIds} (default every
     * obligation of its kind), with {@code actor} the user. The step is {@code type}: COMPLETED (the default), or for
     * STANDBY (engineers on site through a major event) CHECK_IN or CHECK_OUT, naming at least one engineer. Only for
     * a site in site-registry (the engine refuses others).
     */
    private void visit(Context ctx) {
        String site = ctx.pathParam("site");
        JsonNode body = Replies.body(ctx, "VISIT", site);
        VisitKind kind = enumField(body, "kind", VisitKind.class, site).orElseThrow(() -> new Replies.BadAction("VISIT", site,
                "\"kind\" is needed, one of " + Arrays.toString(VisitKind.values())));
        VisitType type = enumField(body, "type", VisitType.class, site).orElse(VisitType.COMPLETED);
        if (!OPERATOR_STEPS.contains(type)) {
            throw new Replies.BadAction("VISIT", site, "\"type\" is one of " + OPERATOR_STEPS + " here (the others are the engineers' system's)");
        }
        boolean standby = kind == VisitKind.STANDBY;
        if (standby == (type == VisitType.COMPLETED)) {
            throw new Replies.BadAction("VISIT", site, "a STANDBY step is a CHECK_IN or CHECK_OUT, and only a STANDBY step is");
        }
        List<String> engineers = strings(body, "engineers", site);
        if (standby && engineers.isEmpty()) {
            throw new Replies.BadAction("VISIT", site, "\"engineers\": who checks in or out");
        }
        Instant now = clock.instant();
        Instant at = instant(body, "at", "VISIT", site).orElse(now);
        if (at.isAfter(now)) {
            replies.refuse(ctx, 400, "VISIT", site, "\"at\" is ahead of now: a visit is recorded once it is done");
            return;
        }
        if (queries.siteObligations(site).isEmpty()) {
            replies.refuse(ctx, 404, "VISIT", site, "no site " + site + " in site-registry");
            return;
        }
        ServiceVisit visit = ServiceVisit.newBuilder().setVisitId(body.path("visitId").asText(UUID.randomUUID().toString())).setSiteId(site)
                .setKind(kind).setType(type).setMode(enumField(body, "mode", VisitMode.class, site).orElse(null))
                .setTimestamp(at.toEpochMilli()).setEngineers(engineers).setActor(Replies.actor(ctx))
                .setObligationIds(body.hasNonNull("obligationIds") ? strings(body, "obligationIds", site) : null)
                .setNote(body.path("note").asText(null)).build();
        Replies.write(() -> visits.send(new ProducerRecord<>(topics.visits().name(), site, visit)).get(Replies.WRITE_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        replies.done(ctx, "VISIT", site + "/" + visit.getVisitId(), JsonRecords.toJson(visit));
    }

    private static Optional<Instant> instant(JsonNode body, String field, String action, String target) {
        if (!body.hasNonNull(field)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(body.get(field).asText()));
        } catch (DateTimeParseException e) {
            throw new Replies.BadAction(action, target, "\"" + field + "\" is not an ISO-8601 instant");
        }
    }

    private static <E extends Enum<E>> Optional<E> enumField(JsonNode body, String field, Class<E> type, String site) {
        if (!body.hasNonNull(field)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Enum.valueOf(type, body.get(field).asText()));
        } catch (IllegalArgumentException e) {
            throw new Replies.BadAction("VISIT", site, "\"" + field + "\" is not one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    /** A list of strings, empty when absent. */
    private static List<String> strings(JsonNode body, String field, String site) {
        List<String> all = new ArrayList<>();
        JsonNode list = body.path(field);
        if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
            throw new Replies.BadAction("VISIT", site, "\"" + field + "\" must be a list of strings");
        }
        list.forEach(n -> all.add(n.asText()));
        return all;
    }

    @Override
    public void close() {
        tickets.close(Duration.ofSeconds(5));
        visits.close(Duration.ofSeconds(5));
        audit.close();
    }
}
