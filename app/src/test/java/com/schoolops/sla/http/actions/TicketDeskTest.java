package com.schoolops.sla.http.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.schoolops.sla.avro.OpsAction;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.avro.TicketStatus;
import com.schoolops.sla.health.HealthReadSide.DeviceView;
import com.schoolops.sla.health.HealthReadSide.SiteDetail;
import com.schoolops.sla.health.HealthReadSide.SiteSummary;
import com.schoolops.sla.http.security.Access;
import com.schoolops.sla.http.security.Role;
import com.schoolops.sla.http.security.Scope;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.ContractReadSide.SeverityTerms;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.text.Texts;
import com.schoolops.sla.tickets.TicketReadSide.TicketView;
import io.javalin.Javalin;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The ticket desk's handlers (issue 38, SPEC section 12) as a school's and an operator's requests reach them over HTTP,
 * over read sides the test fills and producers that keep what is written: a report becomes an OPENED the engine
 * accepts, what a ticket's status does not allow is 409 with the reason and nothing written, a school acts only on its
 * own sites, and every action and refusal is audited.
 */
class TicketDeskTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** 10:30 on 7 December 2026 in Asia/Shanghai. */
    static final Instant NOW = Instant.parse("2026-12-07T02:30:00Z");
    static final ContractBook CONTRACTS = ContractBook.of(Policies.load(Optional.empty()));
    static final Serializer<Object> UNUSED = (topic, value) -> new byte[0];

    final Map<String, TicketView> tickets = new HashMap<>();
    final Map<String, SiteDetail> sites = new HashMap<>();
    final Map<String, String> registered = new HashMap<>();
    final MockProducer<String, TicketEvent> written = new MockProducer<>(true, null, new StringSerializer(), UNUSED::serialize);
    final MockProducer<String, OpsAction> audited = new MockProducer<>(true, null, new StringSerializer(), UNUSED::serialize);
    final HttpClient http = HttpClient.newHttpClient();
    Javalin server;

    @BeforeEach
    void start() {
        // school-3: seed-003, in site-registry; school-4: devices only, all seed-004; school-5: devices under two contracts.
        site("school-3", device("s3-switch", "school-3", "seed-003"), device("s3-term-1", "school-3", "seed-003"));
        registered.put("school-3", "seed-003");
        site("school-4", device("s4-server", "school-4", "seed-004"));
        site("school-5", device("s5-server", "school-5", "seed-003"), device("s5-speaker", "school-5", "seed-002"));
        Replies replies = new Replies(new AuditLog(audited, "ops-audit"), InstantSource.fixed(NOW));
        TicketDesk desk = new TicketDesk(new FakeReads(), written, "fault-tickets", replies, InstantSource.fixed(NOW),
                new TicketIds(ZoneId.of("Asia/Shanghai")));
        server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            var r = config.routes;
            r.before(ctx -> { // what Access sets for a signed-in user: here from the test's headers
                Optional.ofNullable(ctx.header("X-Test-User")).ifPresent(u -> ctx.attribute(Access.USER, u));
                Optional.ofNullable(ctx.header("X-Test-Sites")).ifPresent(s -> ctx.attribute(Scope.ATTRIBUTE, Scope.of(Set.of(s.split(",")), Set.of())));
                ctx.attribute(Access.ROLE, Role.OPERATOR);
            });
            replies.mount(r);
            desk.routes(r);
        }).start(0);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    // A school reports a fault ---------------------------------------------------------------------------------------

    @Test
    void aSchoolsReportBecomesAnOpenedTicketWithAnIdToReadOutOnThePhone() throws Exception {
        HttpResponse<String> answer = send("POST", "/api/tickets", "li.hua", "school-3", """
                {"siteId": "school-3", "deviceId": "s3-switch", "category": "NETWORK", "description": " 三楼机房交换机不通，整层断网 "}""");
        assertEquals(202, answer.statusCode(), answer.body());
        String id = JSON.readTree(answer.body()).path("ticketId").asText();
        assertTrue(id.matches("W-20261207-[0-9A-HJKMNP-TV-Z]{6}"), "the day it was reported, in the console's zone, and six characters: " + id);

        ProducerRecord<String, TicketEvent> record = only(written.history());
        assertEquals("fault-tickets", record.topic());
        assertEquals(id, record.key());
        TicketEvent opened = record.value();
        assertEquals(List.of(id, "OPENED", "school-3", "s3-switch", "seed-003", "NETWORK", "li.hua", "三楼机房交换机不通，整层断网"),
                List.of(opened.getTicketId(), opened.getType().name(), opened.getSiteId(), opened.getDeviceId(), opened.getContractId(),
                        opened.getCategory().name(), opened.getActor(), opened.getNote()));
        assertEquals(NOW.toEpochMilli(), opened.getTimestamp());
        assertEquals("GENERAL", opened.getSeverity(), "none asked for: seed-003's reportSeverity, which the desk raises when it triages");
        OpsAction audit = only(audited.history()).value();
        assertEquals(List.of("li.hua", "OPENED", id, "DONE"), List.of(audit.getActor(), audit.getAction(), audit.getTarget(), audit.getOutcome()));
    }

    @Test
    void aReportTakesASeverityOfItsContractAndASiteOutsideTheRegistryTheContractItsDevicesShare() throws Exception {
        assertEquals(202, send("POST", "/api/tickets", "otto", null, """
                {"siteId": "school-3", "category": "HARDWARE", "severity": "MAJOR", "description": "服务器宕机"}""").statusCode());
        assertEquals(202, send("POST", "/api/tickets", "otto", null, """
                {"siteId": "school-4", "category": "SOFTWARE", "description": "考试系统登录不上"}""").statusCode());
        assertEquals(List.of("school-3 seed-003 MAJOR null", "school-4 seed-004 D null"), written.history().stream().map(r -> r.value().getSiteId()
                + " " + r.value().getContractId() + " " + r.value().getSeverity() + " " + r.value().getDeviceId()).toList());
        assertNotEquals(written.history().get(0).key(), written.history().get(1).key());
    }

    @Test
    void aReportTheEngineWouldRefuseIsAnsweredWithTheReasonAndNothingIsWritten() throws Exception {
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        for (String body : List.of(
                "{\"category\": \"NETWORK\", \"description\": \"x\"}",
                "{\"siteId\": \"school-99\", \"category\": \"NETWORK\", \"description\": \"x\"}",
                "{\"siteId\": \"school-3\", \"deviceId\": \"s4-server\", \"category\": \"NETWORK\", \"description\": \"x\"}",
                "{\"siteId\": \"school-5\", \"category\": \"NETWORK\", \"description\": \"x\"}",
                "{\"siteId\": \"school-3\", \"description\": \"x\"}",
                "{\"siteId\": \"school-3\", \"category\": \"BROKEN\", \"description\": \"x\"}",
                "{\"siteId\": \"school-3\", \"category\": \"NETWORK\", \"severity\": \"A\", \"description\": \"x\"}",
                "{\"siteId\": \"school-3\", \"category\": \"NETWORK\", \"description\": \"   \"}",
                "{\"siteId\": \"school-3\", \"category\": \"NETWORK\", \"description\": \"" + "断".repeat(2001) + "\"}",
                "[\"school-3\"]")) {
            HttpResponse<String> answer = send("POST", "/api/tickets", "otto", null, body, "en");
            refused.put(body.length() > 90 ? body.substring(0, 90) : body, answer.statusCode() + " " + JSON.readTree(answer.body()).path("error").asText());
        }
        assertEquals(List.of(
                "400 \"siteId\" is needed: the school",
                "400 no site school-99",
                "400 device s4-server is not one of the devices of site school-3",
                "400 the contract of site school-5 is not known (it is not in site-registry and its devices are not under one contract): name the device",
                "400 \"category\" is one of [HARDWARE, SOFTWARE, NETWORK, CONSULTATION, COMPLAINT]",
                "400 \"category\" is one of [HARDWARE, SOFTWARE, NETWORK, CONSULTATION, COMPLAINT]",
                "400 severity A is not one of the severities [CONSULT, GENERAL, COMPLEX, MAJOR] of contract seed-003",
                "400 \"description\" is needed: what is wrong",
                "400 \"description\" is at most 2000 characters",
                "400 the body must be a JSON object"), List.copyOf(refused.values()), refused.toString());
        assertEquals(List.of(), written.history(), "nothing written");
        assertEquals(refused.size(), audited.history().stream().filter(a -> a.value().getOutcome().startsWith("REFUSED: ")).count(),
                "every refusal audited");
    }

    @Test
    void aSchoolReportsAndFollowsOnlyItsOwnSitesTickets() throws Exception {
        HttpResponse<String> other = send("POST", "/api/tickets", "li.hua", "school-3", """
                {"siteId": "school-4", "category": "NETWORK", "description": "x"}""", "en");
        assertEquals(403, other.statusCode());
        assertEquals("site school-4 is not in your scope", JSON.readTree(other.body()).path("error").asText());
        assertEquals(403, send("POST", "/api/tickets", "li.hua", "school-3", """
                {"siteId": "school-99", "category": "NETWORK", "description": "x"}""").statusCode(),
                "a site that does not exist is out of scope too: a school learns nothing of others' names");
        ticket("W-4", "school-4", TicketStatus.RESOLVED, null);
        assertEquals(403, send("POST", "/api/tickets/W-4/rating", "li.hua", "school-3", "{\"satisfaction\": 1}").statusCode());
        assertEquals(403, send("GET", "/api/tickets/W-4", "li.hua", "school-3", null).statusCode());
        assertEquals(List.of(), written.history());
    }

    // The desk moves a ticket ----------------------------------------------------------------------------------------

    @Test
    void theDeskResolvesClosesAndReopensAndRefusesWhatTheStatusDoesNotAllow() throws Exception {
        ticket("T-open", "school-3", TicketStatus.ACKNOWLEDGED, null);
        ticket("T-resolved", "school-3", TicketStatus.RESOLVED, null);
        ticket("T-closed", "school-3", TicketStatus.CLOSED, null);
        Map<String, String> answers = new java.util.LinkedHashMap<>();
        for (String step : List.of("T-open/resolve", "T-resolved/resolve", "T-closed/resolve", "T-open/close", "T-resolved/close",
                "T-closed/close", "T-open/reopen", "T-resolved/reopen", "T-closed/reopen", "T-closed/acknowledge", "T-none/resolve")) {
            HttpResponse<String> answer = send("POST", "/api/tickets/" + step, "otto", null, "{\"note\": \"换了交换机电源\"}", "en");
            answers.put(step, answer.statusCode() + (answer.statusCode() == 202 ? "" : " " + JSON.readTree(answer.body()).path("error").asText()));
        }
        assertEquals(Map.ofEntries(
                Map.entry("T-open/resolve", "202"),
                Map.entry("T-resolved/resolve", "409 ticket T-resolved is resolved already"),
                Map.entry("T-closed/resolve", "409 ticket T-closed is closed: reopen it first"),
                Map.entry("T-open/close", "409 ticket T-open is ACKNOWLEDGED, not resolved: resolve it first (a ticket closed unresolved keeps its clocks running to their breaches)"),
                Map.entry("T-resolved/close", "202"),
                Map.entry("T-closed/close", "409 ticket T-closed is closed already"),
                Map.entry("T-open/reopen", "409 ticket T-open is ACKNOWLEDGED: only a resolved or closed ticket is reopened"),
                Map.entry("T-resolved/reopen", "202"),
                Map.entry("T-closed/reopen", "202"),
                Map.entry("T-closed/acknowledge", "409 ticket T-closed is closed: reopen it first"),
                Map.entry("T-none/resolve", "404 no ticket T-none (a closed ticket is kept only until its clocks have settled)")), answers);
        assertEquals(List.of("T-open RESOLVED", "T-resolved CLOSED", "T-resolved REOPENED", "T-closed REOPENED"),
                written.history().stream().map(r -> r.key() + " " + r.value().getType()).toList());
        for (ProducerRecord<String, TicketEvent> r : written.history()) {
            assertEquals(List.of("otto", "换了交换机电源", "school-3", "s3-switch"), List.of(r.value().getActor(), r.value().getNote(),
                    r.value().getSiteId(), r.value().getDeviceId()), "the ordinary event with who did it");
        }
        assertEquals(11, audited.history().size(), "each done and each refused, audited");
    }

    @Test
    void theDeskSetsASeverityOfTheVersionThatJudgesTheTicket() throws Exception {
        ticket("T-1", "school-3", TicketStatus.OPEN, null);
        HttpResponse<String> foreign = send("POST", "/api/tickets/T-1/severity", "otto", null, "{\"severity\": \"A\"}", "en");
        assertEquals(400, foreign.statusCode());
        assertEquals("severity A is not one of the severities [CONSULT, GENERAL, COMPLEX, MAJOR] of contract seed-003",
                JSON.readTree(foreign.body()).path("error").asText());
        assertEquals(409, send("POST", "/api/tickets/T-1/severity", "otto", null, "{\"severity\": \"GENERAL\"}").statusCode(), "it is already");
        assertEquals(400, send("POST", "/api/tickets/T-1/severity", "otto", null, "{}").statusCode());
        assertEquals(202, send("POST", "/api/tickets/T-1/severity", "otto", null, "{\"severity\": \"MAJOR\"}").statusCode());
        TicketEvent changed = only(written.history()).value();
        assertEquals(List.of("SEVERITY_CHANGED", "MAJOR", "otto"), List.of(changed.getType().name(), changed.getSeverity(), changed.getActor()));
    }

    // The school rates the repair ------------------------------------------------------------------------------------

    @Test
    void aSchoolRatesARepairOnceItIsResolvedAndOnlyOnce() throws Exception {
        ticket("T-open", "school-3", TicketStatus.DISPATCHED, null);
        ticket("T-fixed", "school-3", TicketStatus.RESOLVED, null);
        ticket("T-rated", "school-3", TicketStatus.RESOLVED, 4);
        assertEquals("409 ticket T-open is DISPATCHED: a repair is rated once it is resolved",
                status(send("POST", "/api/tickets/T-open/rating", "li.hua", "school-3", "{\"satisfaction\": 5}", "en")));
        assertEquals("409 ticket T-rated is rated already (4 of 5)",
                status(send("POST", "/api/tickets/T-rated/rating", "li.hua", "school-3", "{\"satisfaction\": 5}", "en")));
        for (String bad : List.of("{}", "{\"satisfaction\": 0}", "{\"satisfaction\": 6}", "{\"satisfaction\": 4.5}", "{\"satisfaction\": \"5\"}")) {
            assertEquals("400 \"satisfaction\" is a whole number from 1 to 5", status(send("POST", "/api/tickets/T-fixed/rating", "li.hua",
                    "school-3", bad, "en")), bad);
        }
        assertEquals(202, send("POST", "/api/tickets/T-fixed/rating", "li.hua", "school-3", "{\"satisfaction\": 5, \"note\": \"很快就修好了\"}").statusCode());
        TicketEvent rated = only(written.history()).value();
        assertEquals(List.of("T-fixed", "CALLBACK_DONE", "5", "li.hua", "很快就修好了"), List.of(rated.getTicketId(), rated.getType().name(),
                String.valueOf(rated.getSatisfaction()), rated.getActor(), rated.getNote()));
    }

    @Test
    void aSchoolFollowsItsTicketWithItsStatusAndClocksInItsLanguage() throws Exception {
        ticket("W-20261207-7K3Q9X", "school-3", TicketStatus.RESOLVED, null);
        HttpResponse<String> answer = send("GET", "/api/tickets/W-20261207-7K3Q9X", "li.hua", "school-3", null);
        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode t = JSON.readTree(answer.body());
        assertEquals(List.of("RESOLVED", "seed-003", "GENERAL", "s3-switch"), List.of(t.path("status").asText(), t.path("contractId").asText(),
                t.path("severity").asText(), t.path("deviceId").asText()));
        assertTrue(t.path("clocks").isArray(), t.toString());
        HttpResponse<String> none = send("GET", "/api/tickets/W-20261207-0000000", "li.hua", "school-3", null);
        assertEquals(404, none.statusCode());
        assertEquals("没有工单 W-20261207-0000000（工单关闭且各项计时了结后不再保留）", JSON.readTree(none.body()).path("error").asText(),
                "Chinese without a language asked for");
    }

    @Test
    void theDesksTextsAreInBothLanguages() {
        assertEquals(List.of(), Texts.missingKeys("desk"));
    }

    // ---------------------------------------------------------------------------------------------------------------

    void site(String siteId, DeviceView... devices) {
        sites.put(siteId, new SiteDetail(new SiteSummary(siteId, "GREEN", devices.length, Map.of("UP", devices.length), null), List.of(devices)));
    }

    static DeviceView device(String deviceId, String siteId, String contractId) {
        return new DeviceView(deviceId, siteId, "SWITCH", contractId, "UP", NOW, null, null, null, false);
    }

    void ticket(String id, String siteId, TicketStatus status, Integer satisfaction) {
        TicketView site3 = new TicketView(id, siteId, siteId.equals("school-3") ? "s3-switch" : null, siteId.equals("school-3") ? "seed-003" : "seed-004",
                siteId.equals("school-3") ? "GENERAL" : "D", "NETWORK", NOW.minusSeconds(3600), null, null, false, 0, List.of(), status, 1, satisfaction);
        tickets.put(id, site3);
    }

    static <T> T only(List<T> list) {
        assertEquals(1, list.size(), list.toString());
        return list.get(0);
    }

    static String status(HttpResponse<String> answer) throws Exception {
        return answer.statusCode() + " " + JSON.readTree(answer.body()).path("error").asText();
    }

    HttpResponse<String> send(String method, String path, String user, String sites, String body) throws Exception {
        return send(method, path, user, sites, body, null);
    }

    HttpResponse<String> send(String method, String path, String user, String sites, String body, String language) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            r.header("X-Test-User", user);
        }
        if (sites != null) {
            r.header("X-Test-Sites", sites);
        }
        if (language != null) {
            r.header("Accept-Language", language);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The read sides, as the test fills them. */
    final class FakeReads implements DeskReads {
        @Override
        public Optional<TicketView> ticket(String ticketId) {
            return Optional.ofNullable(tickets.get(ticketId));
        }

        @Override
        public Optional<SiteDetail> site(String siteId) {
            return Optional.ofNullable(sites.get(siteId));
        }

        @Override
        public Optional<DeviceView> device(String deviceId) {
            return sites.values().stream().flatMap(s -> s.devices().stream()).filter(d -> d.deviceId().equals(deviceId)).findFirst();
        }

        @Override
        public Optional<String> registeredContract(String siteId) {
            return Optional.ofNullable(registered.get(siteId));
        }

        @Override
        public Optional<SeverityTerms> severitiesInForce(String contractId, long at) {
            return CONTRACTS.inForce(contractId, at).map(SeverityTerms::of);
        }

        @Override
        public Optional<SeverityTerms> severitiesOf(String contractId, Integer version) {
            return CONTRACTS.version(contractId, version).map(SeverityTerms::of);
        }
    }
}
