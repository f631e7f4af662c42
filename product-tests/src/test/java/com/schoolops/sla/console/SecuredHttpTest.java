package com.schoolops.sla.console;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.schoolops.sla.config.ConfigException;
import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.http.OpsServer;
import com.schoolops.sla.http.RegistryApi;
import com.schoolops.sla.http.security.Access;
import com.schoolops.sla.http.security.TlsFiles;
import com.schoolops.sla.http.security.WebConfig;
import com.schoolops.sla.testing.TestCertificates;
import com.schoolops.sla.testing.TestWebConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 24, part 1: the HTTP side behind exporter-toolkit's web-config (a certificate made in the test, bcrypt users,
 * roles), asked as a browser or curl would: over HTTPS only, 401 without or with wrong credentials, 403 for a role too
 * low, the probes open only by the flag, the peer token accepted on the local query API only.
 */
class SecuredHttpTest {
    static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    @TempDir
    Path dir;
    OpsServer server;
    HttpClient https;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    WebConfig start(boolean openProbes) throws Exception {
        return start(openProbes, InstantSource.system());
    }

    /** A locked server with the registry API of this build's schemas, on {@code clock}. */
    WebConfig start(boolean openProbes, InstantSource clock) throws Exception {
        Path file = TestWebConfig.write(dir);
        WebConfig web = WebConfig.read(file);
        Optional<RegistryApi> registry = Optional.of(new RegistryApi(AppConfig.from(Settings.defaults()).topics()));
        server = new OpsServer(0, new OpsServer.Parts(() -> KafkaStreams.State.RUNNING, Optional::empty, null, null, null,
                registry, clock, Optional.of(web), openProbes, Optional.empty(), 10));
        https = HttpClient.newBuilder().sslContext(TlsFiles.peerContext(web.tls().orElseThrow())).build();
        return web;
    }

    HttpResponse<String> send(String method, String path, String user, String password) throws Exception {
        return send(method, path, user, password, null);
    }

    HttpResponse<String> send(String method, String path, String user, String password, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return https.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyPathAsksForALoginOverHttpsAndEachRoleMayDoItsOwn() throws Exception {
        WebConfig web = start(false);
        for (String path : java.util.List.of("/", "/console.js", "/api/sites", "/metrics", "/health/ready")) {
            HttpResponse<String> anonymous = send("GET", path, null, null);
            assertEquals(401, anonymous.statusCode(), path);
            assertEquals("Basic realm=\"SLA console\", charset=\"UTF-8\"", anonymous.headers().firstValue("WWW-Authenticate").orElse(""), path);
            assertEquals("{\"error\":\"unauthorized\"}", anonymous.body(), "nothing that helps a guesser: " + path);
        }
        assertEquals(401, send("GET", "/api/me", "vera", "wrong").statusCode(), "a wrong password");
        assertEquals(401, send("GET", "/api/me", "nobody", "look").statusCode(), "an unknown user, answered the same");

        HttpResponse<String> me = send("GET", "/api/me", "vera", "look");
        assertEquals(200, me.statusCode());
        assertEquals(new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"secured\":true,\"user\":\"vera\",\"role\":\"viewer\",\"scope\":null,\"zone\":\"Asia/Shanghai\"}"),
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(me.body()));
        assertEquals(200, send("GET", "/health/ready", "vera", "look").statusCode(), "a viewer reads the probes");

        // A viewer's forced action (a route of the operator actions, absent here): SecuredConsoleIntegrationTest, 403 and audited.
        assertEquals(404, send("POST", "/api/no-such-action", "otto", "act").statusCode(), "an operator passes (no such route)");
        assertEquals(403, send("POST", "/subjects/device-heartbeats-value/versions", "otto", "act",
                "{\"schema\": \"{\\\"type\\\": \\\"string\\\"}\"}").statusCode(), "a new schema is an admin's");

        HttpResponse<String> peer = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/api/local/no-such"))
                .header(Access.PEER_HEADER, web.peerToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, peer.statusCode(), "another instance with the same web-config asks the local API");
        HttpResponse<String> forged = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/api/sites"))
                .header(Access.PEER_HEADER, web.peerToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, forged.statusCode(), "the peer token opens the local API only");

        HttpClient plain = HttpClient.newHttpClient();
        assertThrows(java.io.IOException.class, () -> plain.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/health/live"))
                .build(), HttpResponse.BodyHandlers.ofString()), "no plain HTTP on the port");
    }

    /**
     * Issue 33 #7: a stock Confluent serializer registers its schema by default, so registering the schema a subject
     * already has is answered as a lookup for anyone who may read; refusals come in Schema Registry's error format
     * (the clients print its code); the global config and the schema types are served (Kafka UI and AKHQ ask them).
     */
    @Test
    void theRegistryApiAnswersAViewersStockSerializerAndRefusesInTheRegistrysOwnFormat() throws Exception {
        start(false);
        String schema = org.apache.avro.specific.SpecificData.get().getSchema(com.schoolops.sla.avro.DeviceHeartbeat.class).toString();
        String posted = JSON.createObjectNode().put("schema", schema).toString();
        HttpResponse<String> registered = send("POST", "/subjects/device-heartbeats-value/versions", "vera", "look", posted);
        assertEquals(200, registered.statusCode(), registered.body());
        assertEquals(com.schoolops.sla.serde.InMemorySchemaRegistry.idOf(new org.apache.avro.Schema.Parser().parse(schema)),
                JSON.readTree(registered.body()).path("id").asInt(), "the id of the schema it has: a lookup");

        HttpResponse<String> fresh = send("POST", "/subjects/device-heartbeats-value/versions", "vera", "look",
                JSON.createObjectNode().put("schema", "{\"type\": \"string\"}").toString());
        assertEquals(403, fresh.statusCode());
        assertEquals(40301, JSON.readTree(fresh.body()).path("error_code").asInt(), fresh.body());
        assertTrue(JSON.readTree(fresh.body()).path("message").asText().contains("admin"), fresh.body());

        for (String path : java.util.List.of("/subjects", "/schemas/ids/1", "/config")) {
            HttpResponse<String> anonymous = send("GET", path, null, null);
            assertEquals(401, anonymous.statusCode(), path);
            assertEquals(40101, JSON.readTree(anonymous.body()).path("error_code").asInt(), path + ": " + anonymous.body());
            assertTrue(JSON.readTree(anonymous.body()).has("message"), anonymous.body());
        }
        HttpResponse<String> unknown = send("GET", "/subjects/no-such-value/versions", "vera", "look");
        assertEquals(40401, JSON.readTree(unknown.body()).path("error_code").asInt(), unknown.body());
        HttpResponse<String> noSchema = send("GET", "/schemas/ids/7", "vera", "look");
        assertEquals(40403, JSON.readTree(noSchema.body()).path("error_code").asInt(), noSchema.body());
        HttpResponse<String> invalid = send("POST", "/subjects/device-heartbeats-value/versions", "vera", "look", "{\"schema\": \"{nope\"}");
        assertEquals(42201, JSON.readTree(invalid.body()).path("error_code").asInt(), invalid.body());

        HttpResponse<String> config = send("GET", "/config", "vera", "look");
        assertEquals(200, config.statusCode(), config.body());
        assertEquals(JSON.readTree("{\"compatibilityLevel\":\"BACKWARD\"}"), JSON.readTree(config.body()));
        HttpResponse<String> types = send("GET", "/schemas/types", "vera", "look");
        assertEquals(200, types.statusCode(), types.body());
        assertEquals(JSON.readTree("[\"AVRO\"]"), JSON.readTree(types.body()));
    }

    /**
     * Issue 33 #5: repeated wrong passwords lock the user name and the client out (429 with Retry-After), the right
     * password works again once the lock has passed; the clock is the server's, moved by the test.
     */
    @Test
    void aGuesserIsLockedOutAndTheRightPasswordWorksOnceTheLockHasPassed() throws Exception {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(System.currentTimeMillis());
        start(false, () -> java.time.Instant.ofEpochMilli(now.get()));
        java.util.List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            statuses.add(send("GET", "/api/me", "vera", "guess-" + i).statusCode());
        }
        assertEquals(java.util.Collections.nCopies(5, 401), statuses.subList(0, 5), "five tries: " + statuses);
        assertEquals(java.util.Collections.nCopies(15, 429), statuses.subList(5, 20), "then locked out: " + statuses);
        HttpResponse<String> locked = send("GET", "/api/me", "vera", "look");
        assertEquals(429, locked.statusCode(), "the right password too, while the lock lasts");
        assertEquals("60", locked.headers().firstValue("Retry-After").orElse(""));
        now.addAndGet(java.time.Duration.ofSeconds(61).toMillis());
        assertEquals(200, send("GET", "/api/me", "vera", "look").statusCode(), "the lock has passed");
    }

    @Test
    void theProbesAndMetricsMayBeLeftOpenForScrapersAndKubelets() throws Exception {
        start(true);
        assertEquals(200, send("GET", "/health/ready", null, null).statusCode());
        assertEquals(200, send("GET", "/health/live", null, null).statusCode());
        assertEquals(401, send("GET", "/api/sites", null, null).statusCode(), "the rest stays locked");
    }

    @Test
    void theReadmesWebConfigExampleIsAWorkingFile() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("```yaml\n# web-config.yml");
        String yaml = readme.substring(readme.indexOf('\n', start) + 1, readme.indexOf("```", start + 7));
        TestCertificates.pem(dir);
        Path file = dir.resolve("web-config.yml");
        Files.writeString(file, yaml);
        WebConfig web = WebConfig.read(file);
        assertEquals(3, web.users().size());
        assertEquals("operator", web.role("li.wei").toString());
        assertEquals("viewer", web.role("wang.fang").toString());
        assertEquals("admin", web.role("ci-bot").toString());
        assertTrue(web.tls().isPresent());
    }

    @Test
    void aWrongWebConfigIsOneLineThatNamesTheFileAndTheField() throws Exception {
        Path file = dir.resolve("bad.yml");
        Files.writeString(file, "basic_auth_users:\n  vera: plaintext\n");
        ConfigException e = assertThrows(ConfigException.class, () -> WebConfig.read(file));
        assertTrue(e.getMessage().startsWith(file + ": basic_auth_users.vera: not a bcrypt hash"), e.getMessage());
        Files.writeString(file, "basic_auth_users:\n  vera: " + BCrypt.withDefaults().hashToString(4, "x".toCharArray()) + "\nroles:\n  vera: boss\n");
        e = assertThrows(ConfigException.class, () -> WebConfig.read(file));
        assertEquals(file + ": roles.vera: 'boss' is not viewer, operator, admin or customer", e.getMessage());
    }

    /** Issue 38: over HTTPS the login form's cookies carry Secure, and a browser's navigation without a session goes to the form. */
    @Test
    void overHttpsTheSessionCookiesAreSecure() throws Exception {
        start(false);
        HttpResponse<String> page = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/"))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(303, page.statusCode());
        assertEquals("/login?next=%2F", page.headers().firstValue("Location").orElse(""));
        HttpResponse<String> login = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("user=vera&password=look")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(303, login.statusCode(), login.body());
        java.util.List<String> cookies = login.headers().allValues("Set-Cookie");
        assertEquals(2, cookies.size(), cookies.toString());
        assertTrue(cookies.stream().allMatch(c -> c.endsWith("; Secure") && c.contains("SameSite=Strict")), cookies.toString());
        assertTrue(cookies.stream().anyMatch(c -> c.startsWith("sla_session=") && c.contains("HttpOnly")), cookies.toString());
    }
}
