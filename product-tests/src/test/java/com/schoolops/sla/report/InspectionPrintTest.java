package com.schoolops.sla.report;

import com.schoolops.sla.testing.MainRunner;
import com.schoolops.sla.testing.Prerequisites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code report --site --quarter} from replay-format files (device-daily and the escalations as a replay writes them, the
 * site as its input has it), then the page printed by headless Chromium as a school would print it: A4 (595 x 842 pt),
 * one page per section (summary, devices, software versions, advice with the blanks and the signatures), in the site's
 * language and in the one asked for.
 */
class InspectionPrintTest {
    @TempDir
    Path dir;

    @Test
    void aQuarterFromFilesPrintsOnFourA4Pages() throws Exception {
        Path out = Files.writeString(dir.resolve("out.jsonl"), String.join("\n", outputs()) + "\n");
        Path in = Files.writeString(dir.resolve("in.jsonl"), String.join("\n",
                "{\"topic\":\"site-registry\",\"key\":\"school-p\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"value\":{\"siteId\":\"school-p\","
                        + "\"name\":\"Riverside Primary\",\"contractId\":\"seed-003\",\"acceptedAt\":\"2025-09-01T00:00:00Z\",\"language\":\"en\"}}",
                "{\"advance\":\"2026-04-01T00:00:00Z\"}") + "\n");

        MainRunner.Result r = MainRunner.run("report", "--site", "school-p", "--quarter", "2026Q1", "--input", out.toString(),
                "--input", in.toString(), "--output", dir.resolve("record.html").toString());
        assertEquals(0, r.code(), r.err());
        String english = Files.readString(dir.resolve("record.html"));
        assertTrue(english.contains("<html lang=\"en\">") && english.contains("<h1>Inspection record: Riverside Primary</h1>"),
                "the site's language, its name");
        assertTrue(english.contains("<li>sw-p: packet loss p95 5.0% (average 3.00%; threshold 2.0%): check its cabling, port and uplink.</li>"));
        assertTrue(english.contains("term-p: failing repeatedly"), "the REPEAT_FAILURE escalation read from the replay output");
        String csv = Files.readString(dir.resolve("record.csv"));
        assertTrue(csv.startsWith("row,siteId,periodStart,periodEnd,zone,deviceId,deviceType,"));
        assertTrue(csv.contains("\nDEVICE,school-p,2026-01-01,2026-03-31,Asia/Shanghai,sw-p,SWITCH,2,"), csv);

        r = MainRunner.run("report", "--site", "school-p", "--month", "2026-03", "--lang", "zh", "--input", out.toString(), "--input",
                in.toString(), "--output", dir.resolve("review.html").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(dir.resolve("review.html")).contains("<h1>服务月报：学校 school-p，2026-03</h1>"), "the review, asked in Chinese");
        String chinese = Files.readString(dir.resolve("inspection-school-p-2026-03.html"));
        assertTrue(chinese.contains("<h1>Riverside Primary 月度巡检记录</h1>"), "and the month's inspection record beside it");

        for (String page : List.of("record.html", "inspection-school-p-2026-03.html")) {
            Pdf pdf = print(dir.resolve(page));
            assertEquals(4, pdf.pages(), page + ": a page per section");
            for (double[] size : pdf.sizes()) {
                assertEquals(595, size[0], 1, page + ": A4 wide");
                assertEquals(842, size[1], 1, page + ": A4 high");
            }
        }
    }

    /** What a replay of the quarter wrote: two days of three devices, a repeat failure. */
    static List<String> outputs() {
        List<String> lines = new ArrayList<>();
        for (String day : List.of("2026-03-02", "2026-03-03")) {
            long start = java.time.LocalDate.parse(day).atStartOfDay(java.time.ZoneId.of("Asia/Shanghai")).toInstant().toEpochMilli();
            lines.add(deviceDay("srv-p", "CLOUD_SERVER", day, start, "5.1.0", ""));
            lines.add(deviceDay("term-p", "CLOUD_TERMINAL", day, start, "2.4.0", ""));
            lines.add(deviceDay("sw-p", "SWITCH", day, start, "V200R019",
                    ",\"packetLossPct\":{\"min\":1,\"avg\":3,\"max\":5,\"samples\":2880},\"packetLossBuckets\":[0,0,0,0,2880,0,0,0]"));
        }
        lines.add("{\"topic\":\"sla-escalations\",\"key\":\"term-p\",\"timestamp\":\"2026-03-03T04:00:00Z\",\"value\":{\"escalationId\":\"rf-p\","
                + "\"type\":\"REPEAT_FAILURE\",\"tier\":3,\"siteId\":\"school-p\",\"deviceId\":\"term-p\",\"contractId\":\"seed-003\","
                + "\"at\":\"2026-03-03T04:00:00Z\",\"message\":\"term-p failed 3 times in 30 days\"}}");
        return lines;
    }

    static String deviceDay(String id, String type, String day, long start, String firmware, String more) {
        return "{\"topic\":\"device-daily\",\"key\":\"" + id + "|" + day + "\",\"timestamp\":\"" + java.time.Instant.ofEpochMilli(start + 86_400_000L)
                + "\",\"value\":{\"deviceId\":\"" + id + "\",\"siteId\":\"school-p\",\"deviceType\":\"" + type + "\",\"contractId\":\"seed-003\","
                + "\"day\":\"" + day + "\",\"zone\":\"Asia/Shanghai\",\"dayStart\":" + start + ",\"dayEnd\":" + (start + 86_400_000L)
                + ",\"heartbeatsReceived\":2880,\"heartbeatsExpected\":2880,\"firmware\":\"" + firmware + "\",\"secondsUp\":86400"
                + ",\"cpuPct\":{\"min\":5,\"avg\":20,\"max\":40,\"samples\":2880}" + more + "}}";
    }

    record Pdf(int pages, List<double[]> sizes) {
    }

    private static final Pattern PAGE = Pattern.compile("/Type\\s*/Page(?!s)");
    private static final Pattern MEDIA_BOX = Pattern.compile("/MediaBox\\s*\\[\\s*0\\s+0\\s+([\\d.]+)\\s+([\\d.]+)\\s*]");

    /** Headless Chromium's PDF of the page, its pages and their sizes (Chromium writes its page objects uncompressed). */
    private Pdf print(Path html) throws Exception {
        Prerequisites.browser();
        Path pdf = dir.resolve(html.getFileName() + ".pdf");
        Process p = new ProcessBuilder("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-pdf-header-footer", "--user-data-dir=" + Files.createTempDirectory("chromium"), "--print-to-pdf=" + pdf,
                html.toUri().toString()).redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "Chromium printed within two minutes");
        assertTrue(Files.size(pdf) > 0, Files.readString(dir.resolve("chromium.log")));
        String text = new String(Files.readAllBytes(pdf), StandardCharsets.ISO_8859_1);
        int pages = 0;
        for (Matcher m = PAGE.matcher(text); m.find(); ) {
            pages++;
        }
        List<double[]> sizes = new ArrayList<>();
        for (Matcher m = MEDIA_BOX.matcher(text); m.find(); ) {
            sizes.add(new double[]{Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
        }
        assertFalse(sizes.isEmpty(), "the pages say their size");
        return new Pdf(pages, sizes);
    }
}
