package com.schoolops.sla.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.schoolops.sla.policy.BusinessCalendar;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.serde.JsonRecords;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The README's own examples, run: every replay input block (lines of {@code {"topic":…}} / {@code {"advance":…}}) goes
 * through replay, every JSON block of a policies file through the policy loader. An example edited without the code,
 * or the code without the example, fails here.
 */
class ReadmeExamplesTest {
    static final Path README = Path.of("..", "README.md");

    @TempDir
    Path dir;

    /** The fenced code blocks of the README, each as its lines. */
    static List<List<String>> codeBlocks() throws Exception {
        List<List<String>> blocks = new ArrayList<>();
        List<String> open = null;
        for (String line : Files.readAllLines(README, StandardCharsets.UTF_8)) {
            if (line.startsWith("```")) {
                if (open == null) {
                    open = new ArrayList<>();
                } else {
                    blocks.add(open);
                    open = null;
                }
            } else if (open != null) {
                open.add(line);
            }
        }
        return blocks;
    }

    static boolean isReplayLine(String line) {
        return line.startsWith("{\"topic\":") || line.startsWith("{\"advance\":");
    }

    @TestFactory
    Stream<DynamicTest> everyReplayExampleRunsWithNoDeadLetterAndGivesWhatTheReadmeSays() throws Exception {
        List<List<String>> examples = codeBlocks().stream()
                .map(b -> b.stream().filter(ReadmeExamplesTest::isReplayLine).toList())
                .filter(b -> !b.isEmpty()).toList();
        assertTrue(examples.size() >= 2, "the README's Replay section shows its input lines: " + examples);
        return examples.stream().map(lines -> DynamicTest.dynamicTest(lines.get(0), () -> {
            ReplayTest.Result r = ReplayTest.replay(String.join("\n", lines) + "\n");
            assertEquals(List.of(), r.on("dead-letters"), r.diagnostics());
            assertEquals("", r.diagnostics());
            for (String text : lines) {
                JsonNode line = JsonRecords.JSON.readTree(text);
                switch (line.path("topic").asText()) {
                    case "device-heartbeats" -> assertTrue(r.on("device-health").stream()
                                    .anyMatch(o -> o.get("key").asText().equals(line.get("key").asText())),
                            "a heartbeat gives its device a health state: " + r.outputs());
                    case "sla-contracts" -> assertVersionPublished(line, r);
                    default -> {
                    }
                }
            }
        }));
    }

    /** README "Changing a contract": every accepted version on sla-contract-versions, in force from effectiveFrom or from when written. */
    static void assertVersionPublished(JsonNode line, ReplayTest.Result r) {
        JsonNode change = line.get("value");
        List<JsonNode> histories = r.on("sla-contract-versions").stream()
                .filter(o -> o.get("key").asText().equals(change.get("id").asText())).toList();
        assertFalse(histories.isEmpty(), "the engine publishes every version on sla-contract-versions: " + r.outputs());
        JsonNode versions = histories.get(histories.size() - 1).get("value").get("versions");
        JsonNode newest = versions.get(versions.size() - 1);
        assertEquals(change.get("kind").asText(), histories.get(0).get("value").get("kind").asText());
        assertEquals(change.get("document"), readJson(newest.get("document").asText()));
        Instant written = Instant.parse(line.get("timestamp").asText());
        Instant effective = change.hasNonNull("effectiveFrom") ? Instant.parse(change.get("effectiveFrom").asText()) : written;
        Instant expected = effective.isAfter(written) ? effective : written;
        assertEquals(expected.toString(), newest.get("inForceFrom").asText());
    }

    private static JsonNode readJson(String text) {
        try {
            return JsonRecords.JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("a version's document is JSON: " + text, e);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyPoliciesFileExampleLoadsAsTheReadmeDescribesIt() throws Exception {
        List<String> examples = new ArrayList<>();
        for (List<String> block : codeBlocks()) {
            String text = String.join("\n", block).strip();
            if (text.startsWith("{") && (text.contains("\"contracts\"") || text.contains("\"calendars\""))) {
                examples.add(text);
            }
        }
        assertFalse(examples.isEmpty(), "the README's SLA contracts section shows a policies file");
        return examples.stream().map(text -> DynamicTest.dynamicTest(text.lines().findFirst().orElse(""), () -> {
            JsonNode file = JsonRecords.JSON.readTree(text);
            Path path = Files.writeString(dir.resolve("ours.json"), text);
            Policies policies = Policies.load(Optional.of(path));
            for (JsonNode c : file.path("contracts")) {
                assertTrue(policies.contract(c.get("id").asText()).isPresent(), c.toString());
                assertEquals(c.path("obligations").size(), policies.contract(c.get("id").asText()).orElseThrow().obligations().size(),
                        "every obligation of " + c.get("id") + " is read");
            }
            for (JsonNode c : file.path("calendars")) {
                BusinessCalendar calendar = policies.calendar(c.get("id").asText()).orElseThrow();
                c.path("holidays").forEach(d -> assertFalse(calendar.isWorkingDay(LocalDate.parse(d.asText())), "a holiday is idle: " + d));
                c.path("makeUpWorkdays").forEach(d -> assertTrue(calendar.isWorkingDay(LocalDate.parse(d.asText())), "a make-up day is worked: " + d));
            }
        }));
    }
}
