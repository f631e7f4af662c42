package com.schoolops.sla.http;

import com.schoolops.sla.config.Settings;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.report.InspectionQuarter;
import com.schoolops.sla.report.SiteReports;
import com.schoolops.sla.serde.InMemorySchemaRegistry;
import com.schoolops.sla.serde.ValueSerdes;
import com.schoolops.sla.topics.Topics;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/** A school's reports as the console serves them for download, over the hand-made quarter of the report tests. */
class ReportDownloadsTest {
    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> get(OpsServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static OpsServer serving(InspectionQuarter quarter) {
        Topics topics = Topics.from(Settings.defaults(), ValueSerdes.registry(InMemorySchemaRegistry.withKnownSchemas()));
        Policies policies = Policies.load(Optional.empty());
        SiteReports reports = new SiteReports((read, keep) -> quarter.inputs(), topics, () -> ContractBook.of(policies),
                InstantSource.fixed(Instant.parse("2026-04-02T01:30:00Z")));
        return new OpsServer(0, new OpsServer.Parts(() -> KafkaStreams.State.RUNNING, Optional::empty, null, null, null, Optional.empty(),
                InstantSource.system(), Optional.empty(), false, Optional.empty(), 10, ZoneId.of("Asia/Shanghai"), Optional.of(reports)));
    }

    @Test
    void theInspectionRecordAndTheReviewAsFilesInTheSitesLanguageOrTheOneAsked() throws Exception {
        try (OpsServer server = serving(new InspectionQuarter())) {
            HttpResponse<String> page = get(server, "/api/sites/school-3/reports/inspection?quarter=2026Q1");
            assertEquals(200, page.statusCode(), page.body());
            assertEquals("attachment; filename=\"inspection-school-3-2026Q1.html\"", page.headers().firstValue("Content-Disposition").orElseThrow());
            assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
            assertTrue(page.body().contains("<h1>第三实验中学 巡检报告</h1>"), "the site's language (zh in site-registry)");

            HttpResponse<String> csv = get(server, "/api/sites/school-3/reports/inspection?month=2026-03&format=csv&lang=en");
            assertEquals(200, csv.statusCode());
            assertTrue(csv.headers().firstValue("Content-Type").orElseThrow().startsWith("text/csv"));
            assertTrue(csv.body().startsWith("row,siteId,periodStart,periodEnd,zone,"));
            assertTrue(csv.body().contains("\nSITE,school-3,2026-03-01,2026-03-31,Asia/Shanghai,"), "the month's record");

            HttpResponse<String> review = get(server, "/api/sites/school-3/reports/review?month=2026-03&lang=en");
            assertEquals(200, review.statusCode());
            assertTrue(review.body().contains("<h1>Service review: site school-3, 2026-03</h1>"), review.body());
            assertEquals("attachment; filename=\"review-school-3-2026-03.html\"", review.headers().firstValue("Content-Disposition").orElseThrow());
        }
    }

    @Test
    void aPeriodOrLanguageThatCannotBeIsA400() throws Exception {
        try (OpsServer server = serving(new InspectionQuarter())) {
            assertEquals(400, get(server, "/api/sites/school-3/reports/inspection?quarter=2026Q5").statusCode());
            assertEquals(400, get(server, "/api/sites/school-3/reports/inspection?quarter=2026Q1&month=2026-03").statusCode());
            assertEquals(400, get(server, "/api/sites/school-3/reports/inspection").statusCode());
            assertEquals(400, get(server, "/api/sites/school-3/reports/inspection?quarter=2026Q1&lang=fr").statusCode());
            assertEquals(400, get(server, "/api/sites/school-3/reports/review?month=March").statusCode());
            assertEquals(400, get(server, "/api/sites/school-3/reports/review?month=2026-03&format=pdf").statusCode());
        }
    }
}
