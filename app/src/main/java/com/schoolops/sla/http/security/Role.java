package com.schoolops.sla.http.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import static com.schoolops.sla.http.security.Right.*;

/**
 * What a user of the HTTP side may do: each role an explicit set of {@link Right}s. Viewer, operator and admin each add
 * to the one before; a customer (a school, a bureau) is no step on that ladder: it reads its own scope, reports faults
 * and rates callbacks, and sees neither the desk's records nor the service's insides.
 */
public enum Role {
    /** The page, the query API, the desk's records, the registry API's reads, the metrics and probes. */
    VIEWER(EnumSet.of(OWN_SESSION, READ, READ_DESK, READ_SERVICE)),
    /** The operator actions too (acknowledging a ticket, a maintenance window), a fault reported, a callback rated. */
    OPERATOR(EnumSet.of(OWN_SESSION, READ, READ_DESK, READ_SERVICE, ACT, REPORT_FAULT, RATE)),
    /** Everything, the registry API's writes included. */
    ADMIN(EnumSet.allOf(Right.class)),
    /** A school or a bureau: its scope's data, a fault reported, a callback rated; nothing else. */
    CUSTOMER(EnumSet.of(OWN_SESSION, READ, REPORT_FAULT, RATE));

    private final Set<Right> rights;

    Role(Set<Right> rights) {
        this.rights = Set.copyOf(rights);
    }

    public boolean may(Right right) {
        return rights.contains(right);
    }

    static Role parse(String text) {
        return Role.valueOf(text.trim().toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
