package com.schoolops.sla.http.security;

import at.favre.lib.crypto.bcrypt.BCrypt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Checks HTTP basic credentials against the web-config's bcrypt hashes without letting bcrypt stall the server: a
 * login that succeeded is remembered (as a digest, never the password), so the console's polling costs one bcrypt,
 * not one per request; and the bcrypt work of logins not yet known is bounded, one at a time per client and two in
 * all, so a guesser is answered 429 rather than occupying the server's threads. An unknown user costs a bcrypt too,
 * so the time of an answer does not tell which users exist. Repeated failures lock a user name and a client out for
 * a while ({@link LoginBackoff}).
 */
public final class Logins {
    private static final String UNKNOWN_USER_HASH = BCrypt.withDefaults().hashToString(10, "no such user".toCharArray());
    private static final int REMEMBERED = 1024;

    /** What a request's credentials come to. */
    public sealed interface Outcome {
        record Known(String user, Role role) implements Outcome {
        }

        /** Missing, malformed or wrong; {@code locks} is the lock-out this failure started ({@link Duration#ZERO}: none). */
        record Refused(Duration locks) implements Outcome {
            public Refused() {
                this(Duration.ZERO);
            }
        }

        /** Too many failed logins of this user name or from this client: not checked, try again after {@code retryAfter}. */
        record LockedOut(Duration retryAfter) implements Outcome {
        }

        /** Too many logins being checked for this client (or in all): try again shortly. */
        record Busy() implements Outcome {
        }
    }

    private final WebConfig config;
    private final LoginBackoff backoff;
    private final Semaphore bcryptSlots = new Semaphore(2);
    private final Map<String, Semaphore> perClient = new ConcurrentHashMap<>();
    private final Map<String, String> remembered = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    };

    public Logins(WebConfig config) {
        this(config, InstantSource.system());
    }

    public Logins(WebConfig config, InstantSource clock) {
        this.config = config;
        this.backoff = new LoginBackoff(clock);
    }

    /** @param authorization the request's Authorization header, or null; @param client its remote address */
    public Outcome check(String authorization, String client) {
        Optional<String[]> credentials = basic(authorization);
        if (credentials.isEmpty()) {
            return new Outcome.Refused();
        }
        return check(credentials.get()[0], credentials.get()[1], client);
    }

    /** A user name and password as the login form posts them; {@code client} the remote address. */
    public Outcome check(String user, String password, String client) {
        if (user == null || user.isEmpty() || password == null) {
            return new Outcome.Refused();
        }
        Optional<Duration> locked = backoff.lockedOut(user, client);
        if (locked.isPresent()) {
            return new Outcome.LockedOut(locked.get()); // before the remembered logins: a guess must not be told it is right
        }
        String key = digest(user, password);
        synchronized (remembered) {
            if (user.equals(remembered.get(key)) && config.users().containsKey(user)) {
                return new Outcome.Known(user, config.role(user));
            }
        }
        Semaphore mine = perClient.computeIfAbsent(client, c -> new Semaphore(1));
        if (!mine.tryAcquire()) {
            return new Outcome.Busy();
        }
        try {
            if (!bcryptSlots.tryAcquire(2, TimeUnit.SECONDS)) {
                return new Outcome.Busy();
            }
            try {
                String hash = config.users().getOrDefault(user, UNKNOWN_USER_HASH);
                boolean ok = BCrypt.verifyer().verify(password.toCharArray(), hash.toCharArray()).verified && config.users().containsKey(user);
                if (!ok) {
                    return new Outcome.Refused(backoff.failed(user, client).orElse(Duration.ZERO));
                }
                synchronized (remembered) {
                    remembered.put(key, user);
                }
                backoff.succeeded(user, client); // only a checked password: a polling page must not wipe a guesser's count
                return new Outcome.Known(user, config.role(user));
            } finally {
                bcryptSlots.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Busy();
        } finally {
            mine.release();
            if (perClient.size() > 10_000) {
                perClient.clear(); // many clients once: forget the idle ones' slots
            }
        }
    }

    static Optional<String[]> basic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon <= 0 ? Optional.empty() : Optional.of(new String[]{decoded.substring(0, colon), decoded.substring(colon + 1)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String digest(String user, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest((user + "\0" + password).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
