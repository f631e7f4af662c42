package com.schoolops.sla.tools;

import com.schoolops.sla.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class MainTest {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final Main main = ToolsMain.main(new PrintStream(out, true), new PrintStream(err, true));

    @Test
    void helpListsEveryCommandAndEachCommandHasItsOwnHelp() {
        assertEquals(0, main.execute(new String[]{"--help"}));
        for (String c : new String[]{"demo", "run", "replay", "simulate", "tail", "topics"}) {
            assertTrue(out.toString().contains("  " + c + " "), c);
            assertEquals(0, main.execute(new String[]{c, "--help"}));
        }
        assertTrue(out.toString().contains("--bootstrap-servers=HOST:PORT"), out.toString());
    }

    @Test
    void aWrongFlagOrCommandIsOneLineAndExitCodeTwo() {
        assertEquals(2, main.execute(new String[]{"run", "--bootstrap", "x"}));
        assertEquals("error: run: unknown option --bootstrap (see: java -jar topology/target/sla-processor.jar run --help)\n", err.toString());
        err.reset();
        assertEquals(2, main.execute(new String[]{"deploy"}));
        assertEquals(1, err.toString().lines().count());
        err.reset();
        assertEquals(2, main.execute(new String[]{"run", "--set", "health.intervall.SWITCH=3s"}));
        assertTrue(err.toString().contains("unknown configuration key(s) [health.intervall.SWITCH]"), err.toString());
    }

    @Test
    void anUnreachableBrokerIsOneLineAndExitCodeOneNotAStackTrace() {
        int code = main.execute(new String[]{"topics", "--bootstrap-servers", "localhost:1", "--set", "startup.timeout=2s"});
        assertEquals(1, code);
        assertEquals("error: topics: cannot reach Kafka at localhost:1 within 2 s\n", err.toString());
    }

    @Test
    void replayNeedsReadableInput(@TempDir Path dir) throws Exception {
        assertEquals(2, main.execute(new String[]{"replay", "--input", dir.resolve("missing.jsonl").toString(), "--output", "x"}));
        assertTrue(err.toString().contains("cannot read --input"));
        err.reset();
        Path in = Files.writeString(dir.resolve("in.jsonl"), "{\"advance\":\"2026-03-02T10:00:00Z\"}\n");
        Path outFile = dir.resolve("out.jsonl");
        assertEquals(0, main.execute(new String[]{"replay", "--input", in.toString(), "--output", outFile.toString()}));
        assertTrue(Files.exists(outFile));
        assertTrue(err.toString().contains("1 lines (0 records, 1 advances, 0 rejected)"), err.toString());
    }

    @Test
    void replayJudgesByAContractOfOnesOwnGivenWithPoliciesAsTheSpecificationWritesIt(@TempDir Path dir) throws Exception {
        // specification section 6: replay --input IN.jsonl --output OUT.jsonl [--policies FILE]
        Path policies = Files.writeString(dir.resolve("ours.json"), """
                {"contracts": [{"id": "acme-001", "calendar": "cn-default", "warningFractions": [0.5],
                                "severities": {"P1": {"RESPONSE": "10m"}}}]}
                """);
        Path in = Files.writeString(dir.resolve("in.jsonl"), """
                {"topic":"fault-tickets","key":"A-1","timestamp":"2026-03-02T08:00:00Z","value":{"ticketId":"A-1","type":"OPENED","timestamp":"2026-03-02T08:00:00Z","siteId":"school-9","contractId":"acme-001","severity":"P1","category":"HARDWARE"}}
                {"advance":"2026-03-02T08:30:00Z"}
                """);
        Path outFile = dir.resolve("out.jsonl");
        // --name=value as well as --name value
        assertEquals(0, main.execute(new String[]{"replay", "--input", in.toString(), "--output=" + outFile,
                "--policies=" + policies}), err.toString());
        List<String> escalations = Files.readAllLines(outFile).stream().filter(l -> l.contains("\"topic\":\"sla-escalations\""))
                .map(l -> l.replaceAll(".*\"type\":\"(\\w+)\".*\"contractId\":\"([\\w-]+)\".*\"deadline\":\"([^\"]+)\".*", "$1 $2 $3"))
                .toList();
        assertEquals(List.of("SLA_WARNING acme-001 2026-03-02T08:10:00Z", "SLA_BREACH acme-001 2026-03-02T08:10:00Z"), escalations,
                "its own 10 min RESPONSE target, warned at half of it");

        err.reset();
        assertEquals(2, main.execute(new String[]{"replay", "--input", in.toString(), "--output", outFile.toString(),
                "--policies", dir.resolve("missing.json").toString()}));
        assertTrue(err.toString().startsWith("error: replay: cannot read --policies "), err.toString());
    }

    @Test
    void aValueOfTheWrongTypeIsOneLineAndExitCodeTwoAndTheShellCanCompleteCommands() {
        assertEquals(2, main.execute(new String[]{"simulate", "--sites", "ten"}));
        assertEquals("error: simulate: invalid value for option '--sites': 'ten' is not an int (see: java -jar topology/target/sla-processor.jar "
                + "simulate --help)\n", err.toString());
        err.reset();
        assertEquals(2, main.execute(new String[]{"demo", "--duration", "5 parsecs"}));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("error: demo: invalid value for option '--duration'"), err.toString());

        out.reset();
        assertEquals(0, main.execute(new String[]{"generate-completion"}));
        assertTrue(out.toString().startsWith("#!/usr/bin/env bash"), "a bash completion script");
        assertTrue(out.toString().contains("replay") && out.toString().contains("--policies"), "that completes the commands and their options");
    }
}
