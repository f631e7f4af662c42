package com.schoolops.sla.http.security;

/** One thing a user of the HTTP side may do; a {@link Role} is a set of them, and each route needs one ({@link RouteRules}). */
public enum Right {
    /** Its own session: who it is ({@code /api/me}), signing out, the page itself. */
    OWN_SESSION,
    /** The sites' data within its scope: sites, devices, tickets, clocks, escalations, KPIs, contracts, reports. */
    READ,
    /** The service desk's own records: the operator actions (ops-audit) and the notifications sent to its staff. */
    READ_DESK,
    /** The service's insides, never a site's: /metrics, the probes, the local query API, the schema registry API. */
    READ_SERVICE,
    /** The operator actions: a ticket acknowledged, dispatched, resolved..., a maintenance window, a visit. */
    ACT,
    /** Reporting a fault (网络受理): a new ticket. */
    REPORT_FAULT,
    /** Rating a resolved ticket's callback (回访). */
    RATE,
    /** Registering a new schema on the registry API. */
    ADMINISTER
}
