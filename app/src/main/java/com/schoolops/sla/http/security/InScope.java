package com.schoolops.sla.http.security;

import io.javalin.http.Context;

import java.util.Set;
import java.util.TreeSet;

/**
 * A request's {@link Scope} with the look-ups that place a site in it, for the access checks and the handlers that
 * filter lists. A site is in scope when the scope names it, or when site-registry puts it under a contract the scope
 * names. A record about a site that carries its contract (a ticket, a clock, an escalation) is judged by that
 * contract; a record that carries none (a site's KPIs, a notification, an operator action) by site-registry's.
 */
public final class InScope {
    /** The request attribute {@link Access} leaves it in. */
    public static final String ATTRIBUTE = "sla.in-scope";
    public static final InScope EVERYTHING = new InScope(Scope.EVERYTHING, ScopeLookups.NONE);

    private final Scope scope;
    private final ScopeLookups lookups;

    public InScope(Scope scope, ScopeLookups lookups) {
        this.scope = scope;
        this.lookups = lookups;
    }

    /** The request's; everything when it carries none (no web-config, or another instance asking). */
    public static InScope of(Context ctx) {
        InScope in = ctx.attribute(ATTRIBUTE);
        return in != null ? in : EVERYTHING;
    }

    public boolean unlimited() {
        return scope.unlimited();
    }

    public Scope scope() {
        return scope;
    }

    /** A site: named, or under a named contract in site-registry. */
    public boolean site(String siteId) {
        if (scope.unlimited() || scope.sites().contains(siteId)) {
            return true;
        }
        return !scope.contracts().isEmpty() && siteId != null
                && lookups.site(siteId).map(r -> scope.contracts().contains(r.contractId())).orElse(false);
    }

    /** A record about a site under the contract it carries (null: site-registry's). */
    public boolean record(String siteId, String contractId) {
        return contractId == null ? site(siteId) : scope.allowsSite(siteId, contractId);
    }

    /** A whole contract's own figures (its KPIs): only a contract the scope names. */
    public boolean wholeContract(String contractId) {
        return scope.allowsContract(contractId);
    }

    /** The contracts whose terms the user may read: those named, and those its named sites are under. */
    public Set<String> contracts() {
        Set<String> ids = new TreeSet<>(scope.contracts());
        scope.sites().forEach(s -> lookups.site(s).ifPresent(r -> ids.add(r.contractId())));
        return ids;
    }

    /** The calendars the user may read: those of {@link #contracts()}, and those its named sites have of their own. */
    public Set<String> calendars() {
        Set<String> ids = new TreeSet<>();
        contracts().forEach(c -> lookups.calendarOfContract(c).ifPresent(ids::add));
        scope.sites().forEach(s -> lookups.site(s).map(ScopeLookups.SiteRecord::calendarId).ifPresent(ids::add));
        return ids;
    }

    /** A contract or calendar whose versions the user may read. */
    public boolean contractOrCalendar(String id) {
        return scope.unlimited() || contracts().contains(id) || calendars().contains(id);
    }

    /** A device: its site in scope (a device not registered cannot be placed: out). */
    public boolean device(String deviceId) {
        return scope.unlimited() || lookups.siteOfDevice(deviceId).map(this::site).orElse(false);
    }

    /** A ticket not yet closed: its site in scope under its contract (a ticket not found cannot be placed: out). */
    public boolean ticket(String ticketId) {
        return scope.unlimited() || lookups.ticket(ticketId).map(t -> record(t.siteId(), t.contractId())).orElse(false);
    }
}
