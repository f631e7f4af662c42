package com.schoolops.sla.http.security;

import at.favre.lib.crypto.bcrypt.BCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.*;

/** Logins do not stall the server: bcrypt work is bounded per client, and a login already checked costs none. */
class LoginsTest {
    @TempDir
    Path dir;

    /** vera's hash is slow on purpose (cost 12): a check of it takes a good part of a second. */
    Logins logins() throws Exception {
        Path file = dir.resolve("web-config.yml");
        Files.writeString(file, "basic_auth_users:\n  vera: " + BCrypt.withDefaults().hashToString(12, "look".toCharArray()) + "\n");
        return new Logins(WebConfig.read(file));
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Two checks started together, from the given clients; their outcomes. */
    static List<Logins.Outcome> together(Logins logins, String first, String second, String header1, String header2) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        var a = CompletableFuture.supplyAsync(() -> await(go, () -> logins.check(header1, first)));
        var b = CompletableFuture.supplyAsync(() -> await(go, () -> logins.check(header2, second)));
        go.countDown();
        return List.of(a.get(), b.get());
    }

    static Logins.Outcome await(CountDownLatch go, java.util.function.Supplier<Logins.Outcome> check) {
        try {
            go.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return check.get();
    }

    @Test
    void aClientWithALoginBeingCheckedIsToldToWaitAndAnotherClientIsNot() throws Exception {
        Logins logins = logins();
        List<Logins.Outcome> same = together(logins, "10.0.0.1", "10.0.0.1", basic("vera", "guess-1"), basic("vera", "guess-2"));
        assertEquals(1, same.stream().filter(o -> o instanceof Logins.Outcome.Busy).count(), "one guess at a time per client: " + same);
        assertEquals(1, same.stream().filter(o -> o instanceof Logins.Outcome.Refused).count(), same.toString());

        List<Logins.Outcome> apart = together(logins, "10.0.0.1", "10.0.0.2", basic("vera", "guess-3"), basic("vera", "look"));
        assertTrue(apart.stream().noneMatch(o -> o instanceof Logins.Outcome.Busy), "two clients are checked side by side: " + apart);
    }

    @Test
    void aLoginAlreadyCheckedIsKnownAtOnceEvenWhileItsClientHasAnotherBeingChecked() throws Exception {
        Logins logins = logins();
        assertInstanceOf(Logins.Outcome.Known.class, logins.check(basic("vera", "look"), "10.0.0.1"));
        List<Logins.Outcome> both = together(logins, "10.0.0.1", "10.0.0.1", basic("vera", "wrong"), basic("vera", "look"));
        assertInstanceOf(Logins.Outcome.Known.class, both.get(1), "the console's polling costs no bcrypt: " + both);
        assertInstanceOf(Logins.Outcome.Refused.class, logins.check(basic("vera", "look-alike"), "10.0.0.3"));
        assertInstanceOf(Logins.Outcome.Refused.class, logins.check("Bearer abc", "10.0.0.3"), "not basic");
        assertInstanceOf(Logins.Outcome.Refused.class, logins.check(basic("nobody", "look"), "10.0.0.3"), "an unknown user");
    }
}
