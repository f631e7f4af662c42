package com.schoolops.sla.whatif;

import com.schoolops.sla.tools.ToolsMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 23: {@code whatif} on the bundled March month (examples/seed-003-march.jsonl, five seed-003 tickets at one
 * school) against a candidate whose first reply is due in 8 minutes instead of 15 (examples/seed-003-tighter-response.json).
 * By hand, from the tickets' lives:
 * <pre>
 *  M-1 GENERAL  acknowledged 10 min after OPENED (2 Mar 01:00Z)   15 min: met      8 min: breached at 01:08Z
 *  M-2 GENERAL  acknowledged 30 min                               breached          breached (no change of verdict)
 *  M-3 CONSULT  acknowledged 5 min                                met               met
 *  M-4 MAJOR    acknowledged 5 min                                met               met
 *  M-5 GENERAL  acknowledged 14 min after OPENED (25 Mar 01:00Z)  met               breached at 01:08Z
 *  response in time: 4 of 5 = 80 %  ->  2 of 5 = 40 % (target 95 % either way, missed either way)
 *  RESPONSE breaches of GENERAL tickets: 1 -> 3; RESTORE (targets unchanged): 2 -> 2 (M-2 restored after 10 h, M-5 never)
 * </pre>
 */
class WhatIfTest {
    @Test
    void theBundledMarchMonthAgainstTighterResponseTargetsShowsWhichTicketsWouldHaveBreached(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("compare.html");
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(screen, true, StandardCharsets.UTF_8);
        int exit = ToolsMain.main(out, out).execute(new String[]{"whatif", "--input", Path.of("..", "examples", "seed-003-march.jsonl").toString(),
                "--from", "2026-03-01", "--to", "2026-04-01", "--candidate", Path.of("..", "examples", "seed-003-tighter-response.json").toString(),
                "--output", html.toString()});
        String printed = screen.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, printed);
        assertTrue(printed.contains("whatif: 2 tickets' verdicts change on 2 clocks; breaches 3 -> 5"), printed);
        assertTrue(printed.contains("with the candidate: 19 of 19 lines replayed"), "progress on screen: " + printed);

        List<String> csv = Files.readAllLines(dir.resolve("compare.csv"));
        assertEquals(List.of(
                "row,contract,kpi_or_clock,severity,ticket,current,current_target,candidate,candidate_target,reason",
                "kpi,seed-003,responseCompliancePct,,,80.00,95.00,40.00,95.00,",
                "kpi,seed-003,restoreCompliancePct,,,60.00,95.00,60.00,95.00,",
                "kpi,seed-003,repairRatePct,,,50.00,99.00,50.00,99.00,",
                "kpi,seed-003,satisfiedPct,,,75.00,95.00,75.00,95.00,",
                "breaches,seed-003,RESPONSE,GENERAL,,1,,3,,",
                "breaches,seed-003,RESTORE,GENERAL,,2,,2,,",
                "ticket,seed-003,RESPONSE,GENERAL,M-1,met,,breached 2026-03-02T01:08:00Z,,15m → 8m; acknowledged 10m after",
                "ticket,seed-003,RESPONSE,GENERAL,M-5,met,,breached 2026-03-25T01:08:00Z,,15m → 8m; acknowledged 14m after"), csv);

        String page = Files.readString(html);
        assertTrue(page.contains("Tickets whose verdict changes (2)"), "the page says the same");
        assertTrue(page.contains("<td>M-1</td>") && page.contains("<td>M-5</td>") && !page.contains("<td>M-2</td>"), page);
    }
}
