package com.schoolops.sla.tickets;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.schoolops.sla.avro.ContractHistory;
import com.schoolops.sla.avro.ContractKind;
import com.schoolops.sla.avro.ContractVersion;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.deadletter.DeadLetters;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.policy.PolicyException;
import com.schoolops.sla.testing.TopologyHarness;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 23 on the real topology: contracts and calendars change as data on {@code sla-contracts}, with no restart,
 * and a change never rewrites what was already judged.
 */
class ContractVersionsTopologyTest {
    static final Policies BUNDLED = Policies.load(Optional.empty());

    TopologyHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    void start(Instant at) {
        h = new TopologyHarness(at, Map.of("health.check-interval", "1m"));
    }

    /** A bundled contract or calendar as its JSON object, to change. */
    static ObjectNode bundled(String id) {
        return BUNDLED.documents().stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow().json().deepCopy();
    }

    void open(String ticket, String contract, String severity) {
        h.ticket(TicketSlaTopologyTest.event(ticket, TicketEventType.OPENED, h.now(), "school-1", null, contract, severity));
    }

    void send(String ticket, TicketEventType type) {
        h.ticket(TicketSlaTopologyTest.event(ticket, type, h.now(), "school-1", null, null, null));
    }

    /** "ticket CLOCK @at v<version>" for each breach. */
    static List<String> breaches(List<Escalation> escalations) {
        return escalations.stream().filter(e -> e.getType() == EscalationType.SLA_BREACH)
                .map(e -> e.getTicketId() + " " + e.getClock() + " @" + Instant.ofEpochMilli(e.getAt()) + " v" + e.getContractVersion()).toList();
    }

    @Test
    void aTargetChangedMidMonthLeavesOpenTicketsOnTheirVersionAndAppliesToTicketsOpenedFromItsStart() {
        Instant t0 = Instant.parse("2026-03-15T01:50:00Z");
        start(t0);
        open("T-BEFORE", "seed-002", "2"); // level 2: RESPONSE 30m (version 1, the bundled file)

        h.advance(Duration.ofMinutes(5)); // 01:55: the new contract year's targets are published, in force from 02:00
        ObjectNode tighter = bundled("seed-002");
        ((ObjectNode) tighter.path("severities").path("2")).put("RESPONSE", "10m");
        h.contract(ContractKind.CONTRACT, "seed-002", Instant.parse("2026-03-15T02:00:00Z"), tighter.toString());

        h.advance(Duration.ofMinutes(3)); // 01:58: published, not yet in force
        open("T-PUBLISHED", "seed-002", "2");
        h.advance(Duration.ofMinutes(7)); // 02:05: in force
        open("T-AFTER", "seed-002", "2");
        h.advance(Duration.ofHours(1));

        assertEquals(List.of(
                "T-AFTER RESPONSE @2026-03-15T02:15:00Z v2",      // 10m from 02:05
                "T-BEFORE RESPONSE @2026-03-15T02:20:00Z v1",     // 30m from 01:50: its own version, though it was still open
                "T-PUBLISHED RESPONSE @2026-03-15T02:28:00Z v1"), // opened before the new version took effect
                breaches(h.escalations.readValuesToList()).stream().sorted(java.util.Comparator.comparing(s -> s.split("@")[1])).toList());

        List<ContractHistory> published = h.contractVersions.readValuesToList();
        ContractHistory history = published.get(published.size() - 1);
        assertEquals(List.of(1, 2), history.getVersions().stream().map(ContractVersion::getVersion).toList(), "the file's version 1, then the change");
        assertEquals(Long.MIN_VALUE, history.getVersions().get(0).getInForceFrom());
        assertEquals(Instant.parse("2026-03-15T02:00:00Z").toEpochMilli(), history.getVersions().get(1).getInForceFrom());
        assertEquals("test", history.getVersions().get(1).getActor());
    }

    @Test
    void aRestartSeedingTheUnchangedPoliciesFileDoesNotUndoAChangeMadeOnTheTopicButAChangedFileIsANewVersion() {
        start(Instant.parse("2026-03-15T01:00:00Z"));
        h.seed(ContractKind.CONTRACT, "seed-002", bundled("seed-002").toString()); // the first start
        ObjectNode tighter = bundled("seed-002");
        ((ObjectNode) tighter.path("severities").path("2")).put("RESPONSE", "10m");
        h.contract(ContractKind.CONTRACT, "seed-002", null, tighter.toString()); // the ops team's change, on the topic
        h.advance(Duration.ofMinutes(5));
        h.seed(ContractKind.CONTRACT, "seed-002", bundled("seed-002").toString()); // a restart, the file unchanged

        open("T-1", "seed-002", "2");
        h.advance(Duration.ofHours(1));
        assertEquals(List.of("T-1 RESPONSE @2026-03-15T01:15:00Z v2"), breaches(h.escalations.readValuesToList()), "the change stands");

        ObjectNode edited = bundled("seed-002");
        ((ObjectNode) edited.path("severities").path("2")).put("RESPONSE", "20m");
        h.seed(ContractKind.CONTRACT, "seed-002", edited.toString()); // a restart with an edited file
        open("T-2", "seed-002", "2");
        h.advance(Duration.ofHours(1));
        assertEquals(List.of("T-2 RESPONSE @2026-03-15T02:25:00Z v3"), breaches(h.escalations.readValuesToList()), "the edited file is version 3");
    }

    @Test
    void aHolidayAddedMidWeekMovesOnlyTheDeadlinesStillToComeAndNeverTheTimeAlreadyCounted() {
        // cn-default: Monday to Friday 09:00-18:00 in Shanghai (01:00-10:00Z). seed-002 level 0: REPORT is 2 working days (18 h) after RESOLVED.
        start(Instant.parse("2026-03-05T02:00:00Z")); // Thursday 10:00
        open("T-PAST", "seed-002", "0");
        send("T-PAST", TicketEventType.RESOLVED); // REPORT due Monday 10:00: Thu 8 h + Fri 9 h + Mon 1 h

        h.advanceTo(Instant.parse("2026-03-09T02:00:00Z")); // Monday 10:00
        open("T-RUNNING", "seed-002", "0");
        send("T-RUNNING", TicketEventType.RESOLVED); // REPORT due Wednesday 10:00: Mon 8 h + Tue 9 h + Wed 1 h

        h.advanceTo(Instant.parse("2026-03-10T04:00:00Z")); // Tuesday 12:00: Monday (already counted) and Wednesday become holidays
        ObjectNode calendar = bundled("cn-default");
        ArrayNode holidays = calendar.putArray("holidays");
        holidays.add("2026-03-09").add("2026-03-11");
        h.contract(ContractKind.CALENDAR, "cn-default", null, calendar.toString());

        h.advanceTo(Instant.parse("2026-03-13T10:00:00Z"));
        List<Escalation> escalations = h.escalations.readValuesToList();
        assertEquals(List.of(
                        "T-PAST REPORT @2026-03-09T02:00:00Z v1",     // due before the change: stays as it was
                        "T-RUNNING REPORT @2026-03-12T02:00:00Z v1"), // Mon 8 h + Tue 9 h (counted as worked) + Thu 1 h: Wednesday skipped
                breaches(escalations).stream().filter(b -> b.contains("REPORT")).toList(),
                "not Wednesday 10:00 (the change ignored) nor Thursday 18:00 (Monday re-counted as a holiday)");
        Escalation eighty = escalations.stream().filter(e -> e.getTicketId().equals("T-RUNNING") && e.getClock() == SlaClock.REPORT
                && e.getType() == EscalationType.SLA_WARNING).reduce((a, b) -> b).orElseThrow();
        assertEquals(Instant.parse("2026-03-10T07:24:00Z").toEpochMilli(), eighty.getAt(), "80 % (14 h 24 m): Mon 8 h + Tue 6 h 24 m");
        assertEquals(Instant.parse("2026-03-12T02:00:00Z").toEpochMilli(), eighty.getDeadline(), "raised after the change: names the moved deadline");
    }

    @Test
    void aContractValueThatDoesNotValidateIsRefusedWithTheFileChecksReasonAndTheVersionInForceStays(@TempDir Path dir) throws Exception {
        start(Instant.parse("2026-03-15T01:00:00Z"));
        ObjectNode broken = bundled("seed-002");
        ((ObjectNode) broken.path("severities").path("2")).put("RESPONSE", "half an hour");
        h.contract(ContractKind.CONTRACT, "seed-002", null, broken.toString());

        List<TestRecord<byte[], byte[]>> dead = h.deadLetters.readRecordsToList();
        assertEquals(1, dead.size());
        assertEquals("seed-002", new String(dead.get(0).key(), StandardCharsets.UTF_8));
        String reason = new String(dead.get(0).headers().lastHeader(DeadLetters.HEADER_MESSAGE).value(), StandardCharsets.UTF_8);
        Path file = dir.resolve("ours.json");
        Files.writeString(file, "{\"contracts\": [" + broken + "]}");
        PolicyException fileCheck = assertThrows(PolicyException.class, () -> Policies.load(Optional.of(file)));
        assertEquals(fileCheck.getMessage().replace(file.toString(), "sla-contracts"), reason, "the same one line as the file check");
        assertTrue(h.contractVersions.isEmpty(), "no version accepted");

        open("T-1", "seed-002", "2");
        h.advance(Duration.ofHours(1));
        assertEquals(List.of("T-1 RESPONSE @2026-03-15T01:30:00Z v1"), breaches(h.escalations.readValuesToList()), "still 30m, version 1");
    }
}
