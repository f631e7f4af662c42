package com.schoolops.sla.http.security;

import java.util.Optional;

/**
 * What the scope checks ask of the service to place a site, device or ticket in a scope. The HTTP side answers from
 * the query API ({@code http.SiteLookups}); without one (a server of probes only), nothing can be placed.
 */
public interface ScopeLookups {
    /** A site's record in site-registry, as far as a scope needs it. */
    record SiteRecord(String contractId, String calendarId) {
    }

    /** A ticket not yet closed: its site and the contract it runs under. */
    record TicketSite(String siteId, String contractId) {
    }

    ScopeLookups NONE = new ScopeLookups() {
        @Override
        public Optional<SiteRecord> site(String siteId) {
            return Optional.empty();
        }

        @Override
        public Optional<String> siteOfDevice(String deviceId) {
            return Optional.empty();
        }

        @Override
        public Optional<TicketSite> ticket(String ticketId) {
            return Optional.empty();
        }

        @Override
        public Optional<String> calendarOfContract(String contractId) {
            return Optional.empty();
        }
    };

    /** The site's record in site-registry; empty when it has none. */
    Optional<SiteRecord> site(String siteId);

    /** The site a device is registered at. */
    Optional<String> siteOfDevice(String deviceId);

    /** A ticket not yet closed. */
    Optional<TicketSite> ticket(String ticketId);

    /** The calendar of the contract's version in force now. */
    Optional<String> calendarOfContract(String contractId);
}
