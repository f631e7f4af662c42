package com.schoolops.sla.kpi;

import com.schoolops.sla.avro.KpiScope;

/**
 * What KPI facts are counted for: a contract or a site. It is the key of the {@code kpi-facts} repartition topic,
 * written {@code SCOPE:id}.
 */
public record ScopeKey(KpiScope scope, String id) {
    public static ScopeKey site(String siteId) {
        return new ScopeKey(KpiScope.SITE, siteId);
    }

    public static ScopeKey contract(String contractId) {
        return new ScopeKey(KpiScope.CONTRACT, contractId);
    }

    public String text() {
        return scope.name() + ":" + id;
    }

    public static ScopeKey parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("a KPI scope is SCOPE:id, not '" + text + "'");
        }
        return new ScopeKey(KpiScope.valueOf(text.substring(0, colon)), text.substring(colon + 1));
    }
}
