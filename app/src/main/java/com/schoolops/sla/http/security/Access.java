package com.schoolops.sla.http.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.schoolops.sla.http.RegistryApi;
import com.schoolops.sla.query.PeerAccess;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may do what on the HTTP side, checked before every request in two steps.
 * <p>
 * {@link #authenticate} (every path): a state-changing request from another site is refused (403) whatever its
 * credentials; then who is asking: a browser's session ({@link Sessions}; a state-changing request must carry its
 * {@value Sessions#CSRF_HEADER}), HTTP Basic (API clients), or another instance sharing the web-config with the peer
 * token (the local query API only). Missing or wrong credentials: 401 with {@code WWW-Authenticate}, or, for a
 * browser's navigation, a redirect to the login form; too many logins checked at once, or a user name or client locked
 * out after failed logins: 429 with {@code Retry-After}. A failed login is audited and logged as a WARN, with the name
 * tried, never the password.
 * <p>
 * {@link #authorize} (every matched route): the route's rule ({@link RouteRules}): the right its role must have (403),
 * and its scope checked on the site, device, ticket or contract the route names (403, given without telling whether the
 * thing exists). A route without a rule is refused to everyone. The bodies say no more (on the registry API, in its
 * error format). Without a web-config only the cross-site refusal and the rule's existence are checked.
 */
public final class Access {
    public static final String PEER_HEADER = "X-SLA-Peer";
    /** The request attributes an authenticated request carries, for the actions and the audit. */
    public static final String USER = "sla.user";
    public static final String ROLE = "sla.role";
    /** Set on a request of another instance (the peer token): it sees everything of the local query API. */
    static final String PEER = "sla.peer";
    private static final Logger log = LoggerFactory.getLogger(Access.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<HandlerType> READS = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

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

    private final Optional<WebConfig> config;
    private final RouteRules rules;
    private final Optional<Logins> logins;
    private final Optional<Sessions> sessions;
    private final Refusals refusals;
    private final ScopeLookups lookups;

    public Access(Optional<WebConfig> config, RouteRules rules, Refusals refusals, InstantSource clock, Sessions.Times times, ScopeLookups lookups) {
        this.config = config;
        this.rules = rules;
        this.logins = config.map(c -> new Logins(c, clock));
        this.sessions = config.map(c -> new Sessions(c.sessionKey(), times, c.tls().isPresent(), clock));
        this.refusals = refusals;
        this.lookups = lookups;
    }

    public Optional<Sessions> sessions() {
        return sessions;
    }

    Optional<Logins> logins() {
        return logins;
    }

    /** Before every request: the cross-site refusal, then who is asking. */
    public void authenticate(Context ctx) {
        Optional<String> foreign = crossSite(ctx);
        if (foreign.isPresent() && !READS.contains(ctx.method())) {
            log.info("Refused {} {} from another site ({})", ctx.method(), ctx.path(), foreign.get());
            refusals.refused(ctx, null, ctx.method() + " " + ctx.path(), null, "REFUSED: cross-site request (" + foreign.get() + ")");
            stop(ctx, 403, "cross-site request refused");
            return;
        }
        if (config.isEmpty() || rule(ctx).map(RouteRules.Rule::open).orElse(false)) {
            return;
        }
        WebConfig web = config.get();
        if (ctx.path().startsWith("/api/local/") && web.peerToken().equals(ctx.header(PEER_HEADER)) && ctx.method() == HandlerType.GET) {
            ctx.attribute(PEER, true); // another instance with the same web-config, fanning a question out
            return;
        }
        Optional<Sessions.Session> session = ctx.header("Authorization") == null ? sessions.orElseThrow().read(ctx)
                .filter(s -> web.users().containsKey(s.user())) : Optional.empty();
        if (session.isPresent()) {
            if (!READS.contains(ctx.method()) && !sessions.orElseThrow().carriesCsrfToken(ctx, session.get())) {
                attempted(ctx, session.get().user(), "no or a wrong " + Sessions.CSRF_HEADER);
                stop(ctx, 403, "a state-changing request of a session needs the " + Sessions.CSRF_HEADER + " header");
                return;
            }
            sessions.orElseThrow().used(ctx, session.get());
            signedIn(ctx, web, session.get().user());
            return;
        }
        Logins.Outcome outcome = logins.orElseThrow().check(ctx.header("Authorization"), ctx.ip());
        if (outcome instanceof Logins.Outcome.Known known) {
            signedIn(ctx, web, known.user());
        } else if (outcome instanceof Logins.Outcome.Busy) {
            ctx.header("Retry-After", "1");
            stop(ctx, 429, "too many logins at once");
        } else if (outcome instanceof Logins.Outcome.LockedOut locked) {
            long seconds = seconds(locked.retryAfter());
            failedLogin(ctx, basicUser(ctx), "locked out for " + seconds + " s after repeated failed logins");
            ctx.header("Retry-After", String.valueOf(seconds));
            stop(ctx, 429, "too many failed logins");
        } else {
            Duration locks = ((Logins.Outcome.Refused) outcome).locks();
            if (Logins.basic(ctx.header("Authorization")).isPresent()) {
                failedLogin(ctx, basicUser(ctx), "wrong user name or password" + (locks.isZero() ? "" : "; locked out for " + locks.toSeconds() + " s"));
            } else {
                attempted(ctx, null, "unauthorized"); // no credentials: a browser's first look, or a script without them
            }
            if (navigation(ctx)) {
                ctx.redirect("/login?next=" + URLEncoder.encode(pathAndQuery(ctx), StandardCharsets.UTF_8), io.javalin.http.HttpStatus.SEE_OTHER);
                ctx.skipRemainingHandlers();
                return;
            }
            ctx.header("WWW-Authenticate", "Basic realm=\"SLA console\", charset=\"UTF-8\"");
            stop(ctx, 401, "unauthorized");
        }
    }

    /** Before every matched route: its rule, the role's right and the scope. */
    public void authorize(Context ctx) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        if (endpoint == null) {
            return; // a static file of the page: signed in is enough
        }
        Optional<RouteRules.Rule> found = rules.of(endpoint.method, endpoint.path);
        if (found.isEmpty()) {
            log.error("{} {} has no access rule (RouteRules): refused to everyone until it has one", endpoint.method, endpoint.path);
            stop(ctx, 403, "this route has no access rule");
            return;
        }
        RouteRules.Rule rule = found.get();
        if (config.isEmpty() || rule.open() || Boolean.TRUE.equals(ctx.attribute(PEER))) {
            return;
        }
        String user = ctx.attribute(USER);
        Role role = ctx.attribute(ROLE);
        if (!role.may(rule.right())) {
            log.info("Refused {} {} to {} ({}): needs {}", ctx.method(), ctx.path(), user, role, rule.right());
            attempted(ctx, user, "forbidden: " + role + " may not " + rule.right());
            stop(ctx, 403, "forbidden");
            return;
        }
        Optional<String> outside = outsideScope(ctx, rule);
        if (outside.isPresent()) {
            log.info("Refused {} {} to {}: {}", ctx.method(), ctx.path(), user, outside.get());
            attempted(ctx, user, "forbidden: " + outside.get());
            stop(ctx, 403, "forbidden: not in your scope");
        }
    }

    /** Why the route is out of the request's scope, or empty when it is in. */
    private Optional<String> outsideScope(Context ctx, RouteRules.Rule rule) {
        InScope in = InScope.of(ctx);
        if (in.unlimited()) {
            return Optional.empty();
        }
        String named = rule.parameter() == null ? null : ctx.pathParam(rule.parameter());
        boolean inside = switch (rule.scope()) {
            case NONE, FILTERED -> true;
            case UNSCOPED_ONLY -> false;
            case SITE -> in.site(named);
            case DEVICE -> in.device(named);
            case TICKET -> in.ticket(named);
            case CONTRACT -> in.contractOrCalendar(named);
            case BODY_SITE -> bodySite(ctx).map(in::site).orElse(false);
        };
        return inside ? Optional.empty() : Optional.of(rule.scope() == RouteRules.ScopeCheck.UNSCOPED_ONLY ? "the whole service's, not a scope's"
                : rule.scope().name().toLowerCase(java.util.Locale.ROOT) + " " + (named != null ? named : bodySite(ctx).orElse("(none named)"))
                + " is not in the scope");
    }

    /** The {@code siteId} of a JSON body, if it names one. */
    private static Optional<String> bodySite(Context ctx) {
        try {
            JsonNode body = JSON.readTree(ctx.body());
            return body != null && body.path("siteId").isTextual() ? Optional.of(body.path("siteId").asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void signedIn(Context ctx, WebConfig web, String user) {
        Scope scope = web.scope(user);
        ctx.attribute(USER, user);
        ctx.attribute(ROLE, web.role(user));
        ctx.attribute(Scope.ATTRIBUTE, scope);
        ctx.attribute(InScope.ATTRIBUTE, new InScope(scope, lookups));
    }

    private Optional<RouteRules.Rule> rule(Context ctx) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        return endpoint == null ? Optional.empty() : rules.of(endpoint.method, endpoint.path);
    }

    /**
     * The other site a request comes from, if it shows one: {@code Sec-Fetch-Site} cross-site or same-site (another
     * origin of the same domain), or an {@code Origin} whose host is not the one asked ({@code Host}, or the
     * {@code X-Forwarded-Host} a proxy sets; a browser's cross-site request can set neither). A request without both
     * (curl, a script) shows none.
     */
    static Optional<String> crossSite(Context ctx) {
        String fetchSite = ctx.header("Sec-Fetch-Site");
        if ("cross-site".equals(fetchSite) || "same-site".equals(fetchSite)) {
            return Optional.of("Sec-Fetch-Site: " + fetchSite);
        }
        String origin = ctx.header("Origin");
        if (origin == null) {
            return Optional.empty();
        }
        String host;
        try {
            host = URI.create(origin).getRawAuthority();
        } catch (IllegalArgumentException e) {
            host = null;
        }
        boolean own = host != null && (host.equalsIgnoreCase(ctx.header("Host")) || host.equalsIgnoreCase(ctx.header("X-Forwarded-Host")));
        return own ? Optional.empty() : Optional.of("Origin: " + origin);
    }

    /** A browser opening a page (not a script asking the API): sent to the login form rather than answered 401. */
    private static boolean navigation(Context ctx) {
        String accept = ctx.header("Accept");
        return ctx.method() == HandlerType.GET && accept != null && accept.contains("text/html");
    }

    private static String pathAndQuery(Context ctx) {
        return ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
    }

    private static String basicUser(Context ctx) {
        return Logins.basic(ctx.header("Authorization")).map(c -> c[0]).orElse(null);
    }

    static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    /** A login with credentials that were not accepted: one WARN line and an audit record, with the name tried. */
    void failedLogin(Context ctx, String user, String why) {
        log.warn("Failed login of '{}' from {} ({} {}): {}", user, ctx.ip(), ctx.method(), ctx.path(), why);
        refusals.refused(ctx, user, LOGIN, ctx.method() + " " + ctx.path(), "REFUSED: " + why);
    }

    /** An attempt to act (not to read) that was refused: audited; a browser's first unauthenticated look is not. */
    private void attempted(Context ctx, String user, String why) {
        if (!READS.contains(ctx.method())) {
            refusals.refused(ctx, user, ctx.method() + " " + ctx.path(), null, "REFUSED: " + why);
        }
    }

    /** Answers {@code status}, on the registry API in its own error format (its clients print the code). */
    static void stop(Context ctx, int status, String error) {
        if (RegistryApi.serves(ctx.path())) {
            RegistryApi.error(ctx, status, status * 100 + 1, error);
        } else {
            ctx.status(status).contentType("application/json").result(JSON.createObjectNode().put("error", error).toString());
        }
        ctx.skipRemainingHandlers();
    }
}
