package com.schoolops.sla.replay;

import com.schoolops.sla.serde.JsonRecords;
import com.fasterxml.jackson.databind.JsonNode;
import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.serde.InMemorySchemaRegistry;
import com.schoolops.sla.serde.ValueSerdes;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ReplayTest {
    static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    record Result(List<JsonNode> outputs, String diagnostics, Replay.Summary summary) {
        List<JsonNode> on(String topic) {
            return outputs.stream().filter(o -> o.get("topic").asText().equals(topic)).toList();
        }
    }

    static Result replay(String input) throws Exception {
        AppConfig config = AppConfig.from(Settings.defaults(), ValueSerdes.registry(InMemorySchemaRegistry.withKnownSchemas()));
        StringWriter out = new StringWriter();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Replay.Summary summary;
        try (Replay replay = new Replay(config, out, new PrintStream(err, true))) {
            summary = replay.run(new BufferedReader(new StringReader(input)));
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            if (!line.isBlank()) {
                lines.add(JsonRecords.JSON.readTree(line));
            }
        }
        return new Result(lines, err.toString(), summary);
    }

    static String device(String id, String type, String parent, boolean critical) {
        return "{\"topic\":\"device-registry\",\"key\":\"" + id + "\",\"timestamp\":\"" + T0 + "\",\"value\":{\"deviceId\":\"" + id
                + "\",\"deviceType\":\"" + type + "\",\"siteId\":\"school-7\",\"parentDeviceId\":" + (parent == null ? "null" : "\"" + parent + "\"")
                + ",\"contractId\":\"seed-003\",\"critical\":" + critical + "}}\n";
    }

    static String heartbeat(String id, String type, Instant at) {
        return "{\"topic\":\"device-heartbeats\",\"key\":\"" + id + "\",\"timestamp\":\"" + at + "\",\"value\":{\"deviceId\":\"" + id
                + "\",\"deviceType\":\"" + type + "\",\"siteId\":\"school-7\",\"timestamp\":\"" + at + "\",\"status\":\"OK\",\"cpuPct\":20.5}}\n";
    }

    /** A switch with two terminals; all beat for a minute, then the switch dies and takes the terminals with it. */
    static String failingSwitch() {
        StringBuilder in = new StringBuilder();
        in.append(device("sw-7", "SWITCH", null, true));
        in.append(device("term-a", "CLOUD_TERMINAL", "sw-7", false));
        in.append(device("term-b", "CLOUD_TERMINAL", "sw-7", false));
        for (int s = 0; s <= 60; s += 30) {
            Instant at = T0.plusSeconds(s);
            in.append(heartbeat("sw-7", "SWITCH", at)).append(heartbeat("term-a", "CLOUD_TERMINAL", at)).append(heartbeat("term-b", "CLOUD_TERMINAL", at));
        }
        in.append("{\"advance\":\"").append(T0.plusSeconds(600)).append("\"}\n");
        return in.toString();
    }

    /**
     * The inputs of the obligations stage are replay lines: a seed-004 school accepted Tuesday 2026-02-10 10:00 Shanghai
     * (02:00Z); its return visit's first quarter runs from a month later, 03-10 10:00, to 04-01 00:00 (03-31T16:00Z); a
     * phone call at 12:00 (04:00Z) on Monday 03-16 is outside 09:30-11:30 and 14:50-17:00; the quarter is due soon 10
     * working days before its end, Wednesday 03-18 09:00 (01:00Z), and missed at its end. The inspection is done on
     * Thursday 03-12, so its quarter is neither.
     */
    @Test
    void aSiteAndItsVisitsAreReplayLines() throws Exception {
        String in = "{\"topic\":\"site-registry\",\"key\":\"school-4\",\"timestamp\":\"2026-02-10T02:00:00Z\",\"value\":"
                + "{\"siteId\":\"school-4\",\"contractId\":\"seed-004\",\"acceptedAt\":\"2026-02-10T02:00:00Z\"}}\n"
                + visit("in-1", "INSPECTION", "ON_SITE", "2026-03-12T02:00:00Z")
                + visit("rv-1", "RETURN_VISIT", "PHONE", "2026-03-16T04:00:00Z")
                + "{\"advance\":\"2026-04-01T00:00:00Z\"}\n";
        Result r = replay(in);
        assertEquals(3, r.summary().records(), r.diagnostics());
        assertEquals(0, r.summary().rejected(), r.diagnostics());
        List<String> escalations = r.on("sla-escalations").stream().map(o -> o.get("value").get("type").asText() + " "
                + o.get("value").get("obligationId").asText() + " " + o.get("value").get("periodStart").asText() + " " + o.get("value").get("at").asText())
                .toList();
        assertEquals(List.of("VISIT_OUT_OF_HOURS return-visit 2026-03-10T02:00:00Z 2026-03-16T04:00:00Z",
                "OBLIGATION_DUE_SOON return-visit 2026-03-10T02:00:00Z 2026-03-18T01:00:00Z",
                "OBLIGATION_MISSED return-visit 2026-03-10T02:00:00Z 2026-03-31T16:00:00Z"), escalations);
    }

    static String visit(String id, String kind, String mode, String at) {
        return "{\"topic\":\"service-visits\",\"key\":\"school-4\",\"timestamp\":\"" + at + "\",\"value\":{\"visitId\":\"" + id
                + "\",\"siteId\":\"school-4\",\"kind\":\"" + kind + "\",\"type\":\"COMPLETED\",\"mode\":\"" + mode + "\",\"timestamp\":\""
                + at + "\",\"engineers\":[\"eng-1\"]}}\n";
    }

    @Test
    void aFailingSwitchGivesExactlyOneDownTwoUnreachableOneOutageAndOneEscalation() throws Exception {
        Result r = replay(failingSwitch());

        assertEquals(12, r.summary().records());
        assertEquals(1, r.summary().advances());
        List<String> health = r.on("device-health").stream()
                .map(o -> o.get("key").asText() + " " + o.get("value").get("previous").asText() + "->" + o.get("value").get("state").asText()
                        + " @" + o.get("timestamp").asText())
                .toList();
        // DOWN 3 × 30 s after the last heartbeat at 08:01:00; the terminals are judged with their parent.
        assertEquals(List.of(
                "sw-7 null->UP @2026-03-02T08:00:00Z",
                "term-a null->UP @2026-03-02T08:00:00Z",
                "term-b null->UP @2026-03-02T08:00:00Z",
                "sw-7 UP->DOWN @2026-03-02T08:02:30Z",
                "term-a UP->UNREACHABLE @2026-03-02T08:02:30Z",
                "term-b UP->UNREACHABLE @2026-03-02T08:02:30Z"), health);
        JsonNode unreachable = r.on("device-health").get(4).get("value");
        assertEquals("sw-7", unreachable.get("rootCauseDeviceId").asText());
        assertEquals("school-7", unreachable.get("siteId").asText());
        assertEquals("CLOUD_TERMINAL", unreachable.get("deviceType").asText());

        List<JsonNode> outages = r.on("site-outages");
        assertEquals(1, outages.size(), outages.toString());
        JsonNode outage = outages.get(0).get("value");
        assertEquals("STARTED", outage.get("state").asText());
        assertEquals(3, outage.get("devicesDown").asInt());
        assertEquals(3, outage.get("devicesTotal").asInt());
        assertEquals("sw-7", outage.get("rootCauseDeviceId").asText());
        assertEquals("2026-03-02T08:02:45Z", outage.get("startedAt").asText(), "judged at the end of its 15 s window");

        List<JsonNode> escalations = r.on("sla-escalations");
        assertEquals(1, escalations.size());
        assertEquals("SITE_OUTAGE", escalations.get(0).get("value").get("type").asText());
        assertEquals("school-7", escalations.get(0).get("key").asText(), "one outage, one key: the site");
        assertEquals("sw-7", escalations.get(0).get("value").get("deviceId").asText(), "its root cause");
        assertEquals("", r.diagnostics());
    }

    static String ticketScenario() {
        return "{\"topic\":\"fault-tickets\",\"key\":\"T-2\",\"timestamp\":\"" + T0 + "\",\"value\":{\"ticketId\":\"T-2\","
                + "\"type\":\"OPENED\",\"timestamp\":\"" + T0 + "\",\"siteId\":\"school-7\",\"contractId\":\"seed-002\","
                + "\"severity\":\"2\",\"category\":\"HARDWARE\"}}\n"
                + "{\"topic\":\"fault-tickets\",\"key\":\"T-2\",\"timestamp\":\"" + T0.plusSeconds(3000) + "\",\"value\":{\"ticketId\":\"T-2\","
                + "\"type\":\"RESOLVED\",\"timestamp\":\"" + T0.plusSeconds(3000) + "\",\"siteId\":\"school-7\"}}\n"
                + "{\"advance\":\"" + T0.plusSeconds(3 * 86_400) + "\"}\n";
    }

    @Test
    void aLevelTwoTicketNeverAcknowledgedGivesExactlyItsEscalationsWithTheSameIdsEveryRun() throws Exception {
        Result first = replay(ticketScenario());
        List<String> escalations = first.on("sla-escalations").stream()
                .map(o -> o.get("value").get("type").asText() + " " + o.get("value").get("clock").asText() + " " + o.get("value").get("at").asText())
                .toList();
        // RESPONSE 30 min: warnings at 15 and 24 min, breach at 30; resolved at 50 min, before RESTORE's 2 h mark;
        // REPORT: 2 working days (18 h) from RESOLVED, Monday 16:50 Shanghai: 80 % is Wednesday 13:14, the deadline Wednesday 16:50.
        assertEquals(List.of(
                "SLA_WARNING RESPONSE 2026-03-02T08:15:00Z",
                "SLA_WARNING RESPONSE 2026-03-02T08:24:00Z",
                "SLA_BREACH RESPONSE 2026-03-02T08:30:00Z",
                "SLA_WARNING REPORT 2026-03-03T08:50:00Z",
                "SLA_WARNING REPORT 2026-03-04T05:14:00Z",
                "SLA_BREACH REPORT 2026-03-04T08:50:00Z"), escalations);
        assertEquals(first.on("sla-escalations"), replay(ticketScenario()).on("sla-escalations"), "same records, same ids");
    }

    @Test
    void runningItTwiceGivesTheSameRecordsAndTheSameEscalationIds() throws Exception {
        assertEquals(replay(failingSwitch()).outputs(), replay(failingSwitch()).outputs());
    }

    @Test
    void aMalformedLineIsReportedWithItsNumberGoesToDeadLettersAndReplayGoesOn() throws Exception {
        String input = device("sw-7", "SWITCH", null, true)
                + "this is not json\n"
                + "{\"topic\":\"device-heartbeats\",\"key\":\"sw-7\",\"timestamp\":\"" + T0 + "\",\"value\":{\"deviceId\":\"sw-7\"}}\n"
                + "{\"topic\":\"no-such-topic\",\"key\":\"x\",\"timestamp\":\"" + T0 + "\",\"value\":{}}\n"
                + heartbeat("sw-7", "SWITCH", T0.plusSeconds(1))
                + "{\"topic\":\"device-heartbeats\",\"key\":\"sw-7\",\"timestamp\":\"" + T0.plusSeconds(2) + "\",\"value\":{\"deviceId\":\"sw-7\","
                + "\"deviceType\":\"SWITCH\",\"siteId\":\"school-7\",\"timestamp\":\"2031-01-01T00:00:00Z\",\"status\":\"OK\"}}\n";
        Result r = replay(input);

        assertTrue(r.diagnostics().contains("line 2: not JSON"), r.diagnostics());
        assertTrue(r.diagnostics().contains("line 3: missing field 'deviceType' in DeviceHeartbeat"), r.diagnostics());
        assertTrue(r.diagnostics().contains("line 4: topic 'no-such-topic' is not an input"), r.diagnostics());
        assertTrue(r.diagnostics().contains("line 6: rejected by the topology: heartbeat of sw-7 is stamped 2031-01-01T00:00:00Z"), r.diagnostics());
        List<JsonNode> dead = r.on("dead-letters");
        assertEquals(List.of(2, 3, 4, 6), dead.stream().map(d -> d.get("value").get("line").asInt()).toList());
        assertEquals("this is not json", dead.get(0).get("value").get("input").asText());
        assertEquals("device-heartbeats", dead.get(3).get("value").get("sourceTopic").asText());
        assertEquals("sw-7", dead.get(3).get("key").asText());
        assertEquals(1, r.on("device-health").size(), "the good heartbeat on line 5 was processed");
        assertEquals(4, r.summary().rejected());
    }

    @Test
    void epochMillisecondsAreAcceptedWhereInstantsAreExpected() throws Exception {
        String input = device("sw-7", "SWITCH", null, true)
                + "{\"topic\":\"device-heartbeats\",\"key\":\"sw-7\",\"timestamp\":" + T0.toEpochMilli() + ",\"value\":{\"deviceId\":\"sw-7\","
                + "\"deviceType\":\"SWITCH\",\"siteId\":\"school-7\",\"timestamp\":" + T0.toEpochMilli() + ",\"status\":\"WARN\"}}\n";
        JsonNode change = replay(input).on("device-health").get(0);
        assertEquals("DEGRADED", change.get("value").get("state").asText());
        assertEquals("2026-03-02T08:00:00Z", change.get("value").get("at").asText());
    }

    /** README "Replay": a contract change whose effectiveFrom is an ISO-8601 instant, as every other instant may be. */
    static final String CONTRACT_CHANGE = "{\"topic\":\"sla-contracts\",\"key\":\"seed-003\",\"timestamp\":\"2026-03-14T08:00:00Z\","
            + "\"value\":{\"id\":\"seed-003\",\"kind\":\"CONTRACT\",\"effectiveFrom\":\"2026-03-15T16:00:00Z\",\"document\":{\"id\":\"seed-003\","
            + "\"calendar\":\"cn-default\",\"severities\":{\"GENERAL\":{\"RESPONSE\":\"10m\",\"RESTORE\":\"8h\"}}}}}\n";

    @Test
    void aContractChangeWithAnIsoEffectiveFromIsAcceptedAndItsVersionsAreWritten() throws Exception {
        Result r = replay(CONTRACT_CHANGE);

        assertEquals(List.of(), r.on("dead-letters"), r.diagnostics());
        List<JsonNode> versions = r.on("sla-contract-versions");
        assertEquals(1, versions.size(), "the engine publishes the id's history on sla-contract-versions: " + r.outputs());
        JsonNode history = versions.get(0).get("value");
        assertEquals("seed-003", versions.get(0).get("key").asText());
        assertEquals(List.of(1, 2), history.get("versions").findValues("version").stream().map(JsonNode::asInt).toList());
        assertEquals("2026-03-15T16:00:00Z", history.get("versions").get(1).get("inForceFrom").asText());
        assertEquals("2026-03-14T08:00:00Z", history.get("versions").get(1).get("recordedAt").asText());
    }

    /** A level-2 ticket of seed-002 (REPORT: 2 working days from RESOLVED) opened and resolved at these instants; time runs on for 3 weeks. */
    static String resolvedTicket(Instant opened, Instant resolved) {
        return "{\"topic\":\"fault-tickets\",\"key\":\"T-9\",\"timestamp\":\"" + opened + "\",\"value\":{\"ticketId\":\"T-9\","
                + "\"type\":\"OPENED\",\"timestamp\":\"" + opened + "\",\"siteId\":\"school-7\",\"contractId\":\"seed-002\","
                + "\"severity\":\"2\",\"category\":\"HARDWARE\"}}\n"
                + "{\"topic\":\"fault-tickets\",\"key\":\"T-9\",\"timestamp\":\"" + resolved + "\",\"value\":{\"ticketId\":\"T-9\","
                + "\"type\":\"RESOLVED\",\"timestamp\":\"" + resolved + "\",\"siteId\":\"school-7\"}}\n"
                + "{\"advance\":\"" + resolved.plus(java.time.Duration.ofDays(21)) + "\"}\n";
    }

    static String reportBreach(Result r) {
        return r.on("sla-escalations").stream().map(o -> o.get("value"))
                .filter(v -> v.get("type").asText().equals("SLA_BREACH") && v.get("clock").asText().equals("REPORT"))
                .map(v -> v.get("at").asText()).findFirst().orElse("none: " + r.outputs());
    }

    @Test
    void twoWorkingDaysFromTheAfternoonBeforeTheSpringFestivalEndAfterTheHoliday() throws Exception {
        // Resolved Saturday 14 Feb 2026, 15:00 Shanghai: a make-up working day (调休), the last before the Spring Festival
        // (15-23 Feb). 18 working hours: 3 h that Saturday, 9 h on Tuesday 24 Feb, 6 h on Wednesday 25 Feb: 15:00 Shanghai.
        Result r = replay(resolvedTicket(Instant.parse("2026-02-14T06:00:00Z"), Instant.parse("2026-02-14T07:00:00Z")));
        assertEquals("2026-02-25T07:00:00Z", reportBreach(r));
    }

    @Test
    void aMakeUpSaturdayIsAWorkingDay() throws Exception {
        // Resolved Friday 27 Feb 2026, 17:00 Shanghai. Saturday 28 Feb is worked (调休 for the Spring Festival):
        // 1 h on Friday, 9 h on Saturday, 8 h on Monday 2 Mar: 17:00 Shanghai.
        Result r = replay(resolvedTicket(Instant.parse("2026-02-27T08:30:00Z"), Instant.parse("2026-02-27T09:00:00Z")));
        assertEquals("2026-03-02T09:00:00Z", reportBreach(r));
    }
}
