package com.schoolops.sla.query;

import com.schoolops.sla.health.HealthReadSide.SiteSummary;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One page of the site list (issue 26: ten thousand sites): the sites after {@code after} in site-id order, of the
 * given {@code statuses} (every status when empty), at most {@code limit}. The answer's {@code next} is the
 * {@code after} of the following page, or null on the last. Site ids are ordered as their UTF-8 bytes, as the stores
 * keep them, so every instance pages alike.
 */
public record SitePage(String after, int limit, Set<String> statuses, Within within) {
    public static final int DEFAULT_LIMIT = 500;
    public static final int MAX_LIMIT = 5_000;
    /** Every site, for the fleet gauges: this instance's only (one entry per site, never a device); no other instance takes a page this long. */
    public static final SitePage ALL = new SitePage(null, Integer.MAX_VALUE, Set.of(), null);
    /** Site ids in the order the stores keep them. */
    public static final Comparator<String> ORDER = (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    /**
     * The sites a user with a scope may see (SPEC section 12): those named, and those site-registry puts under the named
     * contracts. Asked of each instance with the page, so that a page holds only such sites and {@code next} still
     * walks them all; null on a page of every site.
     */
    public record Within(Set<String> sites, Set<String> contracts) {
        public Within {
            sites = Set.copyOf(sites);
            contracts = Set.copyOf(contracts);
        }

        /** From the local API's repeated query parameters {@code in-site} and {@code in-contract}; null when neither is given. */
        public static Within from(Function<String, List<String>> parameters) {
            List<String> sites = parameters.apply("in-site");
            List<String> contracts = parameters.apply("in-contract");
            boolean none = (sites == null || sites.isEmpty()) && (contracts == null || contracts.isEmpty());
            return none ? null : new Within(sites == null ? Set.of() : Set.copyOf(sites), contracts == null ? Set.of() : Set.copyOf(contracts));
        }

        /** Whether the site, under {@code contractId} in site-registry (null: not registered), is within. */
        public boolean admits(String siteId, java.util.function.Supplier<String> contractId) {
            return sites.contains(siteId) || (!contracts.isEmpty() && contracts.contains(contractId.get()));
        }
    }

    /** A page of every site. */
    public SitePage(String after, int limit, Set<String> statuses) {
        this(after, limit, statuses, null);
    }

    public SitePage {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        for (String s : statuses) {
            if (!SiteSummary.STATUSES.contains(s)) {
                throw new IllegalArgumentException("status '" + s + "' is none of RED, AMBER, GREEN");
            }
        }
        statuses = Set.copyOf(statuses);
    }

    /** From the query parameters {@code after}, {@code limit} (default 500, at most 5,000) and {@code status} (comma-separated). */
    public static SitePage from(Function<String, String> parameter) {
        String limit = parameter.apply("limit");
        int n;
        try {
            n = limit == null || limit.isBlank() ? DEFAULT_LIMIT : Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a number, not '" + limit + "'");
        }
        if (n > MAX_LIMIT) {
            throw new IllegalArgumentException("limit is at most " + MAX_LIMIT + " sites a page, not " + n + ": follow `next` for more");
        }
        String status = parameter.apply("status");
        Set<String> statuses = new TreeSet<>();
        if (status != null && !status.isBlank()) {
            Arrays.stream(status.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(String::toUpperCase).forEach(statuses::add);
        }
        String after = parameter.apply("after");
        return new SitePage(after == null || after.isEmpty() ? null : after, n, statuses);
    }

    /** The same page, of the sites {@code within} only. */
    public SitePage within(Within within) {
        return new SitePage(after, limit, statuses, within);
    }

    /** Whether a site of this status, after this id, belongs on the page (before the limit); {@link #within} is the caller's. */
    public boolean admits(String siteId, String status) {
        return (after == null || ORDER.compare(siteId, after) > 0) && (statuses.isEmpty() || statuses.contains(status));
    }

    /** The same page as query parameters, for the other instances. */
    public String query() {
        StringBuilder q = new StringBuilder("?limit=").append(limit);
        if (after != null) {
            q.append("&after=").append(URLEncoder.encode(after, StandardCharsets.UTF_8));
        }
        if (!statuses.isEmpty()) {
            q.append("&status=").append(String.join(",", new TreeSet<>(statuses)));
        }
        if (within != null) {
            new TreeSet<>(within.sites()).forEach(s -> q.append("&in-site=").append(URLEncoder.encode(s, StandardCharsets.UTF_8)));
            new TreeSet<>(within.contracts()).forEach(c -> q.append("&in-contract=").append(URLEncoder.encode(c, StandardCharsets.UTF_8)));
        }
        return q.toString();
    }

    /** The page from parts each read in order from its own store (at most {@code limit} each): the first {@code limit} of them all. */
    public <T> List<T> first(List<List<T>> parts, Function<T, String> siteId) {
        List<T> sorted = parts.stream().flatMap(List::stream).sorted(Comparator.comparing(siteId, ORDER)).toList();
        return sorted.size() > limit ? sorted.subList(0, limit) : sorted;
    }

    /**
     * The page of the whole application from the instances' pages: the first {@code limit} of them; {@code next} when
     * the page is full, so that more may follow.
     */
    public <T> Views.Answer<T> merge(Views.Answer<T> parts, Function<T, String> siteId) {
        List<T> page = first(List.of(parts.items()), siteId);
        String next = page.size() == limit ? siteId.apply(page.get(page.size() - 1)) : null;
        return new Views.Answer<>(page, parts.instances(), parts.unreachable(), next);
    }
}
