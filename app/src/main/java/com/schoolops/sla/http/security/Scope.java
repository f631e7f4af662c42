package com.schoolops.sla.http.security;

import io.javalin.http.Context;

import java.util.Set;

/**
 * What part of the service a user may see (SPEC section 12): the sites and/or contracts {@code web-config} binds it
 * to, or everything. A site is in scope when it is named, or when its contract is. Set on each authenticated request
 * ({@link #ATTRIBUTE}) before any handler runs; a handler that reads or writes a site's data asks {@link #allowsSite}.
 */
public record Scope(boolean unlimited, Set<String> sites, Set<String> contracts) {
    /** The request attribute an authenticated request carries its user's scope in. */
    public static final String ATTRIBUTE = "sla.scope";
    public static final Scope EVERYTHING = new Scope(true, Set.of(), Set.of());

    public Scope {
        sites = Set.copyOf(sites);
        contracts = Set.copyOf(contracts);
    }

    /** A scope limited to these sites and contracts (either may be empty). */
    public static Scope of(Set<String> sites, Set<String> contracts) {
        return new Scope(false, sites, contracts);
    }

    /** The scope of the request's user; everything when the request carries none (no security configured). */
    public static Scope of(Context ctx) {
        Scope scope = ctx.attribute(ATTRIBUTE);
        return scope != null ? scope : EVERYTHING;
    }

    /** Whether the site {@code siteId}, under contract {@code contractId} (null if not known), is in scope. */
    public boolean allowsSite(String siteId, String contractId) {
        return unlimited || sites.contains(siteId) || (contractId != null && contracts.contains(contractId));
    }

    /** Whether the whole contract is in scope (its reports, its KPIs): only when it is named. */
    public boolean allowsContract(String contractId) {
        return unlimited || contracts.contains(contractId);
    }
}
