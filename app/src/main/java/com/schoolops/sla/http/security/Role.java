package com.schoolops.sla.http.security;

import java.util.Locale;

/** What a user of the HTTP side may do; each role may do what the ones before it may. */
public enum Role {
    /** The page, the query API, the registry API's reads, the metrics and probes. */
    VIEWER,
    /** The operator actions too (acknowledging a ticket, a maintenance window). */
    OPERATOR,
    /** Everything, the registry API's writes included. */
    ADMIN;

    public boolean allows(Role needed) {
        return compareTo(needed) >= 0;
    }

    static Role parse(String text) {
        return Role.valueOf(text.trim().toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
