package com.schoolops.sla.http;

import com.schoolops.sla.http.security.ScopeLookups;
import com.schoolops.sla.query.ClusterQueries;

import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The scope checks' look-ups, answered by the query API of the whole application. A site's record is kept for
 * {@link #KEPT} (a contract-scoped user's list asks it for every site on it): a site moved to another contract, or
 * registered for the first time, is placed in a scope by its new contract within that time.
 */
final class SiteLookups implements ScopeLookups {
    static final Duration KEPT = Duration.ofSeconds(60);
    private static final int REMEMBERED = 20_000;

    private record Kept(Optional<SiteRecord> record, long at) {
    }

    private final ClusterQueries queries;
    private final InstantSource clock;
    private final Map<String, Kept> sites = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
            return size() > REMEMBERED;
        }
    };

    SiteLookups(ClusterQueries queries, InstantSource clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @Override
    public Optional<SiteRecord> site(String siteId) {
        long now = clock.millis();
        synchronized (sites) {
            Kept kept = sites.get(siteId);
            if (kept != null && now - kept.at() < KEPT.toMillis()) {
                return kept.record();
            }
        }
        Optional<SiteRecord> record = queries.siteRegistration(siteId).map(r -> new SiteRecord(r.contractId(), r.calendarId()));
        synchronized (sites) {
            sites.put(siteId, new Kept(record, now));
        }
        return record;
    }

    @Override
    public Optional<String> siteOfDevice(String deviceId) {
        return queries.siteOfDevice(deviceId);
    }

    @Override
    public Optional<TicketSite> ticket(String ticketId) {
        return queries.openTickets().items().stream().filter(t -> t.ticketId().equals(ticketId)).findFirst()
                .map(t -> new TicketSite(t.siteId(), t.contractId()));
    }

    @Override
    public Optional<String> calendarOfContract(String contractId) {
        return queries.local().contractsInForce(clock.millis()).stream().filter(c -> c.contractId().equals(contractId)).findFirst()
                .map(com.schoolops.sla.policy.ContractReadSide.ContractInForce::calendarId);
    }
}
