package com.schoolops.sla.http.security;

import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The brake on guessing, besides bcrypt's cost: after {@value #FREE_FAILURES} failed logins in a row of one user name,
 * or from one client address, that name or address is locked out for {@link #FIRST_LOCK}, and each further failure
 * after a lock doubles it, up to {@link #LONGEST_LOCK}. While locked, nothing is checked (not even the right password,
 * which would tell a guesser it is right). A success resets the user's and the client's count; a count with no
 * failure for {@link #LONGEST_LOCK} is forgotten. Kept in memory, per instance (a restart forgets it), at most
 * {@value #REMEMBERED} names and addresses, the least recently failed forgotten first.
 */
public final class LoginBackoff {
    public static final int FREE_FAILURES = 5;
    public static final Duration FIRST_LOCK = Duration.ofMinutes(1);
    public static final Duration LONGEST_LOCK = Duration.ofMinutes(15);
    private static final int REMEMBERED = 10_000;

    /** Failures in a row of one user name or client address, and until when it is locked. */
    private record Failures(int count, long lastAt, long lockedUntil) {
    }

    private final InstantSource clock;
    private final Map<String, Failures> failures = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > REMEMBERED;
        }
    };

    public LoginBackoff(InstantSource clock) {
        this.clock = clock;
    }

    /** How long the user name or the client is still locked out, the longer of the two; empty when neither is. */
    public synchronized Optional<Duration> lockedOut(String user, String client) {
        long now = clock.millis();
        long until = Math.max(lockedUntil(userKey(user), now), lockedUntil(clientKey(client), now));
        return until > now ? Optional.of(Duration.ofMillis(until - now)) : Optional.empty();
    }

    /** A failed login: counted for the name and the address; the lock it starts, if it starts one. */
    public synchronized Optional<Duration> failed(String user, String client) {
        long now = clock.millis();
        long lockMs = Math.max(count(userKey(user), now), count(clientKey(client), now));
        return lockMs > 0 ? Optional.of(Duration.ofMillis(lockMs)) : Optional.empty();
    }

    /** A login that succeeded: the name and the address start again from no failure. */
    public synchronized void succeeded(String user, String client) {
        failures.remove(userKey(user));
        failures.remove(clientKey(client));
    }

    private long lockedUntil(String key, long now) {
        Failures f = failures.get(key);
        return f == null ? now : f.lockedUntil();
    }

    /** Counts one more failure of {@code key}; the length of the lock it starts (0: none). */
    private long count(String key, long now) {
        Failures before = failures.get(key);
        int count = before == null || now - before.lockedUntil() > LONGEST_LOCK.toMillis() ? 1 : before.count() + 1;
        long lockMs = count < FREE_FAILURES ? 0
                : Math.min(LONGEST_LOCK.toMillis(), FIRST_LOCK.toMillis() << Math.min(count - FREE_FAILURES, 20));
        failures.put(key, new Failures(count, now, now + lockMs));
        return lockMs;
    }

    private static String userKey(String user) {
        return "user\u0000" + user;
    }

    private static String clientKey(String client) {
        return "client\u0000" + client;
    }
}
