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
                "--output", html.toString(), "--lang", "en"});
        String printed = screen.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, printed);
        assertTrue(printed.contains("whatif: 2 tickets' verdicts change on 2 clocks; breaches 3 -> 5"), printed);
        assertTrue(printed.contains("with the candidate: 19 of 19 lines replayed"), "progress on screen: " + printed);

        List<String> csv = Files.readAllLines(dir.resolve("compare.csv"));
        assertEquals(List.of(
                "row,contract,kpi_or_clock,severity,ticket,current,current_target,candidate,candidate_target,reason,site,period",
                "kpi,seed-003,responseCompliancePct,,,80.00,95.00,40.00,95.00,,,",
                "kpi,seed-003,restoreCompliancePct,,,60.00,95.00,60.00,95.00,,,",
                "kpi,seed-003,repairRatePct,,,50.00,99.00,50.00,99.00,,,",
                "kpi,seed-003,satisfiedPct,,,75.00,95.00,75.00,95.00,,,",
                "breaches,seed-003,RESPONSE,GENERAL,,1,,3,,,,",
                "breaches,seed-003,RESTORE,GENERAL,,2,,2,,,,",
                "ticket,seed-003,RESPONSE,GENERAL,M-1,met,,breached 2026-03-02T01:08:00Z,,15m → 8m; acknowledged 10m after,,",
                "ticket,seed-003,RESPONSE,GENERAL,M-5,met,,breached 2026-03-25T01:08:00Z,,15m → 8m; acknowledged 14m after,,"), csv);

        String page = Files.readString(html);
        assertTrue(page.contains("Tickets whose verdict changes (2)"), "the page says the same, in English as asked");
        assertTrue(page.contains("<td>M-1</td>") && page.contains("<td>M-5</td>") && !page.contains("<td>M-2</td>"), page);
        assertTrue(page.contains("breached</span> 2026-03-02 09:08:00 Asia/Shanghai</td><td class=\"why\">15m → 8m; acknowledged 10m after</td>"),
                "the breach at its local time, labelled: " + page);
    }

    /**
     * The scheduled half (SPEC section 9): examples/seed-004-2027-q1.jsonl, school-12 on seed-004 from 15 October 2026,
     * its first quarter of 2027, against examples/seed-004-wider-return-visits.json (return visits count 09:00-12:30 and
     * 14:00-17:30 instead of 09:30-11:30 and 14:50-17:00). By hand, Asia/Shanghai:
     * <pre>
     *  inspection    (ON_SITE, each quarter)          in-1 ON_SITE Wed 3 Mar 10:00            met either way
     *  return-visit  (PHONE and ON_SITE, in hours)    rv-1 PHONE   Wed 10 Mar 12:00           out of 09:30-11:30: does not count;
     *                                                                                         in 09:00-12:30: counts
     *                                                 rv-2 ON_SITE Thu 11 Mar 15:00           counts either way
     *                                                 so MISSED (no PHONE that counts) -> MET
     *  maintenance   (4 a contract year from 15 Oct)  its year ends in October: not closing in the period, not compared
     *  obligations met 1 of 2 -> 2 of 2; one period's verdict changes
     * </pre>
     * The first quarter starts at the period's start, when the candidate takes effect: it is judged by the candidate.
     */
    @Test
    void aCandidateWithWiderReturnVisitHoursMakesANoonPhoneCallCountAndTheQuarterMet(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("compare.html");
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(screen, true, StandardCharsets.UTF_8);
        int exit = ToolsMain.main(out, out).execute(new String[]{"whatif", "--input", Path.of("..", "examples", "seed-004-2027-q1.jsonl").toString(),
                "--from", "2027-01-01", "--to", "2027-04-01", "--candidate", Path.of("..", "examples", "seed-004-wider-return-visits.json").toString(),
                "--output", html.toString()});
        String printed = screen.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, printed);
        assertTrue(printed.contains("whatif: obligations met 1 of 2 -> 2 of 2; 1 periods' verdicts change"), printed);

        List<String> csv = Files.readAllLines(dir.resolve("compare.csv"));
        assertEquals(List.of(
                "obligation,seed-004,inspection,,,1,1,1,1,,school-12,",
                "obligation,seed-004,return-visit,,,0,1,1,1,,school-12,",
                "occurrence,seed-004,return-visit,,,MISSED,,MET,,\"hours 09:30-11:30, 14:50-17:00 → 09:00-12:30, 14:00-17:30; "
                        + "counts now: rv-1 PHONE 2027-03-10 12:00:00 Asia/Shanghai\",school-12,2027-01-01 – 2027-03-31 Asia/Shanghai"),
                csv.stream().filter(l -> l.startsWith("obligation,") || l.startsWith("occurrence,")).toList());

        String page = Files.readString(html);
        assertTrue(page.contains("结论改变的定期服务（1）"), "in Chinese when no language is asked for: " + page);
        assertTrue(page.contains("<td>2027-01-01 至 2027-03-31 Asia/Shanghai</td><td><span class=\"badge\" style=\"background:#c62828\">未完成</span></td>"
                + "<td><span class=\"badge\" style=\"background:#1a7f37\">完成</span></td><td class=\"why\">时段 09:30-11:30、14:50-17:00 → 09:00-12:30、14:00-17:30；"
                + "现在计入：rv-1 PHONE 2027-03-10 12:00:00 Asia/Shanghai</td>"), page);
        assertFalse(page.contains("Scheduled obligations"), "one language a page");
    }
}
