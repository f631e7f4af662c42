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

    /** Issue 33 #5: a guesser is locked out after a few wrong passwords, as a user name and as a client address. */
    @Test
    void repeatedFailedLoginsLockTheUserAndTheClientOutUntilTheBackOffHasPassed() throws Exception {
        Path file = dir.resolve("cheap.yml");
        Files.writeString(file, "basic_auth_users:\n  vera: " + BCrypt.withDefaults().hashToString(4, "look".toCharArray())
                + "\n  otto: " + BCrypt.withDefaults().hashToString(4, "act".toCharArray()) + "\n");
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_800_000_000_000L);
        Logins logins = new Logins(WebConfig.read(file), () -> java.time.Instant.ofEpochMilli(now.get()));
        for (int i = 1; i <= LoginBackoff.FREE_FAILURES; i++) {
            assertInstanceOf(Logins.Outcome.Refused.class, logins.check(basic("vera", "guess-" + i), "10.0.0.1"), "failure " + i);
        }
        Logins.Outcome locked = logins.check(basic("vera", "guess-6"), "10.0.0.1");
        assertEquals(new Logins.Outcome.LockedOut(java.time.Duration.ofMinutes(1)), locked, "the sixth try is not even checked");
        assertInstanceOf(Logins.Outcome.LockedOut.class, logins.check(basic("vera", "look"), "10.0.0.1"), "not even the right password");
        assertInstanceOf(Logins.Outcome.LockedOut.class, logins.check(basic("vera", "look"), "10.0.0.2"), "the user, from anywhere");
        assertInstanceOf(Logins.Outcome.LockedOut.class, logins.check(basic("otto", "act"), "10.0.0.1"), "the client, for any user");
        assertInstanceOf(Logins.Outcome.Known.class, logins.check(basic("otto", "act"), "10.0.0.3"), "others go on");

        now.addAndGet(java.time.Duration.ofSeconds(61).toMillis());
        assertInstanceOf(Logins.Outcome.Refused.class, logins.check(basic("vera", "guess-7"), "10.0.0.1"), "checked again once it has passed");
        assertEquals(new Logins.Outcome.LockedOut(java.time.Duration.ofMinutes(2)), logins.check(basic("vera", "look"), "10.0.0.1"),
                "a failure right after a lock locks again, twice as long");
        now.addAndGet(java.time.Duration.ofMinutes(2).toMillis());
        assertInstanceOf(Logins.Outcome.Known.class, logins.check(basic("vera", "look"), "10.0.0.1"), "the right password works after the lock");
        for (int i = 1; i <= LoginBackoff.FREE_FAILURES; i++) {
            assertInstanceOf(Logins.Outcome.Refused.class, logins.check(basic("vera", "typo-" + i), "10.0.0.1"), "a success starts the count again");
        }
    }
}
