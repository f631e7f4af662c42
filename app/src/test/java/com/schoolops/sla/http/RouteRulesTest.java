package com.schoolops.sla.http;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.http.security.Access;
import com.schoolops.sla.http.security.RouteRules;
import com.schoolops.sla.http.security.ScopeLookups;
import com.schoolops.sla.http.security.WebConfig;
import io.javalin.Javalin;
import org.apache.kafka.streams.KafkaStreams;
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
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every route declares what it needs ({@link RouteRules}); one that does not is refused to everyone, an admin and an
 * open console's anonymous user alike, rather than served to all. (ScopedAccessIntegrationTest asks every route of
 * two running instances as a school's customer.)
 */
class RouteRulesTest {
    @TempDir
    Path dir;
    final HttpClient http = HttpClient.newHttpClient();

    WebConfig webConfig() throws Exception {
        Path file = dir.resolve("web-config.yml");
        Files.writeString(file, "basic_auth_users:\n  root: " + BCrypt.withDefaults().hashToString(4, "pw".toCharArray()) + "\nroles: {root: admin}\n");
        return WebConfig.read(file);
    }

    @Test
    void everyRouteOfTheServerHasARule() throws Exception {
        try (OpsServer server = new OpsServer(0, new OpsServer.Parts(() -> KafkaStreams.State.RUNNING, Optional::empty, null, null, null,
                Optional.of(new RegistryApi(AppConfig.from(Settings.defaults()).topics())), InstantSource.system(), Optional.of(webConfig()),
                false, Optional.empty(), 10))) {
            RouteRules rules = RouteRules.of(false);
            List<OpsServer.Route> routes = server.routes();
            assertTrue(routes.size() > 30, "the server's own routes: " + routes);
            assertTrue(routes.contains(new OpsServer.Route("GET", "/api/sites/{site}")) && routes.contains(new OpsServer.Route("POST", "/login"))
                    && routes.contains(new OpsServer.Route("GET", "/subjects")), routes.toString());
            assertEquals(List.of(), routes.stream().filter(r -> rules.of(io.javalin.http.HandlerType.findOrCreate(r.method()), r.path()).isEmpty()).toList(),
                    "routes without a rule in RouteRules");
        }
    }

    @Test
    void aRouteAddedWithoutARuleIsRefusedToEveryone() throws Exception {
        for (Optional<WebConfig> security : List.of(Optional.of(webConfig()), Optional.<WebConfig>empty())) {
            Access access = new Access(security, RouteRules.of(false), (ctx, user, action, target, why) -> { }, InstantSource.system(),
                    OpsServer.Parts.defaultSessions(), ScopeLookups.NONE);
            // Wired as OpsServer wires it, with one route more that nobody declared.
            Javalin javalin = Javalin.create(config -> {
                config.routes.before(access::authenticate);
                config.routes.beforeMatched(access::authorize);
                config.routes.get("/api/me", ctx -> ctx.result("me"));
                config.routes.get("/api/sites/{site}/secrets", ctx -> ctx.result("every site's secrets"));
            }).start(0);
            try {
                HttpResponse<String> declared = get(javalin, "/api/me");
                assertEquals(200, declared.statusCode(), security + ": a declared route is served");
                HttpResponse<String> undeclared = get(javalin, "/api/sites/school-3/secrets");
                assertEquals(403, undeclared.statusCode(), security + ": " + undeclared.body());
                assertEquals("{\"error\":\"this route has no access rule\"}", undeclared.body());
            } finally {
                javalin.stop();
            }
        }
    }

    HttpResponse<String> get(Javalin javalin, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + javalin.port() + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("root:pw".getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
