package com.schoolops.sla.http.actions;

import com.schoolops.sla.health.HealthReadSide.DeviceView;
import com.schoolops.sla.health.HealthReadSide.SiteDetail;
import com.schoolops.sla.obligations.ObligationReadSide.SiteObligations;
import com.schoolops.sla.policy.ContractReadSide.SeverityTerms;
import com.schoolops.sla.query.ClusterQueries;
import com.schoolops.sla.tickets.TicketReadSide.TicketView;

import java.util.Optional;

/**
 * What the ticket desk reads before it writes, each from the read side of the stage that owns it (through the
 * query API of the whole application): a ticket and where it stands, a site's devices, a device's site (the registry's),
 * a site's contract in {@code site-registry}, and the severities of the contracts' versions. Each may throw {@link ClusterQueries.NotAvailable}.
 */
interface DeskReads {
    /** A ticket as the engine keeps it now (open, resolved, or closed with a clock still to settle). */
    Optional<TicketView> ticket(String ticketId);

    /** A site with its devices, as device health knows them (registered devices included). */
    Optional<SiteDetail> site(String siteId);

    /** A device, at the site the registry has it at. */
    Optional<DeviceView> device(String deviceId);

    /** The contract a site is under in {@code site-registry}; empty when the site is not in it. */
    Optional<String> registeredContract(String siteId);

    /** The severities of the version of a contract in force at {@code at}; empty for a contract not known. */
    Optional<SeverityTerms> severitiesInForce(String contractId, long at);

    /** The severities of one version of a contract (null: version 1), as a ticket opened under it is judged by. */
    Optional<SeverityTerms> severitiesOf(String contractId, Integer version);

    /** Over the query API of the whole application. */
    static DeskReads of(ClusterQueries queries) {
        return new DeskReads() {
            @Override
            public Optional<TicketView> ticket(String ticketId) {
                return queries.ticket(ticketId);
            }

            @Override
            public Optional<SiteDetail> site(String siteId) {
                return queries.site(siteId);
            }

            @Override
            public Optional<DeviceView> device(String deviceId) {
                return queries.device(deviceId);
            }

            @Override
            public Optional<String> registeredContract(String siteId) {
                return queries.siteObligations(siteId).map(SiteObligations::contractId);
            }

            @Override
            public Optional<SeverityTerms> severitiesInForce(String contractId, long at) {
                return queries.local().severitiesInForce(contractId, at);
            }

            @Override
            public Optional<SeverityTerms> severitiesOf(String contractId, Integer version) {
                return queries.local().severitiesOf(contractId, version);
            }
        };
    }
}
