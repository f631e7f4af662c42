package com.schoolops.sla.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.KpiScope;
import com.schoolops.sla.avro.SlaKpi;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.serde.JsonRecords;
import com.schoolops.sla.replay.Replay;
import com.schoolops.sla.serde.InMemorySchemaRegistry;
import com.schoolops.sla.serde.ValueSerdes;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A month of seed-003 tickets at one school (examples/seed-003-march.jsonl, the bundled March month), replayed, then reviewed: the figures are the
 * ones computed by hand from the tickets' lives.
 * <pre>
 *  M-1 GENERAL  2 Mar: acknowledged 10 min, restored 2 h, rated 5      RESPONSE met, RESTORE met, repaired that day
 *  M-2 GENERAL  2 Mar: acknowledged 30 min, restored 10 h, rated 3     RESPONSE missed (15 min), RESTORE missed (8 h), repaired that day
 *  M-3 CONSULT 10 Mar: acknowledged 5 min, answered 20 min, rated 4    met, met; a consultation is no fault
 *  M-4 MAJOR   20 Mar: acknowledged 5 min, restored 22 h (21 Mar), 5   met, met (24 h); repaired the next day, not its own
 *  M-5 GENERAL 25 Mar: acknowledged 14 min, not restored               RESPONSE met, RESTORE missed
 *  response 4/5 = 80 %; restore 3/5 = 60 %; time to acknowledge (10+30+5+5+14)/5 = 12.8 min;
 *  time to restore (2 h + 10 h + 20 min + 22 h)/4 = 8 h 35 min; repair rate 2 of 4 faults = 50 %;
 *  satisfaction (5+3+4+5)/4 = 4.25, satisfied 3 of 4 = 75 %; breaches RESPONSE 1, RESTORE 2.
 * </pre>
 */
class MonthlyReviewTest {
    @Test
    void aReplayedMonthGivesTheFiguresComputedByHandAgainstTheContractsTargets() throws Exception {
        AppConfig config = AppConfig.from(Settings.defaults(), ValueSerdes.registry(InMemorySchemaRegistry.withKnownSchemas()));
        StringWriter out = new StringWriter();
        try (BufferedReader in = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of("..", "examples", "seed-003-march.jsonl"), StandardCharsets.UTF_8);
             Replay replay = new Replay(config, out, new PrintStream(new ByteArrayOutputStream(), true))) {
            replay.run(in);
        }
        List<SlaKpi> kpis = new ArrayList<>();
        List<Escalation> escalations = new ArrayList<>();
        for (String line : out.toString().lines().toList()) {
            JsonNode record = JsonRecords.JSON.readTree(line);
            if (record.path("topic").asText().equals("sla-kpis")) {
                kpis.add(JsonRecords.fromJson(record.get("value"), SlaKpi.class));
            } else if (record.path("topic").asText().equals("sla-escalations")) {
                escalations.add(JsonRecords.fromJson(record.get("value"), Escalation.class));
            }
        }
        Map<String, Double> targets = config.policies().contract("seed-003").orElseThrow().kpiTargets();
        ServiceReview review = ServiceReview.of(kpis, KpiScope.CONTRACT, "seed-003", YearMonth.of(2026, 3), targets);

        assertEquals(List.of("2026-03-02", "2026-03-10", "2026-03-20", "2026-03-21", "2026-03-25"),
                review.days().stream().map(d -> ServiceReview.localDate(d).toString()).toList(), "Shanghai days with a record");
        ServiceReview.Month m = review.total();
        assertEquals(5, m.ticketsOpened());
        assertEquals(4, m.ticketsResolved());
        assertEquals(80.0, m.responseCompliancePct(), 1e-9);
        assertEquals(60.0, m.restoreCompliancePct(), 1e-9);
        assertEquals(Duration.ofSeconds(768).toMillis(), m.meanTimeToAcknowledgeMs(), 1e-6);
        assertEquals(Duration.ofMinutes(515).toMillis(), m.meanTimeToRestoreMs(), 1e-6);
        assertEquals(50.0, m.repairRatePct(), 1e-9);
        assertEquals(4.25, m.meanSatisfaction(), 1e-9);
        assertEquals(75.0, m.satisfiedPct(), 1e-9);
        assertEquals(Map.of("RESPONSE", 1, "RESTORE", 2), m.breachesByClock());

        Hotspots hotspots = Hotspots.of(escalations, kpis, KpiScope.CONTRACT, "seed-003", YearMonth.of(2026, 3),
                ContractBook.of(config.policies()).kpiZone("seed-003", null, 0L));
        assertEquals(List.of(new Hotspots.Site("school-7", 3, 0, 0, null)), hotspots.sites(), "the one school, with its 3 breaches");
        assertEquals(List.of(), hotspots.devices(), "no ticket of the month names a device");

        String page = ReportPage.render(review, hotspots, Instant.parse("2026-04-01T08:00:00Z"));
        assertTrue(page.contains("Service review: contract seed-003, 2026-03"));
        assertTrue(page.contains("80.0 %</div><span class=\"badge\" style=\"background:#c62828\">missed</span>"),
                "response compliance against seed-003's 95 %, at a glance");
        assertFalse(page.contains("<script") || page.contains("http://") || page.contains("https://"), "self-contained");
        assertTrue(ReportCsv.render(review).endsWith("2026-03,5,4,80.00,60.00,12.8,515.0,50.00,4.25,75.00,3,\n"));
    }
}
