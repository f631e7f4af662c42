package com.schoolops.sla.console;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.app.SlaApplication;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.embedded.FreePorts;
import com.schoolops.sla.http.Console;
import com.schoolops.sla.testing.BrokerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 38 on the real broker: two instances of the application in this JVM (so the test reads the routes of the
 * running servers themselves), locked by one web-config, each holding some of the sites.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScopedAccessIntegrationTest {
    BrokerFixture kafka;
    Path dir;
    final List<Instance> instances = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    record Instance(SlaApplication app, Console console, String url) implements AutoCloseable {
        @Override
        public void close() {
            console.close();
            app.close();
        }
    }

    @BeforeAll
    void start() throws Exception {
        kafka = new BrokerFixture(Map.of());
        dir = Files.createTempDirectory("scoped-access-it");
        Path webConfig = dir.resolve("web-config.yml");
        Files.writeString(webConfig, """
                basic_auth_users:
                  otto: %s
                roles:
                  otto: operator
                """.formatted(hash("act")));
        for (String name : List.of("a", "b")) {
            int port = FreePorts.next();
            AppConfig config = AppConfig.from(kafka.config.settings().with(Map.of("state.dir", kafka.stateDir(name).toString(),
                    "http.port", String.valueOf(port), "http.advertised-host", "localhost", "http.web-config", webConfig.toString())),
                    kafka.config.serdes());
            SlaApplication app = new SlaApplication(config);
            Console console = Console.start(config, app).orElseThrow();
            app.start();
            instances.add(new Instance(app, console, "http://localhost:" + port));
        }
        for (Instance i : instances) {
            i.app().awaitRunning(Duration.ofSeconds(90));
        }
    }

    @AfterAll
    void stop() {
        instances.forEach(Instance::close);
        if (kafka != null) {
            kafka.close();
        }
    }

    static String hash(String password) {
        return BCrypt.withDefaults().hashToString(4, password.toCharArray());
    }

    /**
     * The attack of the issue: a page on another site makes a logged-in operator's browser post an acknowledgement, the
     * browser adding the Basic credentials it has cached for the console. Refused (403, nothing written) whatever the
     * credentials; the same request from curl (no Origin) is accepted.
     */
    @Test
    void aCrossSitePostWithCachedBasicCredentialsIsRefusedAndCurlStillActs() throws Exception {
        kafka.send("fault-tickets", "XS-1", TicketEvent.newBuilder().setTicketId("XS-1").setType(TicketEventType.OPENED)
                .setTimestamp(Instant.now().toEpochMilli()).setSiteId("xs-school").setContractId("seed-002").setSeverity("2")
                .setCategory(TicketCategory.HARDWARE).build());
        Instance a = instances.get(0);
        awaitBody(a, "/api/tickets", "otto", "act", "XS-1");

        // What the browser sends for <form method="post" action="…/acknowledge"> (no fields) on evil.example, and for a
        // text/plain form whose one field reads as JSON: both with the Basic credentials it has cached for the console.
        Map<String, String> forms = Map.of("application/x-www-form-urlencoded", "", "text/plain", "{\"note\": \"pwned\", \"x\": \"=\"}");
        for (Map.Entry<String, String> form : forms.entrySet()) {
            HttpResponse<String> crossSite = http.send(basic(HttpRequest.newBuilder(URI.create(a.url() + "/api/tickets/XS-1/acknowledge")), "otto", "act")
                    .header("Origin", "http://evil.example").header("Sec-Fetch-Site", "cross-site").header("Content-Type", form.getKey())
                    .POST(HttpRequest.BodyPublishers.ofString(form.getValue())).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, crossSite.statusCode(), "a cross-site " + form.getKey() + " form post with cached Basic credentials: " + crossSite.body());
        }

        HttpResponse<String> curl = http.send(basic(HttpRequest.newBuilder(URI.create(a.url() + "/api/tickets/XS-1/acknowledge")), "otto", "act")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"note\": \"by curl\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, curl.statusCode(), curl.body());
        List<TicketEvent> acknowledged = kafka.readAll("fault-tickets").stream().map(r -> (TicketEvent) kafka.decode(r))
                .filter(e -> e.getType() == TicketEventType.ACKNOWLEDGED && e.getTicketId().equals("XS-1")).toList();
        assertEquals(List.of("by curl"), acknowledged.stream().map(e -> String.valueOf(e.getNote())).toList(), "only curl's was written");
    }

    // ---------------------------------------------------------------------------------------------------------------

    static HttpRequest.Builder basic(HttpRequest.Builder r, String user, String password) {
        return r.timeout(Duration.ofSeconds(15)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    HttpResponse<String> get(Instance instance, String path, String user, String password) throws Exception {
        return http.send(basic(HttpRequest.newBuilder(URI.create(instance.url() + path)), user, password).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Asks until the answer is 200 and holds {@code text}. */
    String awaitBody(Instance instance, String path, String user, String password, String text) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String last = "(nothing)";
        while (System.nanoTime() < end) {
            HttpResponse<String> r = get(instance, path, user, password);
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200 && r.body().contains(text)) {
                return r.body();
            }
            Thread.sleep(250);
        }
        throw new AssertionError(path + " never held " + text + "; last answer " + last);
    }
}
