package com.schoolops.sla.notify.routes;

import com.schoolops.sla.avro.Escalation;

import java.util.Set;

/**
 * What a route takes: each field a set of accepted values, empty for any. A site may end in {@code *} to take every
 * site that starts so (a district's schools share a prefix). The tier is the one the message goes to, which grows
 * with each repeat, not always the escalation's own.
 */
public record RouteMatch(Set<String> types, Set<Integer> tiers, Set<String> contracts, Set<String> sites,
                         Set<String> severities, Set<String> clocks) {
    public static final RouteMatch ANY = new RouteMatch(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of());

    public boolean matches(Escalation e, int tier) {
        return accepts(types, e.getType().name())
                && (tiers.isEmpty() || tiers.contains(tier))
                && accepts(contracts, e.getContractId())
                && (sites.isEmpty() || sites.stream().anyMatch(s -> siteMatches(s, e.getSiteId())))
                && accepts(severities, e.getSeverity())
                && accepts(clocks, e.getClock() == null ? null : e.getClock().name());
    }

    public boolean isCatchAll() {
        return equals(ANY);
    }

    private static boolean accepts(Set<String> accepted, String value) {
        return accepted.isEmpty() || (value != null && accepted.contains(value));
    }

    private static boolean siteMatches(String pattern, String site) {
        return pattern.endsWith("*") ? site.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(site);
    }
}
