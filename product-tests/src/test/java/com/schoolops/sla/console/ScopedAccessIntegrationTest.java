package com.schoolops.sla.console;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.app.SlaApplication;
import com.schoolops.sla.avro.DeliveryOutcome;
import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.NotificationDelivery;
import com.schoolops.sla.avro.NotificationKind;
import com.schoolops.sla.avro.Site;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.embedded.FreePorts;
import com.schoolops.sla.http.Console;
import com.schoolops.sla.http.OpsServer;
import com.schoolops.sla.http.security.RouteRules;
import com.schoolops.sla.testing.BrokerFixture;
import com.schoolops.sla.testing.Fleet;
import com.schoolops.sla.testing.HeartbeatPump;
import io.javalin.http.HandlerType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 38 on the real broker: two instances of the application in this JVM (so the test reads the routes of the
 * running servers themselves), locked by one web-config, holding four schools between them: school-1 and school-4 on
 * one site partition, school-2 and school-3 on the other; school-1 and school-2 under seed-004, school-3 and school-4
 * under seed-002. li.hua, school-1's IT teacher, is a customer scoped to it; the bureau a viewer scoped to seed-004; the
 * east team operators scoped to school-3 and school-4; otto an operator of everything.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class ScopedAccessIntegrationTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> SCHOOLS = List.of("school-1", "school-2", "school-3", "school-4");
    static final Map<String, String> CONTRACT = Map.of("school-1", "seed-004", "school-2", "seed-004", "school-3", "seed-002", "school-4", "seed-002");
    /** What li.hua must never see: the other schools (their devices and tickets are named after them) and the other contracts. */
    static final List<String> NOT_LI_HUA = List.of("school-2", "school-3", "school-4", "seed-001", "seed-002", "seed-003");
    BrokerFixture kafka;
    HeartbeatPump pump;
    Path dir;
    final List<Instance> instances = new ArrayList<>();
    final Map<String, List<Device>> devices = new LinkedHashMap<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    record Instance(String name, SlaApplication app, Console console, String url) implements AutoCloseable {
        @Override
        public void close() {
            console.close();
            app.close();
        }
    }

    @BeforeAll
    void start() throws Exception {
        assertEquals(List.of(0, 1, 1, 0), SCHOOLS.stream().map(s -> org.apache.kafka.common.utils.Utils.toPositive(
                org.apache.kafka.common.utils.Utils.murmur2(s.getBytes(StandardCharsets.UTF_8))) % 2).toList(), "each partition holds two schools");
        kafka = new BrokerFixture(Map.of("health.interval.CLOUD_TERMINAL", "1s", "sla.unticketed-grace", "2s"));
        dir = Files.createTempDirectory("scoped-access-it");
        Path webConfig = dir.resolve("web-config.yml");
        Files.writeString(webConfig, """
                basic_auth_users:
                  otto: %s
                  li.hua: %s
                  gangbei-bureau: %s
                  east-team: %s
                roles: {otto: operator, li.hua: customer, gangbei-bureau: viewer, east-team: operator}
                scopes:
                  li.hua: {sites: [school-1]}
                  gangbei-bureau: {contracts: [seed-004]}
                  east-team: {sites: [school-3, school-4]}
                """.formatted(hash("act"), hash("school"), hash("bureau"), hash("east")));
        for (String name : List.of("a", "b")) {
            int port = FreePorts.next();
            AppConfig config = AppConfig.from(kafka.config.settings().with(Map.of("state.dir", kafka.stateDir(name).toString(),
                    "http.port", String.valueOf(port), "http.advertised-host", "localhost", "http.web-config", webConfig.toString())),
                    kafka.config.serdes());
            SlaApplication app = new SlaApplication(config);
            Console console = Console.start(config, app).orElseThrow();
            app.start();
            instances.add(new Instance(name, app, console, "http://localhost:" + port));
        }
        for (Instance i : instances) {
            i.app().awaitRunning(Duration.ofSeconds(90));
        }
        pump = new HeartbeatPump(Duration.ofMillis(300), (id, heartbeat) -> kafka.send("device-heartbeats", id, heartbeat));
        for (String school : SCHOOLS) {
            kafka.send("site-registry", school, Site.newBuilder().setSiteId(school).setContractId(CONTRACT.get(school))
                    .setAcceptedAt(Instant.now().minus(Duration.ofDays(60)).toEpochMilli()).build());
            for (int d = 0; d < 3; d++) {
                Device device = Fleet.device(school + "-d" + d, DeviceType.CLOUD_TERMINAL).at(school).contract(CONTRACT.get(school)).build();
                kafka.send("device-registry", device.getDeviceId(), device);
                devices.computeIfAbsent(school, k -> new ArrayList<>()).add(device);
                pump.beating.add(device);
            }
        }
        await(instances.get(0), "/api/sites", "otto", "act", s -> s.path("instances").asInt() == 2 && s.path("unreachable").isEmpty()
                && s.path("items").size() == 4 && sum(s, "UP") == 12, "every device UP, from both instances");
        for (String school : SCHOOLS) {
            kafka.send("fault-tickets", "tk-" + school, TicketEvent.newBuilder().setTicketId("tk-" + school).setType(TicketEventType.OPENED)
                    .setTimestamp(Instant.now().toEpochMilli()).setSiteId(school).setDeviceId(school + "-d0").setContractId(CONTRACT.get(school))
                    .setSeverity(CONTRACT.get(school).equals("seed-004") ? "B" : "2").setCategory(TicketCategory.HARDWARE).build());
            await(instances.get(0), "/api/sites/" + school + "/obligations", "otto", "act", o -> true, school + " in site-registry");
            long now = System.currentTimeMillis();
            kafka.send("notification-deliveries", "n-" + school, NotificationDelivery.newBuilder().setNotificationId("n-" + school)
                    .setReceiver("noc").setKind(NotificationKind.FIRING).setSiteId(school).setEscalationType(EscalationType.UNTICKETED_OUTAGE)
                    .setTier(1).setOutcome(DeliveryOutcome.DELIVERED).setAttempts(1).setPlannedAt(now - 500).setAt(now).build());
        }
        for (String school : List.of("school-1", "school-3")) { // an operator's action on each side, for the audit
            assertEquals(202, post(instances.get(0), "/api/sites/" + school + "/visits", "otto", "act",
                    "{\"kind\": \"INSPECTION\", \"mode\": \"ON_SITE\", \"engineers\": [\"eng-1\"]}").statusCode());
        }
        await(instances.get(0), "/api/tickets", "otto", "act", t -> t.path("items").size() == 4, "the four tickets");
    }

    @AfterAll
    void stop() {
        if (pump != null) {
            pump.close();
        }
        instances.forEach(Instance::close);
        if (kafka != null) {
            kafka.close();
        }
    }

    static String hash(String password) {
        return BCrypt.withDefaults().hashToString(4, password.toCharArray());
    }

    /**
     * The attack of the issue: a page on another site makes a logged-in operator's browser post an acknowledgement, the
     * browser adding the Basic credentials it has cached for the console. Refused (403, nothing written) whatever the
     * credentials; the same request from curl (no Origin) is accepted. Before the protection, the empty form was
     * accepted (202) and the acknowledgement written as otto's.
     */
    @Test
    @org.junit.jupiter.api.Order(1)
    void aCrossSitePostWithCachedBasicCredentialsIsRefusedAndCurlStillActs() throws Exception {
        kafka.send("fault-tickets", "XS-1", TicketEvent.newBuilder().setTicketId("XS-1").setType(TicketEventType.OPENED)
                .setTimestamp(Instant.now().toEpochMilli()).setSiteId("xs-school").setContractId("seed-002").setSeverity("2")
                .setCategory(TicketCategory.HARDWARE).build());
        Instance a = instances.get(0);
        awaitBody(a, "/api/tickets", "otto", "act", "XS-1");

        // What the browser sends for <form method="post" action="…/acknowledge"> (no fields) on evil.example, and for a
        // text/plain form whose one field reads as JSON: both with the Basic credentials it has cached for the console.
        Map<String, String> forms = Map.of("application/x-www-form-urlencoded", "", "text/plain", "{\"note\": \"pwned\", \"x\": \"=\"}");
        for (Map.Entry<String, String> form : forms.entrySet()) {
            HttpResponse<String> crossSite = http.send(basic(HttpRequest.newBuilder(URI.create(a.url() + "/api/tickets/XS-1/acknowledge")), "otto", "act")
                    .header("Origin", "http://evil.example").header("Sec-Fetch-Site", "cross-site").header("Content-Type", form.getKey())
                    .POST(HttpRequest.BodyPublishers.ofString(form.getValue())).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, crossSite.statusCode(), "a cross-site " + form.getKey() + " form post with cached Basic credentials: " + crossSite.body());
        }

        HttpResponse<String> curl = http.send(basic(HttpRequest.newBuilder(URI.create(a.url() + "/api/tickets/XS-1/acknowledge")), "otto", "act")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"note\": \"by curl\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, curl.statusCode(), curl.body());
        List<TicketEvent> acknowledged = kafka.readAll("fault-tickets").stream().map(r -> (TicketEvent) kafka.decode(r))
                .filter(e -> e.getType() == TicketEventType.ACKNOWLEDGED && e.getTicketId().equals("XS-1")).toList();
        assertEquals(List.of("by curl"), acknowledged.stream().map(e -> String.valueOf(e.getNote())).toList(), "only curl's was written");
    }

    /**
     * A browser's session: made on one instance, good on the other; its POST needs the X-CSRF-Token of its sla_csrf
     * cookie (without: 403, nothing written).
     */
    @Test
    @org.junit.jupiter.api.Order(2)
    void aSessionMadeOnOneInstanceActsOnTheOtherWithItsToken() throws Exception {
        Instance a = instances.get(0);
        Instance b = instances.get(1);
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(a.url() + "/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=otto&password=act")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(303, login.statusCode(), login.body());
        Map<String, String> cookies = new LinkedHashMap<>();
        login.headers().allValues("Set-Cookie").forEach(c -> cookies.put(c.substring(0, c.indexOf('=')), c.substring(c.indexOf('=') + 1, c.indexOf(';'))));
        String cookie = "sla_session=" + cookies.get("sla_session") + "; sla_csrf=" + cookies.get("sla_csrf");
        JsonNode me = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(b.url() + "/api/me")).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("otto", me.path("user").asText(), "the session made on A, on B: " + me);

        HttpRequest.Builder acknowledge = HttpRequest.newBuilder(URI.create(b.url() + "/api/tickets/tk-school-4/acknowledge")).header("Cookie", cookie)
                .header("Content-Type", "application/json").header("Origin", b.url()).POST(HttpRequest.BodyPublishers.ofString("{}"));
        assertEquals(403, http.send(acknowledge.build(), HttpResponse.BodyHandlers.ofString()).statusCode(), "no X-CSRF-Token");
        HttpResponse<String> done = http.send(acknowledge.header("X-CSRF-Token", cookies.get("sla_csrf")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, done.statusCode(), done.body());
        List<TicketEvent> written = kafka.readAll("fault-tickets").stream().map(r -> (TicketEvent) kafka.decode(r))
                .filter(e -> e.getType() == TicketEventType.ACKNOWLEDGED && e.getTicketId().equals("tk-school-4")).toList();
        assertEquals(List.of("otto"), written.stream().map(e -> String.valueOf(e.getActor())).toList(), "once, with its token");
    }

    /**
     * The live stream: li.hua's carries school-1's escalation and never school-3's, which otto's list has by the time
     * li.hua's arrives (the same instance's feed offers each escalation to every stream as it reads it).
     */
    @Test
    @org.junit.jupiter.api.Order(3)
    void aSchoolsLiveStreamCarriesOnlyItsOwnEscalations() throws Exception {
        for (Instance instance : instances) {
            assertEquals(200, get(instance, "/api/me", "li.hua", "school").statusCode());
        }
        List<Stream> streams = new ArrayList<>();
        for (Instance instance : instances) {
            streams.add(Stream.open(http, instance.url() + "/api/escalations/stream", "li.hua", "school"));
        }
        Device school1 = devices.get("school-1").get(1);
        Device school3 = devices.get("school-3").get(1);
        pump.beating.remove(school3); // school-3's first: li.hua's stream must not carry it
        for (Instance instance : instances) {
            await(instance, "/api/escalations?type=UNTICKETED_OUTAGE&site=school-3", "otto", "act", e -> e.size() >= 1, "school-3's escalation");
        }
        pump.beating.remove(school1);
        for (Stream stream : streams) {
            stream.await(school1.getDeviceId(), Duration.ofSeconds(60));
            String seen = stream.close();
            assertTrue(seen.contains("event: escalation") && seen.contains("\"siteId\":\"school-1\""), seen);
            for (String other : NOT_LI_HUA) {
                assertFalse(seen.contains(other), other + " in li.hua's live stream:\n" + seen);
            }
        }
        pump.beating.add(school1);
        pump.beating.add(school3);
    }

    /**
     * The route test of issue 38: every route of each running instance (as its router holds them, so a route added
     * later is asked too) has a rule, and asked as li.hua, a customer scoped to school-1, through either instance (the
     * fan-out across both), answers only school-1's data or 403; every route that names another school's site, device,
     * ticket or contract is refused.
     */
    @Test
    @org.junit.jupiter.api.Order(4)
    void everyRouteAskedByASchoolAnswersOnlyItsSchoolOr403ThroughEitherInstance() throws Exception {
        RouteRules rules = RouteRules.of(false);
        for (Instance instance : instances) {
            List<OpsServer.Route> routes = instance.console().routes();
            assertTrue(routes.contains(new OpsServer.Route("POST", "/api/tickets/{ticket}/acknowledge")) && routes.contains(new OpsServer.Route("GET", "/subjects"))
                    && routes.contains(new OpsServer.Route("GET", "/api/local/sites")), "the whole server's routes: " + routes);
            List<String> undeclared = routes.stream().filter(r -> rules.of(HandlerType.findOrCreate(r.method()), r.path()).isEmpty())
                    .map(r -> r.method() + " " + r.path()).toList();
            assertEquals(List.of(), undeclared, "routes without a rule in RouteRules (refused to everyone until they have one)");
            Map<String, Integer> answered = new LinkedHashMap<>();
            for (OpsServer.Route route : routes) {
                RouteRules.Rule rule = rules.of(HandlerType.findOrCreate(route.method()), route.path()).orElseThrow();
                for (Asked asked : variants(route, rule)) {
                    HttpResponse<String> r = asked.stream() ? streamFor(instance, asked.path()) : send(instance, route.method(), asked.path(), "li.hua", "school", asked.body());
                    String what = instance.name() + ": " + route.method() + " " + asked.path() + " " + asked.body() + " -> " + r.statusCode() + " " + r.body();
                    if (asked.another()) {
                        assertEquals(403, r.statusCode(), "another school's: " + what);
                    } else {
                        assertTrue(Set.of(200, 202, 303, 400, 401, 403, 404, 409).contains(r.statusCode()), what);
                        for (String other : NOT_LI_HUA) {
                            assertFalse(r.body().contains(other) || r.headers().toString().contains(other), other + " shown to li.hua: " + what);
                        }
                    }
                    answered.put(route.method() + " " + asked.path(), r.statusCode());
                }
            }
            // Not vacuous: the lists li.hua reads hold school-1's own, gathered from both instances.
            for (String list : List.of("/api/sites", "/api/tickets", "/api/at-risk", "/api/escalations", "/api/kpis?scope=SITE")) {
                HttpResponse<String> r = get(instance, list, "li.hua", "school");
                assertTrue(r.statusCode() == 200 && r.body().contains("school-1"), instance.name() + " " + list + ": " + r.body());
            }
            JsonNode sites = JSON.readTree(get(instance, "/api/sites", "li.hua", "school").body());
            assertEquals(2, sites.path("instances").asInt(), "both instances asked: " + sites);
            assertEquals(List.of("school-1"), ids(sites.path("items"), "siteId"));
            assertEquals(200, answered.get("GET /api/sites/school-1"), answered.toString());
            assertEquals(200, answered.get("GET /api/devices/school-1-d0"), answered.toString());
            assertEquals(200, answered.get("GET /api/contracts/seed-004/versions"), "the terms of its own school's contract: " + answered);
            assertEquals(403, answered.get("GET /metrics"), answered.toString());
            assertEquals(403, answered.get("GET /api/audit"), "the desk's records are the desk's: " + answered);
            assertEquals(403, answered.get("POST /api/tickets/tk-school-1/acknowledge"), "a customer does not act on its own ticket either");
        }
    }

    /** The bureau, scoped to its contract, sees the schools site-registry puts under it, from either instance. */
    @Test
    @org.junit.jupiter.api.Order(5)
    void theBureauSeesItsContractsSchoolsAndTheEastTeamActsOnItsOwnOnly() throws Exception {
        for (Instance instance : instances) {
            JsonNode sites = await(instance, "/api/sites", "gangbei-bureau", "bureau", s -> s.path("items").size() == 2, "seed-004's two schools");
            assertEquals(List.of("school-1", "school-2"), ids(sites.path("items"), "siteId"));
            assertEquals(Set.of("tk-school-1", "tk-school-2"), new TreeSet<>(ids(JSON.readTree(get(instance, "/api/tickets", "gangbei-bureau", "bureau")
                    .body()).path("items"), "ticketId")));
            assertEquals(200, get(instance, "/api/sites/school-2", "gangbei-bureau", "bureau").statusCode());
            assertEquals(403, get(instance, "/api/sites/school-3", "gangbei-bureau", "bureau").statusCode());
            JsonNode kpis = JSON.readTree(get(instance, "/api/kpis?scope=CONTRACT", "gangbei-bureau", "bureau").body());
            assertTrue(kpis.toString().contains("seed-004") && !kpis.toString().contains("seed-002"), "its contract's KPIs only: " + kpis);
            List<String> notices = new ArrayList<>();
            JSON.readTree(get(instance, "/api/notifications", "gangbei-bureau", "bureau").body()).forEach(n -> notices.add(n.path("siteId").asText()));
            assertEquals(List.of("school-1", "school-2"), notices.stream().sorted().toList(), "the notifications about its schools");

            assertEquals(403, post(instance, "/api/sites/school-1/visits", "east-team", "east", "{\"kind\": \"INSPECTION\"}").statusCode(),
                    "the east team does not act on school-1");
            JsonNode audit = JSON.readTree(get(instance, "/api/audit", "east-team", "east").body());
            assertTrue(audit.toString().contains("school-3") && !audit.toString().contains("school-1"), "the actions on its schools: " + audit);
        }
        assertEquals(202, post(instances.get(1), "/api/sites/school-3/visits", "east-team", "east", "{\"kind\": \"INSPECTION\"}").statusCode());
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** One request of the route test: its path, body, whether it names another school's thing, whether it is a live stream. */
    record Asked(String path, String body, boolean another, boolean stream) {
    }

    /**
     * What to ask of a route: li.hua's own thing and, where the route names one, another school's. A parameter this
     * test does not know fails it: a new route with a new kind of parameter must say what to ask it with.
     */
    static List<Asked> variants(OpsServer.Route route, RouteRules.Rule rule) {
        Map<String, String[]> values = Map.of("site", new String[]{"school-1", "school-3", "school-4"}, "device", new String[]{"school-1-d0", "school-3-d0"},
                "ticket", new String[]{"tk-school-1", "tk-school-3"}, "id", route.path().startsWith("/api/contracts")
                        ? new String[]{"seed-004", "seed-002"} : new String[]{"1"},
                "subject", new String[]{"device-heartbeats-value"}, "version", new String[]{"latest"});
        String body = route.method().equals("POST") ? "{}" : null;
        boolean stream = route.path().equals("/api/escalations/stream");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(route.path());
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        List<Asked> asked = new ArrayList<>();
        if (names.isEmpty()) {
            asked.add(new Asked(route.path(), body, false, stream));
            if (rule.scope() == RouteRules.ScopeCheck.BODY_SITE) {
                asked.add(new Asked(route.path(), "{\"siteId\": \"school-3\"}", true, false));
            }
            return asked;
        }
        for (String name : names) {
            assertTrue(values.containsKey(name), route + ": a parameter the route test does not know, {" + name + "}: say what to ask it with");
        }
        String[] first = values.get(names.get(0));
        for (int i = 0; i < first.length; i++) {
            String path = route.path();
            for (String name : names) {
                String[] v = values.get(name);
                path = path.replace("{" + name + "}", v[Math.min(i, v.length - 1)]);
            }
            asked.add(new Asked(path, body, i > 0, false));
        }
        return asked;
    }

    /** A live stream, read for two seconds: what it sent by then, as the body of a 200 (or the refusal). */
    HttpResponse<String> streamFor(Instance instance, String path) throws Exception {
        Stream stream = Stream.open(http, instance.url() + path, "li.hua", "school");
        Thread.sleep(2000); // what a stream sends within a while; the escalations themselves are the test above's
        String seen = stream.close();
        return new HttpResponse<>() {
            public int statusCode() { return stream.status; }
            public HttpRequest request() { return null; }
            public Optional<HttpResponse<String>> previousResponse() { return Optional.empty(); }
            public java.net.http.HttpHeaders headers() { return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true); }
            public String body() { return seen; }
            public Optional<javax.net.ssl.SSLSession> sslSession() { return Optional.empty(); }
            public URI uri() { return URI.create(instance.url() + path); }
            public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
        };
    }

    /** A server-sent-events stream being read in the background. */
    static final class Stream {
        final StringBuffer seen = new StringBuffer();
        final int status;
        final InputStream body;
        final CompletableFuture<Void> reading;

        private Stream(HttpResponse<InputStream> response) {
            this.status = response.statusCode();
            this.body = response.body();
            this.reading = CompletableFuture.runAsync(() -> {
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        seen.append(line).append('\n');
                    }
                } catch (java.io.IOException closed) {
                    // closed by the test
                }
            });
        }

        static Stream open(HttpClient http, String url, String user, String password) throws Exception {
            return new Stream(http.send(basic(HttpRequest.newBuilder(URI.create(url)), user, password).timeout(Duration.ofMinutes(3))
                            .header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream()));
        }

        void await(String text, Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while (!seen.toString().contains(text)) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("the stream never carried " + text + ":\n" + seen);
                }
                Thread.sleep(100);
            }
        }

        String close() {
            try {
                body.close();
            } catch (java.io.IOException ignored) {
                // gone already
            }
            return seen.toString();
        }
    }

    static HttpRequest.Builder basic(HttpRequest.Builder r, String user, String password) {
        return r.timeout(Duration.ofSeconds(15)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    HttpResponse<String> send(Instance instance, String method, String path, String user, String password, String body) throws Exception {
        HttpRequest.Builder r = basic(HttpRequest.newBuilder(URI.create(instance.url() + path)), user, password)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            r.header("Content-Type", "application/json");
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(Instance instance, String path, String user, String password) throws Exception {
        return send(instance, "GET", path, user, password, null);
    }

    HttpResponse<String> post(Instance instance, String path, String user, String password, String body) throws Exception {
        return send(instance, "POST", path, user, password, body);
    }

    /** Asks until the answer is 200 and {@code done}. */
    JsonNode await(Instance instance, String path, String user, String password, Predicate<JsonNode> done, String what) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String last = "(nothing)";
        while (System.nanoTime() < end) {
            HttpResponse<String> r = get(instance, path, user, password);
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200 && done.test(JSON.readTree(r.body()))) {
                return JSON.readTree(r.body());
            }
            Thread.sleep(250);
        }
        throw new AssertionError(what + ": not within 90 s from " + instance.url() + path + "; last answer " + last);
    }

    /** Asks until the answer is 200 and holds {@code text}. */
    String awaitBody(Instance instance, String path, String user, String password, String text) throws Exception {
        return await(instance, path, user, password, n -> n.toString().contains(text), path + " holding " + text).toString();
    }

    static int sum(JsonNode sites, String state) {
        int n = 0;
        for (JsonNode s : sites.path("items")) {
            n += s.path("devicesByState").path(state).asInt();
        }
        return n;
    }

    static List<String> ids(JsonNode items, String field) {
        List<String> ids = new ArrayList<>();
        items.forEach(i -> ids.add(i.path(field).asText()));
        return ids;
    }
}
