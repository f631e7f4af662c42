package com.schoolops.sla.http.security;

import io.javalin.http.HandlerType;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static com.schoolops.sla.http.security.Right.*;
import static com.schoolops.sla.http.security.RouteRules.ScopeCheck.*;

/**
 * What every route of the HTTP side needs, in one place: the {@link Right} (so which roles) and how a user's scope is
 * checked on it. {@link Access} looks each request's route up here before any handler runs; a route with no rule is
 * refused to everyone, and the tests that enumerate the running server's routes fail on it. The routes of the ticket
 * desk and of the reports (issue 38) are declared here too.
 */
public final class RouteRules {
    /** How a scoped user's scope is checked on a route. */
    public enum ScopeCheck {
        /** Nothing of any site: the user's own session, the login page. */
        NONE,
        /** The path parameter names a site: refused unless the site is in scope. */
        SITE,
        /** The path parameter names a device: refused unless its site is. */
        DEVICE,
        /** The path parameter names a ticket: refused unless its site is (a ticket not open: refused too). */
        TICKET,
        /** The path parameter names a contract or calendar: refused unless it is one of the scope's contracts (or its sites'). */
        CONTRACT,
        /** The JSON body's {@code siteId} names the site: refused unless it is in scope (no body or no siteId: the handler's 400). */
        BODY_SITE,
        /** A list: the handler keeps only what is in scope. */
        FILTERED,
        /** The whole service's, never a site's (metrics, probes, the local API, schemas): refused to any user with a scope. */
        UNSCOPED_ONLY
    }

    /**
     * @param right     what the user's role must allow; null: open to anyone, without a login
     * @param scope     how the scope is checked
     * @param parameter the path parameter {@code scope} reads, for SITE, DEVICE, TICKET and CONTRACT
     */
    public record Rule(Right right, ScopeCheck scope, String parameter) {
        public boolean open() {
            return right == null;
        }
    }

    private static final String LOCAL = "/api/local";
    private final Map<String, Rule> rules = new LinkedHashMap<>();

    /** The rules of a server; with {@code openProbes} the probes and /metrics need no login. */
    public static RouteRules of(boolean openProbes) {
        return new RouteRules(openProbes);
    }

    private RouteRules(boolean openProbes) {
        Rule probe = openProbes ? new Rule(null, NONE, null) : new Rule(READ_SERVICE, UNSCOPED_ONLY, null);
        open("GET", "/login");
        open("POST", "/login");
        rule("POST", "/logout", OWN_SESSION, NONE);
        rule("GET", "/api/me", OWN_SESSION, NONE);
        rule("GET", "/console/messages", OWN_SESSION, NONE); // the console's texts, in the asked language
        for (String path : new String[]{"/health", "/health/live", "/health/ready", "/metrics"}) {
            rules.put("GET " + path, probe);
        }

        rule("GET", "/api/sites", READ, FILTERED);
        site("GET", "/api/sites/{site}", READ);
        site("GET", "/api/sites/{site}/obligations", READ);
        site("GET", "/api/sites/{site}/events", READ);
        site("GET", "/api/sites/{site}/reports/inspection", READ);
        site("GET", "/api/sites/{site}/reports/review", READ);
        rules.put("GET /api/devices/{device}", new Rule(READ, DEVICE, "device"));
        rule("GET", "/api/tickets", READ, FILTERED);
        ticket("GET", "/api/tickets/{ticket}", READ);
        rule("GET", "/api/at-risk", READ, FILTERED);
        rule("GET", "/api/escalations", READ, FILTERED);
        rule("GET", "/api/escalations/stream", READ, FILTERED);
        rule("GET", "/api/kpis", READ, FILTERED);
        rule("GET", "/api/contracts", READ, FILTERED);
        rules.put("GET /api/contracts/{id}/versions", new Rule(READ, CONTRACT, "id"));
        rule("GET", "/api/calendars", READ, FILTERED);
        rule("GET", "/api/audit", READ_DESK, FILTERED);
        rule("GET", "/api/notifications", READ_DESK, FILTERED);

        rule("POST", "/api/tickets", REPORT_FAULT, BODY_SITE);
        for (String action : new String[]{"acknowledge", "dispatch", "on-site", "resolve", "close", "reopen", "severity"}) {
            ticket("POST", "/api/tickets/{ticket}/" + action, ACT);
        }
        ticket("POST", "/api/tickets/{ticket}/rating", RATE);
        site("POST", "/api/sites/{site}/maintenance", ACT);
        site("POST", "/api/sites/{site}/visits", ACT);

        // The local query API: the other instances ask it with the peer token; a user only without a scope.
        for (String path : new String[]{"/sites", "/sites/{site}", "/sites/{site}/obligations", "/sites/{site}/events",
                "/sites/{site}/registration", "/sites/{site}/devices/{device}", "/devices/{device}/site", "/devices/heard", "/tickets", "/tickets/{ticket}",
                "/clocks", "/kpis/open"}) {
            rule("GET", LOCAL + path, READ_SERVICE, UNSCOPED_ONLY);
        }
        // The schema registry API: its POSTs are lookups (a new schema is refused by the API itself unless ADMINISTER).
        for (String path : new String[]{"/subjects", "/config", "/schemas/types", "/subjects/{subject}/versions",
                "/subjects/{subject}/versions/{version}", "/schemas/ids/{id}"}) {
            rule("GET", path, READ_SERVICE, UNSCOPED_ONLY);
        }
        for (String path : new String[]{"/subjects/{subject}/versions", "/subjects/{subject}", "/compatibility/subjects/{subject}/versions/{version}"}) {
            rule("POST", path, READ_SERVICE, UNSCOPED_ONLY);
        }
    }

    /** The rule of a route (its method and its path as declared, {@code /api/sites/{site}}), if it has one. */
    public Optional<Rule> of(HandlerType method, String routePath) {
        return Optional.ofNullable(rules.get(method.name() + " " + routePath));
    }

    /** Every rule, by "METHOD path". */
    public Map<String, Rule> all() {
        return java.util.Collections.unmodifiableMap(rules);
    }

    private void open(String method, String path) {
        rules.put(method + " " + path, new Rule(null, NONE, null));
    }

    private void rule(String method, String path, Right right, ScopeCheck scope) {
        rules.put(method + " " + path, new Rule(right, scope, null));
    }

    private void site(String method, String path, Right right) {
        rules.put(method + " " + path, new Rule(right, SITE, "site"));
    }

    private void ticket(String method, String path, Right right) {
        rules.put(method + " " + path, new Rule(right, TICKET, "ticket"));
    }
}
