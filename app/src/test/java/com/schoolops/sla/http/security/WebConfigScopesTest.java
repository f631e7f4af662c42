package com.schoolops.sla.http.security;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.schoolops.sla.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** SPEC section 12 in web-config.yml: {@code scopes} beside {@code roles}, and the customer role. */
class WebConfigScopesTest {
    static final String HASH = BCrypt.withDefaults().hashToString(4, "x".toCharArray());
    @TempDir
    Path dir;

    WebConfig read(String yaml) throws Exception {
        Path file = dir.resolve("web-config.yml");
        Files.writeString(file, yaml);
        return WebConfig.read(file);
    }

    String users(String... names) {
        StringBuilder b = new StringBuilder("basic_auth_users:\n");
        for (String n : names) {
            b.append("  ").append(n).append(": ").append(HASH).append('\n');
        }
        return b.toString();
    }

    @Test
    void theSpecsExampleGivesASchoolItsSiteAndTheBureauItsContract() throws Exception {
        WebConfig web = read(users("li.hua", "gangbei-bureau", "otto") + """
                roles: {li.hua: customer, gangbei-bureau: viewer, otto: operator}
                scopes: {li.hua: {sites: [school-3]}, gangbei-bureau: {contracts: [seed-004]}}
                """);
        assertEquals(Scope.of(Set.of("school-3"), Set.of()), web.scope("li.hua"));
        assertEquals(Role.CUSTOMER, web.role("li.hua"));
        assertEquals(Scope.of(Set.of(), Set.of("seed-004")), web.scope("gangbei-bureau"));
        assertEquals(Scope.EVERYTHING, web.scope("otto"), "a user without an entry sees everything its role allows");
    }

    @Test
    void aCustomerReadsReportsAndRatesButNeitherActsNorReadsTheDeskOrTheService() {
        assertEquals(Set.of(Right.OWN_SESSION, Right.READ, Right.REPORT_FAULT, Right.RATE),
                java.util.Arrays.stream(Right.values()).filter(Role.CUSTOMER::may).collect(java.util.stream.Collectors.toSet()));
        assertFalse(Role.VIEWER.may(Right.REPORT_FAULT), "a viewer only looks");
        assertTrue(Role.OPERATOR.may(Right.ACT) && Role.OPERATOR.may(Right.REPORT_FAULT) && Role.OPERATOR.may(Right.RATE));
        assertTrue(java.util.Arrays.stream(Right.values()).allMatch(Role.ADMIN::may));
    }

    @Test
    void theReadmesDistrictFileWorksAsItSays() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("```yaml\n# district web-config.yml");
        assertTrue(start >= 0, "README, A district's set-up");
        String yaml = readme.substring(readme.indexOf('\n', start) + 1, readme.indexOf("```", start + 7));
        Files.writeString(dir.resolve("server.crt"), "a certificate");
        Files.writeString(dir.resolve("server.key"), "a key");
        WebConfig web = read(yaml);
        assertEquals(Role.CUSTOMER, web.role("li.hua"));
        assertEquals(Scope.of(Set.of("school-1"), Set.of()), web.scope("li.hua"));
        assertEquals(Scope.of(Set.of(), Set.of("seed-004")), web.scope("gangbei-bureau"));
        assertEquals(Scope.of(Set.of("school-3", "school-4"), Set.of()), web.scope("east.wu"));
        assertEquals(Role.OPERATOR, web.role("east.wu"));
        assertEquals(Scope.EVERYTHING, web.scope("desk.lin"));
        for (String[] login : new String[][]{{"li.hua", "school-1-pw"}, {"zhao.min", "school-2-pw"}, {"gangbei-bureau", "bureau-pw"},
                {"east.chen", "east-1-pw"}, {"east.wu", "east-2-pw"}, {"desk.lin", "desk-pw"}}) {
            assertTrue(BCrypt.verifyer().verify(login[1].toCharArray(), web.users().get(login[0])).verified, "the password the README gives " + login[0]);
        }
    }

    @Test
    void aWrongScopeIsOneLineThatNamesTheFileAndTheField() throws Exception {
        Path file = dir.resolve("web-config.yml");
        assertEquals(file + ": scopes.nobody: no such user in basic_auth_users",
                assertThrows(ConfigException.class, () -> read(users("li.hua") + "scopes: {nobody: {sites: [s]}}\n")).getMessage());
        assertEquals(file + ": scopes.li.hua.schools: not a scope field (sites, contracts)",
                assertThrows(ConfigException.class, () -> read(users("li.hua") + "scopes: {li.hua: {schools: [s]}}\n")).getMessage());
        assertEquals(file + ": scopes.li.hua.sites: a list of ids, e.g. [school-3]",
                assertThrows(ConfigException.class, () -> read(users("li.hua") + "scopes: {li.hua: {sites: school-3}}\n")).getMessage());
        assertTrue(assertThrows(ConfigException.class, () -> read(users("li.hua") + "scopes: {li.hua: {sites: []}}\n")).getMessage()
                .startsWith(file + ": scopes.li.hua: names no site and no contract"));
        assertEquals(file + ": roles.li.hua: a customer needs an entry in scopes (its sites and/or contracts)",
                assertThrows(ConfigException.class, () -> read(users("li.hua") + "roles: {li.hua: customer}\n")).getMessage());
        assertTrue(assertThrows(ConfigException.class, () -> read(users("root") + "roles: {root: admin}\nscopes: {root: {sites: [s]}}\n"))
                .getMessage().startsWith(file + ": scopes.root: an admin sees everything"));
        assertEquals(file + ": roles.li.hua: 'school' is not viewer, operator, admin or customer",
                assertThrows(ConfigException.class, () -> read(users("li.hua") + "roles: {li.hua: school}\n")).getMessage());
    }

    @Test
    void aChangedFileSignsSessionsWithAnotherKeyAndThePeerTokenIsNotTheSessionKey() throws Exception {
        WebConfig before = read(users("li.hua"));
        WebConfig after = read(users("li.hua", "otto"));
        assertFalse(java.util.Arrays.equals(before.sessionKey(), after.sessionKey()), "a user added or removed: every session ends");
        assertNotEquals(before.peerToken(), java.util.HexFormat.of().formatHex(before.sessionKey()),
                "the peer token travels between instances; the session key never does");
    }
}
