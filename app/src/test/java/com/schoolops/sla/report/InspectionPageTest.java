package com.schoolops.sla.report;

import com.schoolops.sla.text.Texts;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.*;

/** The quarter of {@link InspectionQuarter} as a page, in Chinese and in English: what a school signs. */
class InspectionPageTest {
    static final Instant GENERATED = Instant.parse("2026-04-02T01:30:00Z");
    final InspectionRecord record = assertDoesNotThrow(InspectionQuarter::new).record();

    static String render(InspectionRecord record, Texts.Lang lang) throws Exception {
        String page = InspectionPage.render(record, Texts.of("inspection", lang), GENERATED);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "inspection-" + lang.tag() + ".html"), page); // to print and look at
        return page;
    }

    @Test
    void bothLanguagesHaveEveryText() {
        assertEquals(java.util.List.of(), Texts.missingKeys("inspection"));
        assertEquals(java.util.List.of(), Texts.missingKeys("review"));
    }

    @Test
    void theChinesePage() throws Exception {
        String page = render(record, Texts.Lang.ZH);
        assertTrue(page.startsWith("<!doctype html><html lang=\"zh-CN\">"));
        assertTrue(page.contains("<h1>第三实验中学 巡检报告</h1>"));
        assertTrue(page.contains("<tr><th>巡检周期</th><td>2026Q1（2026-01-01 至 2026-03-31）</td></tr>"), "the period");
        assertTrue(page.contains("Asia/Shanghai · 生成时间 2026-04-02 09:30:00 Asia/Shanghai"), "local time, labelled");
        assertTrue(page.contains("<td>term-2<br><span class=\"cap\">90 天记录</span></td><td>云终端</td><td class=\"n\">99.84%</td>"
                + "<td class=\"n\">3</td><td class=\"n\">3 小时 30 分 /<br>2 小时 0 分</td>"), "three outages, the last across midnight");
        assertTrue(page.contains("已于 2026-02-14 12:00:00 Asia/Shanghai 移出登记"), "the removed terminal keeps its days");
        assertTrue(page.contains("2026-02-09 10:00:00 Asia/Shanghai：2.4.0 → 2.4.1"), "the upgrade of day 40");
        assertTrue(page.contains("<li>term-2：软件版本 2.4.0 低于合同目标版本 2.4.1，请安排升级。</li>"));
        assertTrue(page.contains("<li>sw-1：丢包率 P95 达 10.0%（平均 0.85%；阈值 2.0%），请检查网线、端口与上联链路。</li>"));
        assertTrue(page.contains("<td>响应及时率</td><td class=\"n\">75.00%</td><td class=\"n\">≥ 95%</td><td class=\"missed\">未达标</td>"));
        assertTrue(page.contains("备份已核验") && page.contains("日志已查阅") && page.contains("巡检工程师") && page.contains("学校负责人"),
                "the blanks and both signatures");
        assertTrue(page.contains("@page{size:A4"), "made for A4");
        assertFalse(page.contains("<script") || page.contains("http://") || page.contains("https://"), "self-contained");
        assertFalse(page.matches("(?s).*\\b(Availability|Signature|Device state)\\b.*"), "no English on the Chinese page");
    }

    @Test
    void theEnglishPage() throws Exception {
        String page = render(record, Texts.Lang.EN);
        assertTrue(page.startsWith("<!doctype html><html lang=\"en\">"));
        assertTrue(page.contains("<h1>Inspection record: 第三实验中学</h1>"), "the school's name as registered");
        assertTrue(page.contains("<td>term-2<br><span class=\"cap\">90 days on record</span></td><td>Cloud terminal</td><td class=\"n\">99.84%</td>"
                + "<td class=\"n\">3</td><td class=\"n\">3 h 30 min /<br>2 h 0 min</td>"));
        assertTrue(page.contains("<li>spk-1: registered 90 days and never heard: check that it is installed, powered and its agent configured.</li>"));
        assertTrue(page.contains("<li>srv-1: running hot (average 62.0 °C, peak 78.0 °C; thresholds average 60.0 °C / peak 75.0 °C): "
                + "check its cooling, dust and airflow.</li>"));
        assertTrue(page.contains("Backups verified") && page.contains("Logs read") && page.contains("Inspecting engineer")
                && page.contains("School’s representative"));
        assertFalse(page.matches("(?s).*(巡检工程师|可用率|维护建议).*"), "no Chinese texts of ours on the English page");
    }
}
