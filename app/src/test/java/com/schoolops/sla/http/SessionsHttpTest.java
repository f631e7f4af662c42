package com.schoolops.sla.http;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.schoolops.sla.http.security.WebConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 38: a browser's session (the login form, a signed cookie, idle expiry, logout) beside HTTP Basic, and the
 * refusal of state-changing requests from another site; two servers sharing a web-config, on a clock the test moves.
 */
class SessionsHttpTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    final AtomicLong now = new AtomicLong(Instant.parse("2026-12-07T02:00:00Z").toEpochMilli());
    final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    final List<OpsServer> servers = new ArrayList<>();
    final HttpClient http = HttpClient.newHttpClient(); // follows no redirect: each 303 is looked at

    @AfterEach
    void stop() {
        servers.forEach(OpsServer::close);
    }

    /** A locked server over plain HTTP (no tls_server_config): li.hua a customer of school-3, otto an operator. */
    OpsServer start() throws Exception {
        Path file = dir.resolve("web-config.yml");
        if (!Files.exists(file)) {
            Files.writeString(file, """
                    basic_auth_users:
                      li.hua: %s
                      otto: %s
                    roles: {li.hua: customer, otto: operator}
                    scopes: {li.hua: {sites: [school-3]}}
                    """.formatted(BCrypt.withDefaults().hashToString(4, "school".toCharArray()), BCrypt.withDefaults().hashToString(4, "act".toCharArray())));
        }
        OpsServer server = new OpsServer(0, new OpsServer.Parts(() -> KafkaStreams.State.RUNNING, Optional::empty, null, null, null,
                Optional.empty(), clock, Optional.of(WebConfig.read(file)), false, Optional.empty(), 10));
        servers.add(server);
        return server;
    }

    HttpRequest.Builder request(OpsServer server, String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path)).timeout(Duration.ofSeconds(10));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The cookies an answer sets, by name, each with its attributes as sent. */
    static Map<String, String> setCookies(HttpResponse<?> r) {
        Map<String, String> cookies = new LinkedHashMap<>();
        r.headers().allValues("Set-Cookie").forEach(c -> cookies.put(c.substring(0, c.indexOf('=')), c));
        return cookies;
    }

    static String value(String setCookie) {
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    /** Signs in with the form; the two cookies' values. */
    Map<String, String> signIn(OpsServer server, String user, String password) throws Exception {
        HttpResponse<String> r = send(request(server, "/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=" + user + "&password=" + password + "&next=" + URLEncoder.encode("/#sites", StandardCharsets.UTF_8))));
        assertEquals(303, r.statusCode(), r.body());
        assertEquals("/#sites", r.headers().firstValue("Location").orElse(""), "on to the page asked for");
        Map<String, String> cookies = new LinkedHashMap<>();
        setCookies(r).forEach((name, c) -> cookies.put(name, value(c)));
        return cookies;
    }

    HttpResponse<String> withSession(OpsServer server, String method, String path, Map<String, String> cookies, String csrf) throws Exception {
        HttpRequest.Builder r = request(server, path).header("Cookie", "sla_session=" + cookies.get("sla_session") + "; sla_csrf=" + cookies.get("sla_csrf"))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (csrf != null) {
            r.header("X-CSRF-Token", csrf);
        }
        return send(r);
    }

    @Test
    void aBrowserIsSentToTheLoginFormAndSignsInToACookieThatScriptsCannotRead() throws Exception {
        OpsServer server = start();
        HttpResponse<String> page = send(request(server, "/?site=school-3").header("Accept", "text/html,application/xhtml+xml"));
        assertEquals(303, page.statusCode(), "a browser's navigation without credentials");
        assertEquals("/login?next=%2F%3Fsite%3Dschool-3", page.headers().firstValue("Location").orElse(""));
        HttpResponse<String> api = send(request(server, "/api/me"));
        assertEquals(401, api.statusCode(), "a script is answered as before");
        assertEquals("Basic realm=\"SLA console\", charset=\"UTF-8\"", api.headers().firstValue("WWW-Authenticate").orElse(""));

        HttpResponse<String> form = send(request(server, "/login?next=%2F%3Fsite%3Dschool-3"));
        assertEquals(200, form.statusCode());
        assertTrue(form.body().indexOf("用户名") < form.body().indexOf("User name"), "Chinese first: " + form.body());
        assertTrue(form.body().contains("value=\"/?site=school-3\""), "the page asked for, carried through the form");
        assertTrue(form.body().contains("闲置 30 分钟后") && form.body().contains("after 30 minutes without use"), "the idle time, said");
        for (String elsewhere : List.of("https://evil.example/", "//evil.example/", "/\\evil.example/")) {
            HttpResponse<String> r = send(request(server, "/login").header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("user=otto&password=act&next=" + URLEncoder.encode(elsewhere, StandardCharsets.UTF_8))));
            assertEquals("/", r.headers().firstValue("Location").orElse(""), "never on to another site: " + elsewhere);
        }

        HttpResponse<String> wrong = send(request(server, "/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=li.hua&password=guess")));
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.body().contains("用户名或密码错误 · Wrong user name or password."), wrong.body());
        assertTrue(setCookies(wrong).isEmpty(), "no cookie for a wrong password");

        HttpResponse<String> right = send(request(server, "/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=li.hua&password=school")));
        assertEquals(303, right.statusCode());
        assertEquals("/", right.headers().firstValue("Location").orElse(""));
        Map<String, String> set = setCookies(right);
        assertEquals(List.of("Path=/", "SameSite=Strict", "HttpOnly"), attributes(set.get("sla_session")),
                "plain HTTP: not Secure (a browser would drop it on http://host:8080); the session is no script's");
        assertEquals(List.of("Path=/", "SameSite=Strict"), attributes(set.get("sla_csrf")), "the token is the page's to read");

        Map<String, String> cookies = Map.of("sla_session", value(set.get("sla_session")), "sla_csrf", value(set.get("sla_csrf")));
        JsonNode me = JSON.readTree(withSession(server, "GET", "/api/me", cookies, null).body());
        assertEquals(JSON.readTree("{\"secured\":true,\"user\":\"li.hua\",\"role\":\"customer\",\"scope\":{\"sites\":[\"school-3\"],\"contracts\":[]},"
                + "\"zone\":\"Asia/Shanghai\"}"), me);
        assertEquals(403, withSession(server, "GET", "/metrics", cookies, null).statusCode(), "a customer reads no service insides");
        HttpResponse<String> forged = withSession(server, "GET", "/api/me", Map.of("sla_session", cookies.get("sla_session").replace("bGkuaHVh", "b3R0bw"),
                "sla_csrf", ""), null);
        assertEquals(401, forged.statusCode(), "another user's name in a signed cookie: not a session");
    }

    static List<String> attributes(String setCookie) {
        return List.of(setCookie.substring(setCookie.indexOf(';') + 1).trim().split(";\\s*"));
    }

    @Test
    void aSessionsStateChangingRequestNeedsItsTokenAndAnotherSitesIsRefusedWhateverItsCredentials() throws Exception {
        OpsServer server = start();
        Map<String, String> cookies = signIn(server, "otto", "act");
        assertEquals(403, withSession(server, "POST", "/logout", cookies, null).statusCode(), "no X-CSRF-Token");
        assertEquals(403, withSession(server, "POST", "/logout", cookies, "not-the-token").statusCode(), "a wrong one");
        assertEquals(200, withSession(server, "GET", "/api/me", cookies, null).statusCode(), "a read needs none");

        String otto = "Basic " + Base64.getEncoder().encodeToString("otto:act".getBytes(StandardCharsets.UTF_8));
        for (Map<String, String> foreign : List.of(Map.of("Origin", "http://evil.example"), Map.of("Sec-Fetch-Site", "cross-site"),
                Map.of("Origin", "null"), Map.of("Origin", "http://localhost:1"))) {
            HttpRequest.Builder r = request(server, "/logout").header("Authorization", otto).POST(HttpRequest.BodyPublishers.noBody());
            foreign.forEach(r::header);
            HttpResponse<String> refused = send(r);
            assertEquals(403, refused.statusCode(), "from another site, with valid credentials: " + foreign);
            assertEquals("{\"error\":\"cross-site request refused\"}", refused.body());
        }
        HttpResponse<String> ownPage = send(request(server, "/logout").header("Authorization", otto).header("Origin", "http://localhost:" + server.port())
                .header("Sec-Fetch-Site", "same-origin").POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(303, ownPage.statusCode(), "the console's own page");
        assertEquals(303, send(request(server, "/logout").header("Authorization", otto).POST(HttpRequest.BodyPublishers.noBody())).statusCode(),
                "curl: no Origin, no Sec-Fetch-Site");

        HttpResponse<String> out = withSession(server, "POST", "/logout", cookies, cookies.get("sla_csrf"));
        assertEquals(303, out.statusCode(), "with its token");
        assertEquals("/login", out.headers().firstValue("Location").orElse(""));
        assertTrue(setCookies(out).values().stream().allMatch(c -> c.contains("Max-Age=0")), "both cookies cleared: " + setCookies(out));
        assertEquals(401, withSession(server, "GET", "/api/me", cookies, null).statusCode(), "signed out: a copy of the cookie is refused here");
    }

    @Test
    void aSessionEndsAfterThirtyIdleMinutesOrTwelveHoursAndEitherInstanceSharingTheWebConfigAcceptsIt() throws Exception {
        OpsServer a = start();
        OpsServer b = start();
        Map<String, String> cookies = signIn(a, "li.hua", "school");
        assertEquals(200, withSession(b, "GET", "/api/me", cookies, null).statusCode(), "made on A, accepted by B");

        now.addAndGet(Duration.ofMinutes(29).toMillis());
        HttpResponse<String> used = withSession(b, "GET", "/api/me", cookies, null);
        assertEquals(200, used.statusCode(), "29 min idle");
        Map<String, String> moved = new LinkedHashMap<>(cookies);
        moved.put("sla_session", value(setCookies(used).get("sla_session"))); // issued again with this use
        assertEquals(cookies.get("sla_csrf"), value(setCookies(used).get("sla_csrf")), "the same session: the same token");
        now.addAndGet(Duration.ofMinutes(29).toMillis());
        assertEquals(401, withSession(a, "GET", "/api/me", cookies, null).statusCode(), "the old cookie: 58 min idle");
        assertEquals(200, withSession(a, "GET", "/api/me", moved, null).statusCode(), "the one issued again: 29 min idle");
        now.addAndGet(Duration.ofMinutes(31).toMillis());
        assertEquals(401, withSession(a, "GET", "/api/me", moved, null).statusCode(), "31 min idle: ended");

        Map<String, String> kept = signIn(a, "li.hua", "school");
        for (int i = 0; i < 36; i++) { // used every 20 minutes for 12 hours
            now.addAndGet(Duration.ofMinutes(20).toMillis());
            HttpResponse<String> r = withSession(a, "GET", "/api/me", kept, null);
            assertEquals(200, r.statusCode(), "after " + (i + 1) * 20 + " min");
            kept.put("sla_session", value(setCookies(r).get("sla_session")));
        }
        now.addAndGet(Duration.ofMinutes(1).toMillis());
        assertEquals(401, withSession(a, "GET", "/api/me", kept, null).statusCode(), "12 h after the login, used or not");

        Map<String, String> last = signIn(b, "li.hua", "school");
        assertEquals(303, withSession(a, "POST", "/logout", last, last.get("sla_csrf")).statusCode());
        assertEquals(401, withSession(a, "GET", "/api/me", last, null).statusCode(), "signed out on A: refused by A");
        assertEquals(200, withSession(b, "GET", "/api/me", last, null).statusCode(),
                "B does not know of it: a copy of the cookie stays good there until it idles out (README, Sessions)");
    }
}
