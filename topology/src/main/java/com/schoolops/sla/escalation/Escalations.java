package com.schoolops.sla.escalation;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.state.TicketState;
import com.schoolops.sla.text.LocalTimes;

/**
 * The one place escalations are made: each gets its deterministic id ({@link EscalationIds}) and the tier its
 * contract's policy gives it ({@link com.schoolops.sla.policy.Tiers}); the callers say what happened and why.
 */
public final class Escalations {
    private final ContractBook contracts;

    public Escalations(ContractBook contracts) {
        this.contracts = contracts;
    }

    /**
     * A time in an escalation's message, as people read every time: the local time of the site's zone (its own
     * calendar's, else its contract's), to the second, labelled ({@link LocalTimes}).
     */
    public String time(long at, String contractId, String siteId) {
        return LocalTimes.format(at, contracts.kpiZone(contractId, siteId, at));
    }

    /**
     * About a ticket: its id, device, site, contract and severity are the ticket's.
     *
     * @param threshold what distinguishes this escalation from the ticket's others of the same type and clock (part of the id)
     */
    public Escalation ofTicket(TicketState t, EscalationType type, SlaClock clock, Long deadline, long at, String threshold, String message) {
        return ofTicket(t, type, clock, deadline, at, threshold, message, false);
    }

    /** @param duringMajorEvent tiered as during a major event though the ticket was not opened in one (a target the event set, SPEC section 10) */
    public Escalation ofTicket(TicketState t, EscalationType type, SlaClock clock, Long deadline, long at, String threshold, String message,
                               boolean duringMajorEvent) {
        var terms = contracts.version(t.getContractId(), t.getContractVersion());
        int tier = terms.map(c -> contracts.tiers(c.contract())).orElse(contracts.tiers()).of(type, clock, duringMajorEvent || t.getMajorEvent() != null);
        return Escalation.newBuilder()
                .setEscalationId(EscalationIds.of(t.getTicketId(), type, clock, threshold))
                .setType(type).setTier(tier).setTicketId(t.getTicketId()).setDeviceId(t.getDeviceId()).setSiteId(t.getSiteId())
                .setContractId(t.getContractId()).setSeverity(t.getSeverity()).setClock(clock).setDeadline(deadline).setAt(at)
                .setContractVersion(terms.map(ContractBook.Terms::version).orElse(null))
                .setMessage(message).build();
    }

    /** About a device no ticket names (UNTICKETED_OUTAGE): identified by the device and the start of its outage. */
    public Escalation ofDevice(String deviceId, String siteId, String contractId, EscalationType type, long since, Long deadline, long at,
                               String message) {
        return ofDevice(deviceId, siteId, contractId, type, since, since, deadline, at, message);
    }

    /**
     * About a device's faults over time (REPEAT_FAILURE, SPEC section 11), with no ticket of its own: identified by the
     * device and {@code lastFault} (what names the fault that made it one), judged by the contract in force at {@code at}.
     */
    public Escalation ofDeviceFaults(String deviceId, String siteId, String contractId, EscalationType type, String lastFault, long at,
                                     String message) {
        return ofDevice(deviceId, siteId, contractId, type, lastFault, at, null, at, message);
    }

    private Escalation ofDevice(String deviceId, String siteId, String contractId, EscalationType type, Object detail, long termsAt, Long deadline,
                                long at, String message) {
        var terms = contracts.inForce(contractId, termsAt);
        int tier = terms.map(c -> contracts.tiers(c.contract())).orElse(contracts.tiers()).of(type, null, false);
        return Escalation.newBuilder()
                .setEscalationId(EscalationIds.of(deviceId, type, null, detail))
                .setType(type).setTier(tier).setTicketId(null).setDeviceId(deviceId).setSiteId(siteId)
                .setContractId(contractId).setSeverity(null).setClock(null).setDeadline(deadline).setAt(at)
                .setContractVersion(terms.map(ContractBook.Terms::version).orElse(null))
                .setMessage(message).build();
    }

    /**
     * About one occurrence of a scheduled obligation (SPEC section 9), judged by the contract version in force at its
     * period's start: identified by the occurrence ({@code siteId|obligationId|periodStart}) and, where it may be raised
     * more than once, {@code detail} (the visit of a VISIT_OUT_OF_HOURS).
     */
    public Escalation ofOccurrence(String occurrenceId, String siteId, String obligationId, ContractBook.Terms terms, EscalationType type,
                                   long periodStart, long periodEnd, Long deadline, long at, Object detail, String message) {
        return Escalation.newBuilder()
                .setEscalationId(EscalationIds.of(occurrenceId, type, null, detail))
                .setType(type).setTier(contracts.tiers(terms.contract()).of(type, null, false))
                .setSiteId(siteId).setContractId(terms.contract().id()).setDeadline(deadline).setAt(at)
                .setContractVersion(terms.version())
                .setObligationId(obligationId).setPeriodStart(periodStart).setPeriodEnd(periodEnd)
                .setMessage(message).build();
    }

    /**
     * About a device that failed during a major event (SPEC section 10: MAJOR_EVENT_FAULT, and the SLA_WARNING and
     * SLA_BREACH of its EMERGENCY_START and DEVICE_RESTORE clocks), with no ticket: judged by the terms that judge the
     * event, identified by the event ({@code siteId|MAJOR_EVENT|start}), the clock and {@code detail} (the device, the
     * episode, the threshold). Tiered as a breach during a major event.
     */
    public Escalation ofEventDevice(String eventId, String siteId, String deviceId, ContractBook.Terms terms, EscalationType type, SlaClock clock,
                                    long windowStart, long windowEnd, Long deadline, long at, String detail, String message) {
        return Escalation.newBuilder()
                .setEscalationId(EscalationIds.of(eventId, type, clock, detail))
                .setType(type).setTier(contracts.tiers(terms.contract()).of(type, clock, true))
                .setSiteId(siteId).setDeviceId(deviceId).setContractId(terms.contract().id()).setClock(clock).setDeadline(deadline).setAt(at)
                .setContractVersion(terms.version()).setPeriodStart(windowStart).setPeriodEnd(windowEnd)
                .setMessage(message).build();
    }

    /**
     * About one service visit of a site (INSPECTION_CONTRADICTED, SPEC section 11): identified by the site and the visit,
     * judged by the site's contract in force at the visit's time {@code at} (null: the policies' tiers).
     */
    public Escalation ofVisit(String siteId, String visitId, String contractId, EscalationType type, long at, String message) {
        var terms = contracts.inForce(contractId, at);
        return Escalation.newBuilder()
                .setEscalationId(EscalationIds.of(siteId + "|" + visitId, type, null, null))
                .setType(type).setTier(terms.map(c -> contracts.tiers(c.contract())).orElse(contracts.tiers()).of(type, null, false))
                .setSiteId(siteId).setContractId(contractId).setAt(at)
                .setContractVersion(terms.map(ContractBook.Terms::version).orElse(null))
                .setMessage(message).build();
    }

    /** About a whole site (SITE_OUTAGE): identified by the site and the start of its outage. */
    public Escalation ofSite(String siteId, String rootCauseDeviceId, EscalationType type, long since, long at, String message) {
        return Escalation.newBuilder()
                .setEscalationId(EscalationIds.of(siteId, type, null, since))
                .setType(type).setTier(contracts.tiers().of(type, null, false))
                .setSiteId(siteId).setDeviceId(rootCauseDeviceId).setAt(at)
                .setMessage(message).build();
    }
}
