package com.schoolops.sla.notify;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.config.ConfigException;
import com.schoolops.sla.notify.routes.RateLimit;
import com.schoolops.sla.notify.routes.ReceiverSpec;
import com.schoolops.sla.notify.routes.Routes;
import com.schoolops.sla.notify.routes.RoutesFile;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class RoutesFileTest {
    static final Map<String, String> ENV = Map.of("NOC_TOKEN", "t0k3n", "WECOM_KEY", "wk", "DINGTALK_TOKEN", "dt", "DINGTALK_SECRET", "ds",
            "FEISHU_HOOK", "fh", "FEISHU_SECRET", "fs", "SMTP_PASSWORD", "pw");

    @Test
    void theReadmesDistrictExampleIsAWorkingFileThatRoutesByTypeAndTier() {
        Routes routes = RoutesFile.load(Path.of("../examples/routes-district.yaml"), ENV);
        assertEquals("Bearer t0k3n", routes.receivers().get("district-noc").headers().get("Authorization"));
        assertEquals("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=wk", routes.receivers().get("remote-support").url());
        assertEquals(ReceiverSpec.Language.EN, routes.receivers().get("service-managers").language());
        assertEquals("pw", routes.receivers().get("service-managers").mail().orElseThrow().password().orElseThrow());

        assertEquals("outages", routes.route(escalation(EscalationType.SITE_OUTAGE, 2), 2).name());
        assertEquals("outages", routes.route(escalation(EscalationType.SITE_OUTAGE, 3), 3).name(), "first match wins: the outage route before tier 3");
        assertEquals("on-site", routes.route(escalation(EscalationType.SLA_BREACH, 1), 2).name(), "a repeat goes to the next tier's route");
        assertEquals("experts", routes.route(escalation(EscalationType.SLA_BREACH, 1), 3).name());
        assertEquals("warnings", routes.route(escalation(EscalationType.SLA_WARNING, 1), 1).name());
        assertEquals("everything-else", routes.route(escalation(EscalationType.DEVICE_RECOVERED, 1), 1).name());
        assertEquals("scheduled-service", routes.route(escalation(EscalationType.OBLIGATION_DUE_SOON, 1), 1).name());
        assertEquals("scheduled-service", routes.route(escalation(EscalationType.VISIT_RECORD_LATE, 1), 1).name());
        assertEquals("scheduled-service-missed", routes.route(escalation(EscalationType.OBLIGATION_MISSED, 2), 2).name(),
                "a missed obligation (tier 2) goes to the managers, not to the tier-2 route");
        assertEquals("repeat-failures", routes.route(escalation(EscalationType.REPEAT_FAILURE, 3), 3).name(),
                "a device failing again and again: the experts and the managers, before the tier-3 route");
        assertEquals(List.of("experts", "service-managers"), routes.named("repeat-failures").receivers());
        assertEquals("inspection-contradicted", routes.route(escalation(EscalationType.INSPECTION_CONTRADICTED, 2), 2).name(),
                "the engineers' lead, not the engineers' group");
        assertEquals(List.of("field-lead@district.example.edu.cn"), routes.receivers().get("engineers-lead").mail().orElseThrow().to());
        assertEquals(Duration.ofMinutes(10), routes.named("outages").repeatInterval());
        assertEquals(Duration.ofMinutes(15), routes.named("experts").repeatInterval(), "the default");

        var quiet = routes.named("warnings");
        long night = Instant.parse("2026-03-02T15:30:00Z").toEpochMilli(); // 23:30 in Shanghai
        assertEquals(Instant.parse("2026-03-02T23:00:00Z").toEpochMilli(), quiet.sendableAt(1, night), "held until 07:00");
        assertEquals(night, quiet.sendableAt(2, night), "tier 2 is never held");
        long morning = Instant.parse("2026-03-03T01:00:00Z").toEpochMilli(); // 09:00
        assertEquals(morning, quiet.sendableAt(1, morning));
    }

    @Test
    void theComposeFilesRoutesAreAWorkingFileToo() {
        Routes routes = RoutesFile.load(Path.of("../deploy/notify-routes.yaml"), Map.of("OPS_WEBHOOK_URL", "http://host.docker.internal:9000/sla"));
        assertEquals("http://host.docker.internal:9000/sla", routes.receivers().get("ops-webhook").url());
    }

    @Test
    void whatIsWrongIsOneLineThatSaysWhere() {
        assertError("routes[0]: unknown key 'recievers'", """
                receivers: [{name: a, webhook: {url: "http://x"}}]
                routes: [{name: r, recievers: [a]}]
                """);
        assertError("routes[0].receivers: no receiver named 'b' (receivers: a)", """
                receivers: [{name: a, webhook: {url: "http://x"}}]
                routes: [{receivers: [b]}]
                """);
        assertError("routes[1] (late): the last route must be a catch-all", """
                receivers: [{name: a, webhook: {url: "http://x"}}]
                routes: [{receivers: [a]}, {name: late, match: {tier: 2}, receivers: [a]}]
                """);
        assertError("routes[0].match.tier: '4' is not a tier (1, 2 or 3)", """
                receivers: [{name: a, webhook: {url: "http://x"}}]
                routes: [{match: {tier: 4}, receivers: [a]}, {receivers: [a]}]
                """);
        assertError("routes[0].match.type: 'SLA_BRAECH' is not one of", """
                receivers: [{name: a, webhook: {url: "http://x"}}]
                routes: [{match: {type: SLA_BRAECH}, receivers: [a]}, {receivers: [a]}]
                """);
        assertError("receivers[0] (a).dingtalk.secret: the environment has no DING", """
                receivers: [{name: a, dingtalk: {url: "http://x", secret: "${DING}"}}]
                routes: [{receivers: [a]}]
                """);
        assertError("receivers[0] (a): exactly one of webhook, wecom, dingtalk, feishu, email", """
                receivers: [{name: a, webhook: {url: "http://x"}, wecom: {url: "http://y"}}]
                routes: [{receivers: [a]}]
                """);
        assertError("routes[0].repeat_clocks: 'CALL_BACK' is not one of", """
                receivers: [{name: a, webhook: {url: "http://x"}}]
                routes: [{receivers: [a], repeat_clocks: [RESPONSE, CALL_BACK]}]
                """);
        assertError("defaults.repeat_clocks: 'LATER' is not one of", """
                defaults: {repeat_clocks: LATER}
                receivers: [{name: a, webhook: {url: "http://x"}}]
                routes: [{receivers: [a]}]
                """);
        assertError("routes[0].quiet_hours:", """
                receivers: [{name: a, webhook: {url: "http://x"}}]
                routes: [{receivers: [a], quiet_hours: {from: "10pm", to: "07:00", zone: Asia/Shanghai}}]
                """);
    }

    @Test
    void aRouteWithNoReceiversSilencesOnPurposeAndASiteMayEndInAStar() {
        Routes routes = RoutesFile.parse("""
                receivers: [{name: a, webhook: {url: "http://x"}}]
                routes:
                  - {match: {type: SLA_WARNING, site: "north-*"}, receivers: []}
                  - {match: {clock: RESPONSE, severity: [MAJOR]}, receivers: [a], name: response}
                  - {receivers: [a], name: rest}
                """, Map.of());
        Escalation northWarning = Escalation.newBuilder(escalation(EscalationType.SLA_WARNING, 1)).setSiteId("north-3").build();
        assertEquals(List.of(), routes.route(northWarning, 1).receivers());
        assertEquals("rest", routes.route(escalation(EscalationType.SLA_WARNING, 1), 1).name());
        Escalation majorResponse = Escalation.newBuilder(escalation(EscalationType.SLA_BREACH, 1)).setClock(SlaClock.RESPONSE).setSeverity("MAJOR").build();
        assertEquals("response", routes.route(majorResponse, 1).name());
    }

    static final String STORM = """
            defaults: {group_interval: 2m}
            receivers:
              - {name: desk, wecom: {url: "http://x/desk"}}
              - {name: on-call, dingtalk: {url: "http://x/on-call", secret: s}}
              - {name: contracts-desk, feishu: {url: "http://x/c"}}
              - {name: north-1-robot, wecom: {url: "http://x/n1"}}
              - {name: noc, webhook: {url: "http://x/noc"}, rate_limit: [30/1m, 2/1s]}
            routes:
              - {name: district-digest, match: {type: SITE_OUTAGE}, group_by: [], group_wait: 1m, receivers: [desk, on-call], continue: true}
              - {name: per-contract, match: {type: SITE_OUTAGE}, group_by: [contract], receivers: [contracts-desk], continue: true}
              - {name: north-1, match: {site: north-1}, receivers: [north-1-robot]}
              - {name: rest, receivers: [noc]}
            """;

    /** A storm's routes: a digest across the district and one per contract, then each school's own robot, as Alertmanager groups. */
    @Test
    void aDigestRouteGroupsAcrossSitesAndContinuesToEachSchoolsOwnRoute() {
        Routes routes = RoutesFile.parse(STORM, Map.of());
        Escalation outage = Escalation.newBuilder(escalation(EscalationType.SITE_OUTAGE, 2)).setSiteId("north-1").setContractId("seed-003").build();
        assertEquals(List.of("district-digest", "per-contract"), routes.digests(outage, 2).stream().map(r -> r.name()).toList());
        assertEquals("north-1", routes.route(outage, 2).name(), "the school's page still goes to its own robot");
        assertEquals("district-digest|*", routes.named("district-digest").digestKey(outage));
        assertEquals("per-contract|contract=seed-003", routes.named("per-contract").digestKey(outage));
        assertEquals(Duration.ofMinutes(1), routes.named("district-digest").groupWait());
        assertEquals(Duration.ofMinutes(2), routes.named("district-digest").groupInterval(), "the default's");
        assertEquals(Duration.ofMinutes(5), RoutesFile.parse("""
                receivers: [{name: a, webhook: {url: "http://x"}}]
                routes: [{receivers: [a]}]
                """, Map.of()).routes().get(0).groupInterval(), "Alertmanager's default");

        Escalation deviceDown = Escalation.newBuilder(outage).setType(EscalationType.UNTICKETED_OUTAGE).build();
        assertEquals(List.of(), routes.digests(deviceDown, 1), "a device's alarm is no school's outage: it joins no digest");
        assertEquals("north-1", routes.route(deviceDown, 1).name());
        assertFalse(routes.named("north-1").digests(), "group_by is [site] unless a route says otherwise: a page per school");

        Routes digestOnly = RoutesFile.parse(STORM.replace("receivers: [desk, on-call], continue: true}", "receivers: [desk, on-call]}"), Map.of());
        assertEquals(List.of("district-digest"), digestOnly.digests(outage, 2).stream().map(r -> r.name()).toList());
        assertEquals(List.of(), digestOnly.route(outage, 2).receivers(), "without continue the digest takes it: no school's page");
    }

    @Test
    void eachRobotHasItsPlatformsDocumentedRateLimitAndAWebhookOneItIsGiven() {
        Routes routes = RoutesFile.parse(STORM, Map.of());
        assertEquals(List.of(new RateLimit(20, Duration.ofMinutes(1))), routes.receivers().get("desk").rateLimits(), "WeCom");
        assertEquals(List.of(new RateLimit(20, Duration.ofMinutes(1))), routes.receivers().get("on-call").rateLimits(), "DingTalk");
        assertEquals(List.of(new RateLimit(100, Duration.ofMinutes(1)), new RateLimit(5, Duration.ofSeconds(1))),
                routes.receivers().get("contracts-desk").rateLimits(), "Feishu");
        assertEquals(List.of(new RateLimit(30, Duration.ofMinutes(1)), new RateLimit(2, Duration.ofSeconds(1))), routes.receivers().get("noc").rateLimits());
    }

    @Test
    void aDigestRouteIsCheckedAtStart() {
        String receivers = "receivers: [{name: a, webhook: {url: \"http://x\"}}]\n";
        assertError("routes[0]: a route that groups across sites (group_by without site) takes site outages only", receivers + """
                routes: [{name: d, group_by: [], receivers: [a]}, {receivers: [a]}]
                """);
        assertError("routes[0].group_by: 'school' is not a label notify groups by (site, contract)", receivers + """
                routes: [{name: d, match: {type: SITE_OUTAGE}, group_by: [school], receivers: [a]}, {receivers: [a]}]
                """);
        assertError("routes[0].continue: only a route that groups across sites", receivers + """
                routes: [{name: s, match: {type: SITE_OUTAGE}, receivers: [a], continue: true}, {receivers: [a]}]
                """);
        assertError("routes[0].quiet_hours: not on a route that groups across sites", receivers + """
                routes: [{name: d, match: {type: SITE_OUTAGE}, group_by: [], receivers: [a], quiet_hours: {from: "22:00", to: "07:00", zone: UTC}},
                         {receivers: [a]}]
                """);
        assertError("routes[0]: a route that groups across sites needs a name", receivers + """
                routes: [{match: {type: SITE_OUTAGE}, group_by: [], receivers: [a]}, {receivers: [a]}]
                """);
        assertError("routes[1] (d): a second digest route of this name", receivers + """
                routes: [{name: d, match: {type: SITE_OUTAGE}, group_by: [], receivers: [a], continue: true},
                         {name: d, match: {type: SITE_OUTAGE}, group_by: [contract], receivers: [a]}, {receivers: [a]}]
                """);
        assertError("routes[0].group_interval: more than zero", receivers + """
                routes: [{name: d, match: {type: SITE_OUTAGE}, group_by: [], group_interval: 0s, receivers: [a]}, {receivers: [a]}]
                """);
        assertError("receivers[0] (a).rate_limit: '20 a minute' is not a rate limit", """
                receivers: [{name: a, webhook: {url: "http://x"}, rate_limit: 20 a minute}]
                routes: [{receivers: [a]}]
                """);
    }

    private static void assertError(String expected, String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> RoutesFile.parse(yaml, Map.of()));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    static Escalation escalation(EscalationType type, int tier) {
        return Escalation.newBuilder().setEscalationId("e-1").setType(type).setTier(tier).setSiteId("school-1").setTicketId("t-1")
                .setContractId("seed-001").setSeverity("GENERAL").setAt(0).setMessage("m").build();
    }
}
