package com.schoolops.sla.console;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.schoolops.sla.config.ConfigException;
import com.schoolops.sla.http.OpsServer;
import com.schoolops.sla.http.security.Access;
import com.schoolops.sla.http.security.TlsFiles;
import com.schoolops.sla.http.security.WebConfig;
import com.schoolops.sla.policy.Policies;
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
        Path file = TestWebConfig.write(dir);
        WebConfig web = WebConfig.read(file);
        server = new OpsServer(0, new OpsServer.Parts(() -> KafkaStreams.State.RUNNING, Optional::empty, null, null, null,
                Policies.load(Optional.empty()), Optional.empty(), InstantSource.system(), Optional.of(web), openProbes, Optional.empty(), 10));
        https = HttpClient.newBuilder().sslContext(TlsFiles.peerContext(web.tls().orElseThrow())).build();
        return web;
    }

    HttpResponse<String> send(String method, String path, String user, String password) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (user != null) {
            r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return https.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyPathAsksForALoginOverHttpsAndEachRoleMayDoItsOwn() throws Exception {
        WebConfig web = start(false);
        for (String path : java.util.List.of("/", "/console.js", "/api/sites", "/metrics", "/health/ready", "/schemas/ids/1")) {
            HttpResponse<String> anonymous = send("GET", path, null, null);
            assertEquals(401, anonymous.statusCode(), path);
            assertEquals("Basic realm=\"SLA console\", charset=\"UTF-8\"", anonymous.headers().firstValue("WWW-Authenticate").orElse(""), path);
            assertEquals("{\"error\":\"unauthorized\"}", anonymous.body(), "nothing that helps a guesser: " + path);
        }
        assertEquals(401, send("GET", "/api/me", "vera", "wrong").statusCode(), "a wrong password");
        assertEquals(401, send("GET", "/api/me", "nobody", "look").statusCode(), "an unknown user, answered the same");

        HttpResponse<String> me = send("GET", "/api/me", "vera", "look");
        assertEquals(200, me.statusCode());
        assertEquals(new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"secured\":true,\"user\":\"vera\",\"role\":\"viewer\",\"zone\":\"Asia/Shanghai\"}"),
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(me.body()));
        assertEquals(200, send("GET", "/health/ready", "vera", "look").statusCode(), "a viewer reads the probes");

        assertEquals(403, send("POST", "/api/tickets/T-1/acknowledge", "vera", "look").statusCode(), "a viewer may not act");
        assertEquals(404, send("POST", "/api/no-such-action", "otto", "act").statusCode(), "an operator passes (no such route)");
        assertEquals(403, send("POST", "/subjects/x/versions", "otto", "act").statusCode(), "registry writes are an admin's");

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
        assertEquals(file + ": roles.vera: 'boss' is not viewer, operator or admin", e.getMessage());
    }
}
