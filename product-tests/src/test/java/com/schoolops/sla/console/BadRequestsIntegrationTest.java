package com.schoolops.sla.console;

import com.schoolops.sla.testing.AppProcess;
import com.schoolops.sla.testing.Testbed;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 24 #4: what a careless or hostile client sends the HTTP side of `run` (a child JVM on the real broker):
 * malformed JSON, a huge body, unknown paths, path tricks on the registry API, nonsense parameters, and more idle
 * live streams than an instance serves. Each gets a 4xx or a bounded refusal, never a 5xx, and the instance keeps
 * answering.
 */
class BadRequestsIntegrationTest {
    static final int MAX_STREAMS = 20;

    @Test
    void badRequestsGetA4xxAndIdleStreamsAreBounded() throws Exception {
        try (Testbed testbed = Testbed.start("bad-requests-it", Map.of())) {
            Map<String, String> settings = new HashMap<>(testbed.instance("bad-requests-it", "a", 0));
            settings.put("http.max-streams", String.valueOf(MAX_STREAMS));
            try (AppProcess app = testbed.run("bad", settings)) {
                app.awaitReady(Duration.ofSeconds(90));
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                Map<String, Integer> statuses = new java.util.LinkedHashMap<>();
                statuses.put("POST /api/tickets/T-1/acknowledge {not json", send(http, app, "POST", "/api/tickets/T-1/acknowledge", "{not json"));
                statuses.put("POST /api/tickets/T-1/acknowledge [1,2]", send(http, app, "POST", "/api/tickets/T-1/acknowledge", "[1,2]"));
                statuses.put("POST /api/sites/s/maintenance without end", send(http, app, "POST", "/api/sites/s/maintenance", "{}"));
                statuses.put("POST /api/sites/s/maintenance end=yesterday", send(http, app, "POST", "/api/sites/s/maintenance", "{\"end\":\"2000-01-01T00:00:00Z\"}"));
                statuses.put("POST 5 MB", send(http, app, "POST", "/api/tickets/T-1/acknowledge", "{\"note\":\"" + "x".repeat(5 << 20) + "\"}"));
                statuses.put("GET /no/such/path", send(http, app, "GET", "/no/such/path", null));
                statuses.put("GET /api/no-such", send(http, app, "GET", "/api/no-such", null));
                statuses.put("GET /schemas/ids/abc", send(http, app, "GET", "/schemas/ids/abc", null));
                statuses.put("GET /schemas/ids/99999999999999", send(http, app, "GET", "/schemas/ids/99999999999999", null));
                statuses.put("GET /schemas/ids/..%2F..%2Fetc%2Fpasswd", send(http, app, "GET", "/schemas/ids/..%2F..%2Fetc%2Fpasswd", null));
                statuses.put("GET /schemas/ids/1/../../../etc/passwd", raw(app, "GET /schemas/ids/1/../../../etc/passwd HTTP/1.1"));
                statuses.put("GET /api/at-risk?horizon=banana", send(http, app, "GET", "/api/at-risk?horizon=banana", null));
                statuses.put("GET /api/escalations?limit=x", send(http, app, "GET", "/api/escalations?limit=x", null));
                statuses.put("GET /api/kpis?granularity=WEEKLY", send(http, app, "GET", "/api/kpis?granularity=WEEKLY", null));
                statuses.put("GET /api/escalations?type=NOPE", send(http, app, "GET", "/api/escalations?type=NOPE", null));
                statuses.put("GET /api/at-risk?tier=9", send(http, app, "GET", "/api/at-risk?tier=9", null));
                statuses.put("GET /api/escalations/stream?tier=x", send(http, app, "GET", "/api/escalations/stream?tier=x", null));
                statuses.put("GET /api/sites?limit=0", send(http, app, "GET", "/api/sites?limit=0", null));
                statuses.put("GET /api/sites?limit=100000", send(http, app, "GET", "/api/sites?limit=100000", null));
                statuses.put("GET /api/sites?status=PURPLE", send(http, app, "GET", "/api/sites?status=PURPLE", null));
                statuses.put("GET /api/contracts/no-such/versions", send(http, app, "GET", "/api/contracts/no-such/versions", null));
                List<String> not4xx = statuses.entrySet().stream().filter(e -> e.getValue() < 400 || e.getValue() >= 500)
                        .map(e -> e.getKey() + " -> " + e.getValue()).toList();
                assertEquals(List.of(), not4xx, "every bad request gets a 4xx: " + statuses);
                assertEquals(413, statuses.get("POST 5 MB"), "a huge body is refused by its size");
                // Issue 33 #4: a refused action is in the audit whatever the reason, a body that is not a JSON object included.
                List<String> refusedBodies = badBodies(testbed, testbed.kafka.readUntil("ops-audit", rs -> badBodies(testbed, rs).size() >= 2,
                        Duration.ofSeconds(30)));
                assertEquals(List.of("REFUSED: the body is not JSON", "REFUSED: the body must be a JSON object"), refusedBodies,
                        "the two acknowledgements with a bad body, audited");

                // Idle live streams: the instance serves MAX_STREAMS, refuses more, and stays responsive meanwhile.
                List<Socket> idle = new ArrayList<>();
                int served = 0;
                int refused = 0;
                try {
                    for (int i = 0; i < MAX_STREAMS + 30; i++) {
                        Socket s = new Socket("localhost", port(app));
                        s.setSoTimeout(10_000);
                        idle.add(s);
                        OutputStream out = s.getOutputStream();
                        out.write("GET /api/escalations/stream HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        String status = statusLine(s.getInputStream());
                        if (status.contains(" 200")) {
                            served++;
                        } else if (status.contains(" 429")) {
                            refused++;
                        } else {
                            fail("a live stream answered " + status);
                        }
                    }
                    assertEquals(MAX_STREAMS, served, "served up to the bound");
                    assertEquals(30, refused, "refused beyond it");
                    assertEquals(200, send(http, app, "GET", "/health/live", null), "still answering");
                } finally {
                    for (Socket s : idle) {
                        s.close();
                    }
                }
                long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                boolean again = false;
                while (!again && System.nanoTime() < end) {
                    try (Socket s = new Socket("localhost", port(app))) {
                        s.setSoTimeout(10_000);
                        s.getOutputStream().write("GET /api/escalations/stream HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        again = statusLine(s.getInputStream()).contains(" 200");
                    }
                    Thread.sleep(200);
                }
                assertTrue(again, "closed streams give their places back");
                assertFalse(app.log().contains("Exception") && app.log().contains("ERROR"), "no error logged:\n" + app.logTail());
            }
        }
    }

    /** The outcomes of the audited acknowledgements of T-1 refused for their body, oldest first. */
    static List<String> badBodies(Testbed testbed, List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> (com.schoolops.sla.avro.OpsAction) testbed.kafka.decode(r))
                .filter(a -> a.getAction().equals("ACKNOWLEDGED") && "T-1".equals(a.getTarget()) && a.getOutcome().startsWith("REFUSED: the body"))
                .map(com.schoolops.sla.avro.OpsAction::getOutcome).toList();
    }

    static int port(AppProcess app) {
        return URI.create(app.url()).getPort();
    }

    static int send(HttpClient http, AppProcess app, String method, String path, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(app.url() + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        try {
            return http.send(r.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return 499; // the server closed the connection on a refused body: a bounded refusal
        }
    }

    /** A request line sent as it is, path tricks included (a client library would normalize them). */
    static int raw(AppProcess app, String requestLine) throws Exception {
        try (Socket s = new Socket("localhost", port(app))) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write((requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = statusLine(s.getInputStream());
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    static String statusLine(InputStream in) throws Exception {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString().trim();
    }
}
