package com.schoolops.sla.http.security;

import com.schoolops.sla.http.RegistryApi;
import com.schoolops.sla.query.PeerAccess;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/**
 * Who may do what on the HTTP side, checked before every request: a {@link Role#VIEWER} reads (the page, the query
 * API, the registry API's reads), an {@link Role#OPERATOR} also acts ({@code POST /api/…}), an {@link Role#ADMIN}
 * also registers new schemas (registering one the registry already has is a lookup, open to a viewer: a stock
 * serializer registers by default). {@code /metrics} and the probes may be left open for scrapers and kubelets; another
 * instance sharing the web-config asks the local query API with the peer token. Missing or wrong credentials: 401
 * with {@code WWW-Authenticate}; a role too low: 403; too many logins checked at once, or a user name or client locked
 * out after failed logins: 429 with {@code Retry-After}. The bodies say no more (on the registry API, in its error
 * format). A failed login is audited and logged as a WARN, with the name tried, never the password.
 */
public final class Access {
    public static final String PEER_HEADER = "X-SLA-Peer";
    /** The request attributes an authenticated request carries, for the actions and the audit. */
    public static final String USER = "sla.user";
    public static final String ROLE = "sla.role";
    private static final Logger log = LoggerFactory.getLogger(Access.class);

    /** Where a refused attempt goes (the audit): the request, the user if known (or tried), what was attempted, why. */
    public interface Refusals {
        void refused(Context ctx, String user, String action, String target, String why);
    }

    /** The action of a refused login in the audit. */
    public static final String LOGIN = "LOGIN";

    /** How the instances sharing {@code web} ask each other's local query API: over its TLS, with the peer token this checks. */
    public static PeerAccess peers(WebConfig web) {
        return new PeerAccess(web.tls().map(TlsFiles::peerContext), Map.of(PEER_HEADER, web.peerToken()));
    }

    private final WebConfig config;
    private final Logins logins;
    private final boolean openProbes;
    private final Refusals refusals;

    public Access(WebConfig config, boolean openProbes, Refusals refusals, InstantSource clock) {
        this.config = config;
        this.logins = new Logins(config, clock);
        this.openProbes = openProbes;
        this.refusals = refusals;
    }

    /** The role a request needs, or empty when it is open. */
    Optional<Role> needed(HandlerType method, String path) {
        if (openProbes && (path.equals("/metrics") || path.equals("/health") || path.startsWith("/health/"))) {
            return Optional.empty();
        }
        boolean reads = method == HandlerType.GET || method == HandlerType.HEAD || method == HandlerType.OPTIONS;
        if (reads || RegistryApi.looksUp(method, path)) {
            return Optional.of(Role.VIEWER);
        }
        return Optional.of(path.startsWith("/api/") ? Role.OPERATOR : Role.ADMIN);
    }

    public void check(Context ctx) {
        String path = ctx.path();
        Optional<Role> needed = needed(ctx.method(), path);
        if (needed.isEmpty()) {
            return;
        }
        if (path.startsWith("/api/local/") && config.peerToken().equals(ctx.header(PEER_HEADER)) && ctx.method() == HandlerType.GET) {
            return; // another instance with the same web-config, fanning a question out
        }
        Logins.Outcome outcome = logins.check(ctx.header("Authorization"), ctx.ip());
        if (outcome instanceof Logins.Outcome.Known known) {
            if (!known.role().allows(needed.get())) {
                log.info("Refused {} {} to {} ({}): needs {}", ctx.method(), path, known.user(), known.role(), needed.get());
                attempted(ctx, known.user(), "forbidden: " + known.role() + " is not " + needed.get());
                stop(ctx, 403, "forbidden");
                return;
            }
            ctx.attribute(USER, known.user());
            ctx.attribute(ROLE, known.role());
        } else if (outcome instanceof Logins.Outcome.Busy) {
            ctx.header("Retry-After", "1");
            stop(ctx, 429, "too many logins at once");
        } else if (outcome instanceof Logins.Outcome.LockedOut locked) {
            long seconds = Math.max(1, (locked.retryAfter().toMillis() + 999) / 1000);
            failedLogin(ctx, "locked out for " + seconds + " s after repeated failed logins");
            ctx.header("Retry-After", String.valueOf(seconds));
            stop(ctx, 429, "too many failed logins");
        } else {
            Duration locks = ((Logins.Outcome.Refused) outcome).locks();
            if (Logins.basic(ctx.header("Authorization")).isPresent()) {
                failedLogin(ctx, "wrong user name or password" + (locks.isZero() ? "" : "; locked out for " + locks.toSeconds() + " s"));
            } else {
                attempted(ctx, null, "unauthorized"); // no credentials: a browser's first look, or a script without them
            }
            ctx.header("WWW-Authenticate", "Basic realm=\"SLA console\", charset=\"UTF-8\"");
            stop(ctx, 401, "unauthorized");
        }
    }

    /** A login with credentials that were not accepted: one WARN line and an audit record, with the name tried. */
    private void failedLogin(Context ctx, String why) {
        String user = Logins.basic(ctx.header("Authorization")).map(c -> c[0]).orElse(null);
        log.warn("Failed login of '{}' from {} ({} {}): {}", user, ctx.ip(), ctx.method(), ctx.path(), why);
        refusals.refused(ctx, user, LOGIN, ctx.method() + " " + ctx.path(), "REFUSED: " + why);
    }

    /** An attempt to act (not to read) that was refused: audited; a browser's first unauthenticated look is not. */
    private void attempted(Context ctx, String user, String why) {
        if (needed(ctx.method(), ctx.path()).filter(r -> r != Role.VIEWER).isPresent()) {
            refusals.refused(ctx, user, ctx.method() + " " + ctx.path(), null, "REFUSED: " + why);
        }
    }

    /** Answers {@code status}, on the registry API in its own error format (its clients print the code). */
    private static void stop(Context ctx, int status, String error) {
        if (RegistryApi.serves(ctx.path())) {
            RegistryApi.error(ctx, status, status * 100 + 1, error);
        } else {
            ctx.status(status).contentType("application/json").result("{\"error\":\"" + error + "\"}");
        }
        ctx.skipRemainingHandlers();
    }
}
