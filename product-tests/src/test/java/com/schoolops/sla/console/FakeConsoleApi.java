package com.schoolops.sla.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.schoolops.sla.http.ConsoleTexts;
import com.schoolops.sla.query.ApiJson;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The console's page and texts as the product serves them, over a query API answered from memory in the shapes of the
 * real one and of the HTTP contract of issue 38 (sessions with the {@code sla_csrf} cookie, the customer's scope, the
 * fault report, the desk's actions, the rating): the browser side tested on its own, in Chromium, while the server
 * side is built elsewhere. Two schools; users {@code li.hua} (customer of school-3) and {@code otto} (operator).
 * It keeps every write the page made, and every request it refused (403), for the test to look at.
 */
final class FakeConsoleApi implements AutoCloseable {
    static final String ZONE = "Asia/Shanghai";
    /** How long the "engine" takes to read a reported fault: the page shows it as being recorded meanwhile. */
    static final Duration ENGINE_LAG = Duration.ofMillis(1500);

    record User(String name, String role, List<String> sites) {
        boolean operator() {
            return role.equals("operator");
        }

        boolean sees(String site) {
            return sites.isEmpty() || sites.contains(site);
        }
    }

    /** A write the page made: who, what, the JSON body, and whether its X-CSRF-Token matched the cookie. */
    record Write(String user, String path, JsonNode body, boolean csrf) {
    }

    static final Map<String, User> USERS = Map.of(
            "li.hua", new User("li.hua", "customer", List.of("school-3")),
            "otto", new User("otto", "operator", List.of()));

    final List<Write> writes = new CopyOnWriteArrayList<>();
    final List<String> refused = new CopyOnWriteArrayList<>();
    final Map<String, Ticket> tickets = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, User> sessions = new ConcurrentHashMap<>();
    private final Javalin server;
    private int next = 1;

    /** A ticket as the desk keeps it; read as the query API's TicketView with the desk's status and satisfaction. */
    static final class Ticket {
        String id;
        String siteId;
        String deviceId;
        String category;
        String severity;
        String description;
        Instant openedAt;
        Instant visibleAt;
        Instant acknowledgedAt;
        Instant resolvedAt;
        boolean dispatched;
        boolean closed;
        int reopened;
        Integer satisfaction;
    }

    FakeConsoleApi() {
        server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/console";
                files.location = Location.CLASSPATH;
            });
            config.staticFiles.enableWebjars();
            var r = config.routes;
            r.before(this::check);
            r.get("/login", ctx -> ctx.contentType("text/html; charset=utf-8").result("""
                    <!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>登录 · Log in</title>
                    <form method="post" action="/login"><input name="user" id="user"><input name="password" id="password" type="password">
                    <input type="hidden" name="next" value="%s"><button id="login" type="submit">登录 · Log in</button></form>"""
                    .formatted(ctx.queryParam("next") == null ? "/" : ctx.queryParam("next").replace("\"", ""))));
            r.post("/login", this::login);
            r.post("/logout", ctx -> {
                written(ctx);
                sessions.remove(String.valueOf(ctx.cookie("sla_session")));
                ctx.res().addHeader("Set-Cookie", "sla_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
                ctx.res().addHeader("Set-Cookie", "sla_csrf=; Path=/; Max-Age=0; SameSite=Strict");
                ctx.status(303).header("Location", "/login");
            });
            r.get(ConsoleTexts.PATH, ConsoleTexts::serve);
            r.get("/api/me", ctx -> {
                User u = user(ctx);
                json(ctx, Map.of("secured", true, "user", u.name(), "role", u.role(), "zone", ZONE,
                        "scope", u.sites().isEmpty() ? ApiJson.MAPPER.nullNode() : Map.of("sites", u.sites(), "contracts", List.of())));
            });
            r.get("/api/sites", ctx -> {
                ArrayNode items = ApiJson.MAPPER.createArrayNode();
                String status = ctx.queryParam("status");
                for (String site : List.of("school-1", "school-3")) {
                    if (user(ctx).sees(site) && (status == null || status.contains(summary(site).path("status").asText()))) {
                        items.add(summary(site));
                    }
                }
                json(ctx, answer(items));
            });
            r.get("/api/sites/{site}", ctx -> json(ctx, ApiJson.MAPPER.createObjectNode().<ObjectNode>set("site", summary(ctx.pathParam("site")))
                    .set("devices", devices(ctx.pathParam("site")))));
            r.get("/api/sites/{site}/obligations", ctx -> json(ctx, obligations(ctx.pathParam("site"))));
            r.get("/api/sites/{site}/events", ctx -> json(ctx, events(ctx.pathParam("site"))));
            r.get("/api/sites/{site}/reports/{kind}", ctx -> ctx.contentType("text/html; charset=utf-8")
                    .result("<h1>" + ctx.pathParam("kind") + " " + ctx.queryString() + "</h1>"));
            r.get("/api/tickets", ctx -> {
                ArrayNode items = ApiJson.MAPPER.createArrayNode();
                for (Ticket t : visible()) {
                    if (ctx.queryParam("site") == null || ctx.queryParam("site").equals(t.siteId)) {
                        items.add(view(t));
                    }
                }
                json(ctx, answer(items));
            });
            r.get("/api/tickets/{ticket}", ctx -> {
                Ticket t = tickets.get(ctx.pathParam("ticket"));
                if (t == null || !visible().contains(t)) {
                    ctx.status(404).result("{\"error\":\"no such ticket\"}");
                } else {
                    json(ctx, view(t));
                }
            });
            r.get("/api/at-risk", ctx -> {
                ArrayNode items = ApiJson.MAPPER.createArrayNode();
                visible().forEach(t -> view(t).path("clocks").forEach(c -> {
                    if (!c.path("deadline").isNull()) {
                        items.add(c);
                    }
                }));
                json(ctx, answer(items));
            });
            r.post("/api/tickets", this::report);
            r.post("/api/tickets/{ticket}/{action}", this::ticketAction);
            r.get("/api/escalations", ctx -> json(ctx, List.of()));
            r.get("/api/escalations/stream", ctx -> ctx.status(204)); // no live feed here: EventSource stops on a 204
            r.get("/api/kpis", ctx -> json(ctx, Map.of("closed", List.of(), "open", List.of(kpiToday()), "unreachable", List.of())));
            r.get("/api/contracts", ctx -> json(ctx, Map.of("contracts", List.of(Map.of("contractId", "seed-004", "calendar", "cn-default",
                    "kpiTargets", Map.of("responseCompliancePct", 95, "deviceAvailabilityPct", 99), "version", 1, "versions", 1)))));
            r.get("/api/contracts/{id}/versions", ctx -> json(ctx, Map.of("id", ctx.pathParam("id"), "kind", "CONTRACT",
                    "versions", List.of(Map.of("version", 1, "recordedAt", Instant.now().minus(Duration.ofDays(90)).toString(),
                            "document", Map.of("id", "seed-004", "severities", ApiJson.MAPPER.createObjectNode() // in the contract's order
                                    .putNull("A").putNull("B").putNull("C").putNull("D")))))));
            r.get("/api/audit", ctx -> {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (Write w : writes) {
                    rows.add(0, Map.of("at", Instant.now().toString(), "actor", w.user(), "role", USERS.get(w.user()).role(),
                            "action", w.path(), "remoteAddress", "127.0.0.1", "outcome", "ACCEPTED"));
                }
                json(ctx, rows);
            });
            r.get("/api/notifications", ctx -> json(ctx, List.of()));
            r.get("/api/calendars", ctx -> json(ctx, Map.of("items", List.of(), "warnings", List.of())));
        });
        server.start(0);
    }

    int port() {
        return server.port();
    }

    String url() {
        return "http://localhost:" + port();
    }

    /**
     * As the contract asks: a page without a session goes to the login, an API call is 401; a write needs X-CSRF-Token
     * equal to the sla_csrf cookie; a customer reads its own school and reports and rates, nothing else (403).
     */
    private void check(Context ctx) {
        String path = ctx.path();
        if (path.equals("/login") || path.equals("/favicon.ico") || path.endsWith(".js") || path.endsWith(".css") || path.startsWith("/webjars/")) {
            return;
        }
        User u = sessions.get(String.valueOf(ctx.cookie("sla_session")));
        if (u == null) {
            if (path.startsWith("/api/") || path.equals(ConsoleTexts.PATH) || ctx.method() != HandlerType.GET) {
                refuse(ctx, 401, "no session");
            } else {
                ctx.status(303).header("Location", "/login?next=" + java.net.URLEncoder.encode(path, java.nio.charset.StandardCharsets.UTF_8));
                ctx.skipRemainingHandlers();
            }
            return;
        }
        ctx.attribute("user", u);
        boolean write = ctx.method() == HandlerType.POST;
        if (write && !String.valueOf(ctx.cookie("sla_csrf")).equals(ctx.header("X-CSRF-Token"))) {
            refuse(ctx, 403, "no or another X-CSRF-Token");
            return;
        }
        if (u.role().equals("customer") && !customerMay(u, ctx, path, write)) {
            refuse(ctx, 403, "not for a customer: " + ctx.method() + " " + path);
        }
    }

    private boolean customerMay(User u, Context ctx, String path, boolean write) {
        if (write) {
            return path.equals("/api/tickets") || path.equals("/logout") || path.matches("/api/tickets/[^/]+/rating");
        }
        if (path.equals("/") || path.equals("/index.html") || path.equals("/api/me") || path.equals(ConsoleTexts.PATH) || path.equals("/api/sites")) {
            return true;
        }
        java.util.regex.Matcher site = java.util.regex.Pattern.compile("/api/sites/([^/]+)(/obligations|/events|/reports/.*)?").matcher(path);
        if (site.matches()) {
            return u.sees(site.group(1));
        }
        if (path.equals("/api/tickets")) {
            return ctx.queryParam("site") != null && u.sees(ctx.queryParam("site"));
        }
        java.util.regex.Matcher ticket = java.util.regex.Pattern.compile("/api/tickets/([^/]+)").matcher(path);
        return ticket.matches() && tickets.containsKey(ticket.group(1)) && u.sees(tickets.get(ticket.group(1)).siteId);
    }

    private void refuse(Context ctx, int status, String why) {
        refused.add(status + " " + ctx.method() + " " + ctx.path() + ": " + why);
        ctx.status(status).contentType("application/json").result(ApiJson.MAPPER.createObjectNode().put("error", why).toString());
        ctx.skipRemainingHandlers();
    }

    private void login(Context ctx) {
        User u = USERS.get(ctx.formParam("user"));
        if (u == null || !("pw-" + u.name()).equals(ctx.formParam("password"))) {
            ctx.status(303).header("Location", "/login");
            return;
        }
        String session = UUID.randomUUID().toString();
        sessions.put(session, u);
        ctx.res().addHeader("Set-Cookie", "sla_session=" + session + "; Path=/; HttpOnly; SameSite=Strict");
        ctx.res().addHeader("Set-Cookie", "sla_csrf=" + UUID.randomUUID() + "; Path=/; SameSite=Strict");
        String to = ctx.formParam("next");
        ctx.status(303).header("Location", to == null || !to.startsWith("/") ? "/" : to);
    }

    private static User user(Context ctx) {
        return ctx.attribute("user");
    }

    private JsonNode written(Context ctx) throws Exception {
        JsonNode body = ApiJson.MAPPER.readTree(ctx.body().isBlank() ? "{}" : ctx.body());
        writes.add(new Write(user(ctx).name(), ctx.path(), body, true));
        return body;
    }

    /** POST /api/tickets: the fault report, visible to the reads once the "engine" has read it. */
    private void report(Context ctx) throws Exception {
        JsonNode body = written(ctx);
        String site = body.path("siteId").asText();
        if (!user(ctx).sees(site) || !Set.of("HARDWARE", "SOFTWARE", "NETWORK", "CONSULTATION", "COMPLAINT").contains(body.path("category").asText())
                || body.path("description").asText().isBlank()) {
            ctx.status(400).result("{\"error\":\"siteId, category and description\"}");
            return;
        }
        Ticket t = new Ticket();
        synchronized (this) {
            t.id = "W-" + next++;
        }
        t.siteId = site;
        t.deviceId = body.path("deviceId").isMissingNode() ? null : body.path("deviceId").asText();
        t.category = body.path("category").asText();
        t.severity = body.path("severity").isMissingNode() ? "C" : body.path("severity").asText();
        t.description = body.path("description").asText();
        t.openedAt = Instant.now();
        t.visibleAt = t.openedAt.plus(ENGINE_LAG);
        tickets.put(t.id, t);
        ctx.status(202).result(ApiJson.MAPPER.createObjectNode().put("ticketId", t.id).toString());
    }

    private void ticketAction(Context ctx) throws Exception {
        JsonNode body = written(ctx);
        Ticket t = tickets.get(ctx.pathParam("ticket"));
        String action = ctx.pathParam("action");
        if (t == null || t.closed) {
            ctx.status(404).result("{\"error\":\"no such open ticket\"}");
            return;
        }
        if (action.equals("rating")) {
            int stars = body.path("satisfaction").asInt();
            if (t.resolvedAt == null || t.satisfaction != null || stars < 1 || stars > 5) {
                ctx.status(t.resolvedAt == null || t.satisfaction != null ? 409 : 400).result("{\"error\":\"not resolved, or rated\"}");
                return;
            }
            t.satisfaction = stars;
        } else if (!user(ctx).operator()) {
            refuse(ctx, 403, "not for a customer");
            return;
        } else {
            switch (action) {
                case "acknowledge" -> t.acknowledgedAt = Instant.now();
                case "dispatch" -> t.dispatched = true;
                case "on-site" -> { }
                case "resolve" -> t.resolvedAt = Instant.now();
                case "reopen" -> {
                    t.resolvedAt = null;
                    t.reopened++;
                }
                case "close" -> t.closed = true;
                case "severity" -> t.severity = body.path("severity").asText();
                default -> {
                    ctx.status(404);
                    return;
                }
            }
        }
        ctx.status(202).result("{}");
    }

    private List<Ticket> visible() {
        Instant now = Instant.now();
        synchronized (tickets) {
            return tickets.values().stream().filter(t -> !t.closed && !t.visibleAt.isAfter(now)).toList();
        }
    }

    /**
     * The ticket as GET /api/tickets writes it (with the status and satisfaction the desk adds): seed-004's RESPONSE
     * 30 min (stopped by the acknowledgement) and RESTORE 4 h.
     */
    private static ObjectNode view(Ticket t) {
        ObjectNode v = ApiJson.MAPPER.createObjectNode().put("ticketId", t.id).put("siteId", t.siteId).put("deviceId", t.deviceId)
                .put("contractId", "seed-004").put("severity", t.severity).put("category", t.category).put("openedAt", t.openedAt.toString())
                .put("acknowledgedAt", t.acknowledgedAt == null ? null : t.acknowledgedAt.toString())
                .put("resolvedAt", t.resolvedAt == null ? null : t.resolvedAt.toString()).put("dispatched", t.dispatched).put("reopened", t.reopened)
                .put("status", t.closed ? "CLOSED" : t.resolvedAt != null ? "RESOLVED" : t.reopened > 0 ? "REOPENED" : t.dispatched ? "DISPATCHED"
                        : t.acknowledgedAt != null ? "ACKNOWLEDGED" : "OPEN").put("satisfaction", t.satisfaction);
        ArrayNode clocks = v.putArray("clocks");
        clocks.add(clock(t, "RESPONSE", "30m", Duration.ofMinutes(30), t.acknowledgedAt != null || t.resolvedAt != null, 2));
        clocks.add(clock(t, "RESTORE", "4h", Duration.ofHours(4), t.resolvedAt != null, 3));
        return v;
    }

    private static ObjectNode clock(Ticket t, String name, String target, Duration length, boolean stopped, int tier) {
        long used = Duration.between(t.openedAt, Instant.now()).toMillis();
        boolean breached = used > length.toMillis();
        return ApiJson.MAPPER.createObjectNode().put("ticketId", t.id).put("siteId", t.siteId).put("deviceId", t.deviceId)
                .put("contractId", "seed-004").put("severity", t.severity).put("clock", name).put("target", target).put("working", false)
                .put("deadline", stopped || breached ? null : t.openedAt.plus(length).toString()).put("usedMs", used)
                .put("timeLeftMs", length.toMillis() - used).put("usedPct", 100.0 * used / length.toMillis())
                .put("paused", false).put("stopped", stopped).put("breached", breached).put("tier", tier);
    }

    private static ObjectNode summary(String site) {
        boolean bad = site.equals("school-3");
        ObjectNode s = ApiJson.MAPPER.createObjectNode().put("siteId", site).put("status", bad ? "AMBER" : "GREEN").put("devices", 4);
        s.putObject("devicesByState").put("UP", bad ? 3 : 4).put("DOWN", bad ? 1 : 0);
        if (!bad) {
            ((ObjectNode) s.path("devicesByState")).remove("DOWN");
        }
        s.putNull("outage");
        return s;
    }

    private static ArrayNode devices(String site) {
        String p = site.equals("school-3") ? "s3" : "s1";
        ArrayNode devices = ApiJson.MAPPER.createArrayNode();
        Instant heard = Instant.now().minusSeconds(20);
        for (String[] d : new String[][]{{p + "-server", "CLOUD_SERVER"}, {p + "-switch", "SWITCH"}, {p + "-t1", "CLOUD_TERMINAL"}, {p + "-t2", "CLOUD_TERMINAL"}}) {
            boolean down = d[0].equals("s3-t1");
            devices.addObject().put("deviceId", d[0]).put("siteId", site).put("deviceType", d[1]).put("contractId", "seed-004")
                    .put("state", down ? "DOWN" : "UP").put("lastSeen", (down ? heard.minus(Duration.ofHours(2)) : heard).toString())
                    .put("reason", down ? "silent since " + com.schoolops.sla.text.LocalTimes.format(heard.minus(Duration.ofHours(2)), ZoneId.of(ZONE)) : null).putNull("rootCauseDeviceId")
                    .put("parentDeviceId", d[0].contains("-t") ? p + "-switch" : null).put("critical", !d[0].contains("-t"));
        }
        return devices;
    }

    /** This quarter's inspection (open) and return visit (met), with the visit that met it, in the site's zone. */
    private static ObjectNode obligations(String site) {
        LocalDate today = LocalDate.now(ZoneId.of(ZONE));
        LocalDate start = today.withDayOfMonth(1).withMonth((today.getMonthValue() - 1) / 3 * 3 + 1);
        LocalDate end = start.plusMonths(3);
        Instant endAt = end.atStartOfDay(ZoneId.of(ZONE)).toInstant();
        ObjectNode o = ApiJson.MAPPER.createObjectNode().put("siteId", site).put("contractId", "seed-004").put("zone", ZONE);
        ArrayNode list = o.putArray("obligations");
        for (String[] ob : new String[][]{{"inspection", "INSPECTION", "OPEN", "0"}, {"return-visit", "RETURN_VISIT", "MET", "1"}}) {
            ObjectNode x = list.addObject().put("obligationId", ob[0]).put("kind", ob[1]).put("allModes", false).put("required", 1)
                    .put("done", Integer.parseInt(ob[3])).put("state", ob[2]).put("periodStartLocal", start + " 00:00:00 " + ZONE)
                    .put("periodEndLocal", end + " 00:00:00 " + ZONE).put("timeLeftMs", endAt.toEpochMilli() - System.currentTimeMillis());
            x.putArray("modes").add(ob[0].equals("inspection") ? "ON_SITE" : "PHONE");
        }
        ObjectNode visit = o.putArray("visits").addObject().put("visitId", "v-1").put("kind", "RETURN_VISIT").put("type", "COMPLETED")
                .put("mode", "PHONE").put("at", start.plusDays(3).atTime(10, 0).atZone(ZoneId.of(ZONE)).toInstant().toString())
                .put("atLocal", start.plusDays(3) + " 10:00:00 " + ZONE).put("actor", "otto");
        visit.putArray("engineers").add("eng-2");
        return o;
    }

    /** The final exam in ten days: seed-004 promises one engineer on standby and no pre-check; the terminal that is down. */
    private static ObjectNode events(String site) {
        Instant start = LocalDate.now(ZoneId.of(ZONE)).plusDays(10).atTime(9, 0).atZone(ZoneId.of(ZONE)).toInstant();
        ObjectNode e = ApiJson.MAPPER.createObjectNode().put("siteId", site).put("contractId", "seed-004").put("zone", ZONE);
        ObjectNode event = e.putObject("event").put("eventId", site + "|MAJOR_EVENT|" + start.toEpochMilli()).put("name", "期末考试 final exam")
                .put("start", start.toString()).put("end", start.plus(Duration.ofHours(3)).toString())
                .put("startLocal", com.schoolops.sla.text.LocalTimes.format(start, ZoneId.of(ZONE)))
                .put("endLocal", com.schoolops.sla.text.LocalTimes.format(start.plus(Duration.ofHours(3)), ZoneId.of(ZONE)))
                .put("running", false).putNull("precheck");
        event.putObject("standby").put("minEngineers", 1).putArray("onSite");
        e.set("devicesNotUp", ApiJson.MAPPER.createArrayNode());
        devices(site).forEach(d -> {
            if (!d.path("state").asText().equals("UP")) {
                ((ArrayNode) e.path("devicesNotUp")).add(d);
            }
        });
        return e;
    }

    private static Map<String, Object> kpiToday() {
        LocalDate today = LocalDate.now(ZoneId.of(ZONE));
        return Map.of("scope", "CONTRACT", "scopeId", "seed-004", "granularity", "DAILY",
                "windowStart", today.atStartOfDay(ZoneId.of(ZONE)).toInstant().toString(),
                "windowEnd", today.plusDays(1).atStartOfDay(ZoneId.of(ZONE)).toInstant().toString(),
                "responseCompliancePct", 100.0, "restoreCompliancePct", 100.0, "deviceAvailabilityPct", 98.2, "ticketsOpened", 1);
    }

    private static ObjectNode answer(ArrayNode items) {
        ObjectNode a = ApiJson.MAPPER.createObjectNode().put("instances", 1);
        a.set("items", items);
        a.putArray("unreachable");
        a.putNull("next");
        return a;
    }

    private static void json(Context ctx, Object body) throws Exception {
        ctx.contentType("application/json").result(ApiJson.MAPPER.writeValueAsString(body));
    }

    @Override
    public void close() {
        server.stop();
    }
}
