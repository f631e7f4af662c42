package com.schoolops.sla.http.security;

import io.javalin.http.Context;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The console's sessions, for a browser that signs in with the login form: a cookie {@value #COOKIE} that carries the
 * user, a random id, when the session began and when it was last used, signed (HMAC-SHA256) with the web-config's
 * {@link WebConfig#sessionKey}. Nothing is kept per session, so every instance sharing the web-config accepts a session
 * made on any of them. A session ends after {@link Times#idle} without a request (the cookie is issued again, with the
 * new time of last use, at most once a minute) and at the latest {@link Times#lifetime} after it began.
 * <p>
 * Signing out clears both cookies in the browser and revokes the session on the instance that answered, until the
 * session would have ended anyway; another instance does not know of it and would still accept a copy of the cookie
 * until it idles out (the cookie is HttpOnly: no script of the page can have read it).
 * <p>
 * {@value #CSRF_COOKIE}, readable by the page's script, holds the session's token against cross-site requests (derived
 * from the session id and the key): every state-changing request made with the session must carry it in the
 * {@value #CSRF_HEADER} header, which a page on another site can neither read nor set.
 */
public final class Sessions {
    public static final String COOKIE = "sla_session";
    public static final String CSRF_COOKIE = "sla_csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** How often at most a session's cookie is issued again to move its time of last use. */
    static final Duration REISSUE_EVERY = Duration.ofMinutes(1);
    private static final int REVOKED_KEPT = 10_000;

    /** How long a session lasts: {@code idle} without a request, {@code lifetime} at most. */
    public record Times(Duration idle, Duration lifetime) {
    }

    /** A session read from a valid cookie. Times in epoch seconds. */
    public record Session(String user, String id, long begunAt, long lastUsedAt) {
    }

    private final byte[] key;
    private final Times times;
    private final boolean secure;
    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();
    /** Sessions signed out on this instance, by id, until they would have ended anyway (epoch seconds). */
    private final Map<String, Long> revoked = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REVOKED_KEPT;
        }
    };

    /** @param secure whether the cookies carry {@code Secure}: when the server speaks TLS */
    public Sessions(byte[] key, Times times, boolean secure, InstantSource clock) {
        this.key = key.clone();
        this.times = times;
        this.secure = secure;
        this.clock = clock;
    }

    /** A new session for {@code user}: both cookies set on the answer. */
    public Session begin(Context ctx, String user) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        long now = nowSeconds();
        Session session = new Session(user, HexFormat.of().formatHex(id), now, now);
        setCookies(ctx, session);
        return session;
    }

    /** The request's session, if its cookie is one this key signed, not expired and not signed out here. */
    public Optional<Session> read(Context ctx) {
        String cookie = ctx.cookie(COOKIE);
        if (cookie == null) {
            return Optional.empty();
        }
        String[] parts = cookie.split("\\.");
        if (parts.length != 5 || !MessageDigest.isEqual(sign(parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[3]).getBytes(StandardCharsets.US_ASCII),
                parts[4].getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        try {
            Session s = new Session(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8), parts[1],
                    Long.parseLong(parts[2]), Long.parseLong(parts[3]));
            long now = nowSeconds();
            if (now - s.lastUsedAt() > times.idle().toSeconds() || now - s.begunAt() > times.lifetime().toSeconds() || revoked(s.id(), now)) {
                return Optional.empty();
            }
            return Optional.of(s);
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    /** A request made with {@code session}: its cookie issued again with the time of this use, once a minute at most. */
    public void used(Context ctx, Session session) {
        long now = nowSeconds();
        if (now - session.lastUsedAt() >= REISSUE_EVERY.toSeconds()) {
            setCookies(ctx, new Session(session.user(), session.id(), session.begunAt(), now));
        }
    }

    /** Signs out: both cookies cleared, and the session (if any) refused on this instance from now on. */
    public void end(Context ctx, Optional<Session> session) {
        session.ifPresent(s -> {
            synchronized (revoked) {
                revoked.put(s.id(), s.begunAt() + times.lifetime().toSeconds());
            }
        });
        ctx.res().addHeader("Set-Cookie", cookie(COOKIE, "", true) + "; Max-Age=0");
        ctx.res().addHeader("Set-Cookie", cookie(CSRF_COOKIE, "", false) + "; Max-Age=0");
    }

    /** The token a state-changing request made with {@code session} must carry in {@value #CSRF_HEADER}. */
    public String csrfToken(Session session) {
        return sign("csrf." + session.id());
    }

    /** Whether the request carries {@code session}'s token in {@value #CSRF_HEADER}. */
    public boolean carriesCsrfToken(Context ctx, Session session) {
        String sent = ctx.header(CSRF_HEADER);
        return sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.US_ASCII), csrfToken(session).getBytes(StandardCharsets.US_ASCII));
    }

    public boolean secure() {
        return secure;
    }

    private void setCookies(Context ctx, Session s) {
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(s.user().getBytes(StandardCharsets.UTF_8)) + "." + s.id()
                + "." + s.begunAt() + "." + s.lastUsedAt();
        ctx.res().addHeader("Set-Cookie", cookie(COOKIE, body + "." + sign(body), true));
        ctx.res().addHeader("Set-Cookie", cookie(CSRF_COOKIE, csrfToken(s), false));
    }

    /** No Max-Age: the browser forgets it when it closes; the server ends it by its times. */
    private String cookie(String name, String value, boolean httpOnly) {
        return name + "=" + value + "; Path=/; SameSite=Strict" + (httpOnly ? "; HttpOnly" : "") + (secure ? "; Secure" : "");
    }

    private boolean revoked(String id, long now) {
        synchronized (revoked) {
            revoked.values().removeIf(until -> until < now);
            return revoked.containsKey(id);
        }
    }

    private String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private long nowSeconds() {
        return clock.millis() / 1000;
    }
}
