package com.schoolops.sla.whatif;

import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.text.Texts;
import com.schoolops.sla.text.Texts.Lang;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 37: the what-if page in Chinese or English, one language a page from i18n/whatif (the two files agree), every
 * time local and labelled with its zone; the CSV stays as it was, English, for the spreadsheets and scripts that read it.
 * The comparison is WhatIfTest's two cases, written by hand: M-1's first reply 15m → 8m, and school-12's return visit.
 */
class ComparisonPageTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final Instant GENERATED = Instant.parse("2026-04-01T01:02:03.456Z");
    static final Comparison.Period MARCH = new Comparison.Period(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 4, 1),
            Instant.parse("2026-02-28T16:00:00Z"), Instant.parse("2026-03-31T16:00:00Z"));
    static final Comparison COMPARISON = new Comparison(MARCH,
            List.of(new Comparison.KpiRow("seed-003", "responseCompliancePct", 80.0, 95.0, 40.0, 95.0)),
            List.of(new Comparison.BreachRow("seed-003", SlaClock.RESPONSE, "GENERAL", 1, 3)),
            List.of(new Comparison.TicketRow("M-1", "seed-003", "GENERAL", SlaClock.RESPONSE, null, Instant.parse("2026-03-02T01:08:00Z"),
                    Words.joined("join.reason", List.of(Words.phrase("reason.targets", "15m", "8m"), Words.phrase("reason.acknowledged", "10m"))))),
            List.of(new Comparison.ObligationRow("seed-004", "school-12", "return-visit", 0, 1, 1, 1)),
            List.of(new Comparison.OccurrenceRow("seed-004", "school-12", "return-visit", LocalDate.of(2027, 1, 1), LocalDate.of(2027, 3, 31),
                    SHANGHAI, ObligationVerdicts.Verdict.MISSED, ObligationVerdicts.Verdict.MET, Words.joined("join.reason", List.of(
                    Words.phrase("reason.term.hours", Words.joined("join.list", List.of("09:30-11:30", "14:50-17:00")),
                            Words.joined("join.list", List.of("09:00-12:30", "14:00-17:30"))),
                    Words.phrase("reason.countsNow", Words.joined("join.list", List.of(
                            Words.phrase("reason.visit", "rv-1", "PHONE", "2027-03-10 12:00:00 Asia/Shanghai")))))))));
    static final Comparison NOTHING = new Comparison(MARCH, List.of(), List.of(), List.of(), List.of(), List.of());

    @Test
    void bothLanguagesHaveEveryText() {
        assertEquals(List.of(), Texts.missingKeys("whatif"));
    }

    @Test
    void theChinesePageIsChineseWithLocalTimesLabelledByZone() {
        String page = ComparisonPage.render(COMPARISON, "examples/seed-003-march.jsonl", "tighter.json", GENERATED, SHANGHAI, Lang.ZH);
        assertTrue(page.startsWith("<!doctype html><html lang=\"zh-CN\">"), page);
        for (String expected : List.of("<title>合同假设分析：tighter.json，2026-03-01 至 2026-04-01</title>",
                "自 2026-03-01（2026-03-01 00:00:00 Asia/Shanghai）起按候选合同", "生成于 2026-04-01 09:02:03 Asia/Shanghai",
                "<td>响应及时率</td>", "结论改变的工单（1）", "<td class=\"why\">15m → 8m；开单后 10m 受理</td>",
                "<span class=\"badge\" style=\"background:#c62828\">超时</span> 2026-03-02 09:08:00 Asia/Shanghai",
                "<td>2027-01-01 至 2027-03-31 Asia/Shanghai</td>",
                "<td class=\"why\">时段 09:30-11:30、14:50-17:00 → 09:00-12:30、14:00-17:30；现在计入：rv-1 PHONE 2027-03-10 12:00:00 Asia/Shanghai</td>")) {
            assertTrue(page.contains(expected), expected + " in\n" + page);
        }
        assertOneLanguage(page, Lang.EN);
    }

    @Test
    void theEnglishPageIsEnglishWithTheSameTimes() {
        String page = ComparisonPage.render(COMPARISON, null, "tighter.json", GENERATED, SHANGHAI, Lang.EN);
        assertTrue(page.startsWith("<!doctype html><html lang=\"en\">"), page);
        for (String expected : List.of("<title>What if: tighter.json, 2026-03-01 to 2026-04-01</title>",
                "The recorded period (the input topics of the cluster) replayed twice",
                "in force from 2026-03-01 (2026-03-01 00:00:00 Asia/Shanghai; tickets opened before keep their version)",
                "Generated 2026-04-01 09:02:03 Asia/Shanghai", "<td>Response in time</td>", "Tickets whose verdict changes (1)",
                "<td class=\"why\">15m → 8m; acknowledged 10m after</td>", "breached</span> 2026-03-02 09:08:00 Asia/Shanghai",
                "<td>2027-01-01 – 2027-03-31 Asia/Shanghai</td>")) {
            assertTrue(page.contains(expected), expected + " in\n" + page);
        }
        assertOneLanguage(page, Lang.ZH);
    }

    @Test
    void aComparisonWithNothingToShowSaysSoInEachLanguage() {
        String zh = ComparisonPage.render(NOTHING, null, "c.json", GENERATED, SHANGHAI, Lang.ZH);
        String en = ComparisonPage.render(NOTHING, null, "c.json", GENERATED, SHANGHAI, Lang.EN);
        assertTrue(zh.contains("两种情况下均无超时。") && zh.contains("无：每个计时的结论都相同。") && zh.contains("本期无到期的定期服务。"), zh);
        assertTrue(en.contains("No breach either way.") && en.contains("None: every clock is judged the same."), en);
    }

    @Test
    void theCsvStaysEnglishWhateverTheLanguageOfThePage() {
        assertEquals(List.of(
                "row,contract,kpi_or_clock,severity,ticket,current,current_target,candidate,candidate_target,reason,site,period",
                "kpi,seed-003,responseCompliancePct,,,80.00,95.00,40.00,95.00,,,",
                "breaches,seed-003,RESPONSE,GENERAL,,1,,3,,,,",
                "ticket,seed-003,RESPONSE,GENERAL,M-1,met,,breached 2026-03-02T01:08:00Z,,15m → 8m; acknowledged 10m after,,",
                "obligation,seed-004,return-visit,,,0,1,1,1,,school-12,",
                "occurrence,seed-004,return-visit,,,MISSED,,MET,,\"hours 09:30-11:30, 14:50-17:00 → 09:00-12:30, 14:00-17:30; "
                        + "counts now: rv-1 PHONE 2027-03-10 12:00:00 Asia/Shanghai\",school-12,2027-01-01 – 2027-03-31 Asia/Shanghai"),
                ComparisonCsv.render(COMPARISON).lines().toList());
    }

    /** No text of {@code other} on the page (its headings, its words), and no time as an instant or with milliseconds. */
    static void assertOneLanguage(String page, Lang other) {
        Texts texts = Texts.of("whatif", other);
        for (String key : List.of("h.kpis", "h.breaches", "h.obligations", "th.asItWas", "th.withCandidate", "th.ticket", "kpis.note")) {
            assertFalse(page.contains(texts.get(key)), key + " in " + other + " on the page");
        }
        assertFalse(Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:").matcher(page).find(), "no instant for a person: " + page);
        assertFalse(page.contains(".456"), "no milliseconds");
    }
}
