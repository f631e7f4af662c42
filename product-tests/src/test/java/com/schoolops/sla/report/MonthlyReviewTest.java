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
    static final com.schoolops.sla.text.Texts EN = com.schoolops.sla.text.Texts.of("review", com.schoolops.sla.text.Texts.Lang.EN);
    static final com.schoolops.sla.text.Texts ZH = com.schoolops.sla.text.Texts.of("review", com.schoolops.sla.text.Texts.Lang.ZH);
    final AppConfig config = AppConfig.from(Settings.defaults(), ValueSerdes.registry(InMemorySchemaRegistry.withKnownSchemas()));
    final List<SlaKpi> kpis = new ArrayList<>();
    final List<Escalation> escalations = new ArrayList<>();

    /** Replays {@code in} and keeps its KPI records and escalations. */
    void replay(BufferedReader in) throws Exception {
        StringWriter out = new StringWriter();
        try (in; Replay replay = new Replay(config, out, new PrintStream(new ByteArrayOutputStream(), true))) {
            replay.run(in);
        }
        for (String line : out.toString().lines().toList()) {
            JsonNode record = JsonRecords.JSON.readTree(line);
            if (record.path("topic").asText().equals("sla-kpis")) {
                kpis.add(JsonRecords.fromJson(record.get("value"), SlaKpi.class));
            } else if (record.path("topic").asText().equals("sla-escalations")) {
                escalations.add(JsonRecords.fromJson(record.get("value"), Escalation.class));
            }
        }
    }

    @Test
    void aReplayedMonthGivesTheFiguresComputedByHandAgainstTheContractsTargets() throws Exception {
        replay(java.nio.file.Files.newBufferedReader(java.nio.file.Path.of("..", "examples", "seed-003-march.jsonl"), StandardCharsets.UTF_8));
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

        ObligationsReview obligations = ObligationsReview.of(kpis, escalations, KpiScope.CONTRACT, "seed-003", YearMonth.of(2026, 3),
                ContractBook.of(config.policies()).kpiZone("seed-003", null, 0L));
        assertEquals(new ObligationsReview.Counts(0, 0, 0), obligations.quarter(), "no school of the month is in site-registry");
        java.time.ZoneId zone = ContractBook.of(config.policies()).kpiZone("seed-003", null, 0L);
        String page = ReportPage.render(review, hotspots, obligations, MajorEventsReview.of(escalations, KpiScope.CONTRACT, "seed-003",
                YearMonth.of(2026, 3), zone), zone, Instant.parse("2026-04-01T08:00:00Z"), EN);
        assertTrue(page.contains("Service review: contract seed-003, 2026-03"));
        assertTrue(page.contains("80.0 %</div><span class=\"badge\" style=\"background:#c62828\">missed</span>"),
                "response compliance against seed-003's 95 %, at a glance");
        assertFalse(page.contains("<script") || page.contains("http://") || page.contains("https://"), "self-contained");
        assertTrue(page.contains("No scheduled obligation has closed this quarter so far."));
        assertTrue(page.contains("The escalations read name no major event of the month."));
        String chinese = ReportPage.render(review, hotspots, obligations, MajorEventsReview.of(escalations, KpiScope.CONTRACT, "seed-003",
                YearMonth.of(2026, 3), zone), zone, Instant.parse("2026-04-01T08:00:00Z"), ZH);
        assertTrue(chinese.contains("<h1>服务月报：合同 seed-003，2026-03</h1>"));
        assertTrue(chinese.contains("生成于 2026-04-01 16:00:00 Asia/Shanghai"), "the local time, labelled with its zone");
        assertTrue(chinese.contains("80.0 %</div><span class=\"badge\" style=\"background:#c62828\">未达标</span>"));
        assertTrue(chinese.contains("<tr><td>平均恢复时间</td><td>8 小时 35 分</td></tr>"));
        assertTrue(chinese.contains("本季度至今没有到期的定期服务。") && !chinese.contains("No scheduled obligation"), "one language a page");
        assertTrue(ReportCsv.render(review, obligations).endsWith("2026-03,5,4,80.00,60.00,12.8,515.0,50.00,4.25,75.00,3,,0,0,0\n"
                + "2026-Q1..2026-03,,,,,,,,,,,,0,0,0\n"));
    }

    /**
     * A seed-004 school (cn-default, Asia/Shanghai) accepted on 2025-05-15 10:00, its one-year warranty to 2026-05-15 10:00,
     * enters site-registry on Monday 2026-04-20 10:00. Open then: the Q2 inspection [04-01, 05-15 10:00) (IN_WARRANTY: cut at
     * the warranty's end), the contract year's 4 maintenance visits [2025-05-15 10:00, 2026-05-15 10:00), and the Q2 return
     * visit [04-01, 07-01) (ALWAYS). The inspection is done on site on Wednesday 04-22 10:00; no maintenance visit, no return
     * visit. Each counts on its period's last day:
     * <pre>
     *  05-15  inspection met, maintenance missed         due 2, met 1, missed 1
     *  06-30  return visit missed                        due 1, met 0, missed 1
     *  May:  the month 2 / 1 / 1, the quarter so far (April-May) 2 / 1 / 1; missed: maintenance 2025-05-15 – 2026-05-15
     *  June: the month 1 / 0 / 1, the quarter so far (April-June) 3 / 1 / 2; missed: return-visit 2026-04-01 – 2026-06-30
     * </pre>
     */
    @Test
    void theObligationsOfAMonthAndOfItsQuarterSoFarAreTheirDaysSums() throws Exception {
        replay(new BufferedReader(new java.io.StringReader(String.join("\n",
                "{\"topic\":\"site-registry\",\"key\":\"school-9\",\"timestamp\":\"2026-04-20T02:00:00Z\",\"value\":"
                        + "{\"siteId\":\"school-9\",\"contractId\":\"seed-004\",\"acceptedAt\":\"2025-05-15T02:00:00Z\"}}",
                "{\"topic\":\"service-visits\",\"key\":\"school-9\",\"timestamp\":\"2026-04-22T02:00:00Z\",\"value\":{\"visitId\":\"in-1\","
                        + "\"siteId\":\"school-9\",\"kind\":\"INSPECTION\",\"type\":\"COMPLETED\",\"mode\":\"ON_SITE\","
                        + "\"timestamp\":\"2026-04-22T02:00:00Z\",\"engineers\":[\"wang\"]}}",
                "{\"advance\":\"2026-07-01T17:00:00Z\"}"))));
        java.time.ZoneId shanghai = ContractBook.of(config.policies()).kpiZone("seed-004", null, 0L);
        for (KpiScope scope : KpiScope.values()) {
            String id = scope == KpiScope.SITE ? "school-9" : "seed-004";
            ObligationsReview may = ObligationsReview.of(kpis, escalations, scope, id, YearMonth.of(2026, 5), shanghai);
            assertEquals(new ObligationsReview.Counts(2, 1, 1), may.month(), scope + " May");
            assertEquals(new ObligationsReview.Counts(2, 1, 1), may.quarter(), scope + " April-May");
            assertEquals(YearMonth.of(2026, 4), may.quarterFrom());
            assertEquals(List.of(new ObligationsReview.Missed("school-9", "maintenance", java.time.LocalDate.of(2025, 5, 15),
                    java.time.LocalDate.of(2026, 5, 15))), may.missed());
            ObligationsReview june = ObligationsReview.of(kpis, escalations, scope, id, YearMonth.of(2026, 6), shanghai);
            assertEquals(new ObligationsReview.Counts(1, 0, 1), june.month(), scope + " June");
            assertEquals(new ObligationsReview.Counts(3, 1, 2), june.quarter(), scope + " April-June");
            assertEquals(List.of(new ObligationsReview.Missed("school-9", "return-visit", java.time.LocalDate.of(2026, 4, 1),
                    java.time.LocalDate.of(2026, 6, 30))), june.missed());
        }

        ServiceReview june = ServiceReview.of(kpis, KpiScope.CONTRACT, "seed-004", YearMonth.of(2026, 6), Map.of());
        ObligationsReview obligations = ObligationsReview.of(kpis, escalations, KpiScope.CONTRACT, "seed-004", YearMonth.of(2026, 6), shanghai);
        String page = ReportPage.render(june, Hotspots.of(escalations, kpis, KpiScope.CONTRACT, "seed-004", YearMonth.of(2026, 6), shanghai),
                obligations, MajorEventsReview.of(escalations, KpiScope.CONTRACT, "seed-004", YearMonth.of(2026, 6), shanghai), shanghai,
                Instant.parse("2026-07-02T08:00:00Z"), ZH);
        assertTrue(page.contains("<tr><td>到期</td><td>1</td><td>3</td></tr><tr><td>已完成</td><td>0</td><td>1</td></tr>"
                + "<tr><td>未完成</td><td>1</td><td>2</td></tr>"), page);
        assertTrue(page.contains("<tr><td>school-9</td><td>return-visit</td><td>2026-04-01 – 2026-06-30</td></tr>"));
        assertEquals("2026-06-30,0,0,,,,,,,,0,,1,0,1\n2026-06,0,0,,,,,,,,0,,1,0,1\n2026-Q2..2026-06,,,,,,,,,,,,3,1,2\n",
                ReportCsv.render(june, obligations).lines().skip(1).map(l -> l + "\n").collect(java.util.stream.Collectors.joining()));
    }

    /**
     * Issue 36: ExamWeekTopologyTest's exam at two seed-003 schools (a pre-check 7 working days ahead, 2 engineers on
     * standby), replayed, then reviewed for May. The exam: Wednesday 2026-05-13 09:00–17:00 Shanghai, published Monday
     * 04-27 09:00; its pre-check due Thursday 04-30 09:00 (Labour Day 05-01 to 05-05 off, Saturday 05-09 worked),
     * PRECHECK_DUE_SOON two working days before, Tuesday 04-28 09:00.
     * <pre>
     *  school-a  pre-check Monday 04-27 15:00: nothing raised.        eng-1 in 08:50, eng-2 in 09:20, eng-1 out 10:00:
     *            STANDBY_SHORTFALL at 09:00 (1 of 2) and at 10:00 (down to 1 again): 2
     *  school-b  no pre-check: PRECHECK_DUE_SOON 04-28 09:00, PRECHECK_MISSED 04-30 09:00: missed.   nobody checks in:
     *            STANDBY_SHORTFALL at 09:00 only (a count that stays short is the same drop)
     * </pre>
     */
    @Test
    void theMonthsMajorEventsAndHowEachWasServed() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String school : List.of("school-a", "school-b")) {
            lines.add("{\"topic\":\"site-registry\",\"key\":\"" + school + "\",\"timestamp\":\"2026-04-20T02:00:00Z\",\"value\":"
                    + "{\"siteId\":\"" + school + "\",\"contractId\":\"seed-003\",\"acceptedAt\":\"2026-02-02T02:00:00Z\"}}");
            lines.add("{\"topic\":\"site-calendar\",\"key\":\"" + school + "\",\"timestamp\":\"2026-04-27T01:00:00Z\",\"value\":"
                    + "{\"siteId\":\"" + school + "\",\"windows\":[{\"kind\":\"MAJOR_EVENT\",\"start\":\"2026-05-13T01:00:00Z\","
                    + "\"end\":\"2026-05-13T09:00:00Z\",\"name\":\"中考 entrance exam\"}]}}");
        }
        lines.add(visit("pc-a", "PRECHECK", "COMPLETED", "2026-04-27T07:00:00Z", "eng-1"));
        lines.add(visit("sb-1", "STANDBY", "CHECK_IN", "2026-05-13T00:50:00Z", "eng-1"));
        lines.add(visit("sb-2", "STANDBY", "CHECK_IN", "2026-05-13T01:20:00Z", "eng-2"));
        lines.add(visit("sb-3", "STANDBY", "CHECK_OUT", "2026-05-13T02:00:00Z", "eng-1"));
        lines.add("{\"advance\":\"2026-05-31T16:00:00Z\"}");
        replay(new BufferedReader(new java.io.StringReader(String.join("\n", lines))));
        java.time.ZoneId shanghai = ContractBook.of(config.policies()).kpiZone("seed-003", null, 0L);
        Instant start = Instant.parse("2026-05-13T01:00:00Z");
        Instant end = Instant.parse("2026-05-13T09:00:00Z");
        MajorEventsReview may = MajorEventsReview.of(escalations, KpiScope.CONTRACT, "seed-003", YearMonth.of(2026, 5), shanghai);
        assertEquals(List.of(
                new MajorEventsReview.Event("school-a", start, end, MajorEventsReview.Precheck.NONE_RAISED,
                        List.of(start, Instant.parse("2026-05-13T02:00:00Z")), java.util.Set.of(), 0),
                new MajorEventsReview.Event("school-b", start, end, MajorEventsReview.Precheck.MISSED, List.of(start), java.util.Set.of(), 0)),
                may.events());
        assertEquals(may.events().subList(1, 2), MajorEventsReview.of(escalations, KpiScope.SITE, "school-b", YearMonth.of(2026, 5), shanghai).events());
        assertEquals(List.of(), MajorEventsReview.of(escalations, KpiScope.CONTRACT, "seed-003", YearMonth.of(2026, 4), shanghai).events(),
                "an event is its start's month's, though its pre-check fell in April");

        String page = ReportPage.render(ServiceReview.of(kpis, KpiScope.CONTRACT, "seed-003", YearMonth.of(2026, 5), Map.of()),
                Hotspots.of(escalations, kpis, KpiScope.CONTRACT, "seed-003", YearMonth.of(2026, 5), shanghai),
                ObligationsReview.of(kpis, escalations, KpiScope.CONTRACT, "seed-003", YearMonth.of(2026, 5), shanghai), may, shanghai,
                Instant.parse("2026-06-01T08:00:00Z"), EN);
        assertTrue(page.contains("<tr><td>school-a</td><td>2026-05-13 09:00:00 Asia/Shanghai – 2026-05-13 17:00:00 Asia/Shanghai</td>"
                + "<td>none raised (on time, or not in the contract)</td><td>2: 2026-05-13 09:00:00 Asia/Shanghai, "
                + "2026-05-13 10:00:00 Asia/Shanghai</td><td>–</td></tr>"), page);
        assertTrue(page.contains("<tr><td>school-b</td><td>2026-05-13 09:00:00 Asia/Shanghai – 2026-05-13 17:00:00 Asia/Shanghai</td>"
                + "<td>missed</td><td>1: 2026-05-13 09:00:00 Asia/Shanghai</td><td>–</td></tr>"), page);
    }

    /** A step of a visit at school-a, as the replay reads it. */
    static String visit(String visitId, String kind, String type, String at, String engineer) {
        return "{\"topic\":\"service-visits\",\"key\":\"school-a\",\"timestamp\":\"" + at
                + "\",\"value\":{\"visitId\":\"" + visitId + "\",\"siteId\":\"school-a\",\"kind\":\"" + kind + "\",\"type\":\"" + type
                + "\",\"mode\":\"ON_SITE\",\"timestamp\":\"" + at + "\",\"engineers\":[\"" + engineer + "\"]}}";
    }
}
