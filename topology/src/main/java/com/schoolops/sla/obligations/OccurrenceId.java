package com.schoolops.sla.obligations;

import com.schoolops.sla.escalation.EscalationIds;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The names of what the scheduled half judges, from event time only, so that a live run, a restarted one and
 * {@code replay} agree: an occurrence is {@code siteId|obligationId|periodStart} (the period's first local day), a
 * major event {@code siteId|MAJOR_EVENT|start} (the window's start as an ISO instant). Escalation ids are the name-based
 * UUIDs every escalation has ({@link EscalationIds}), with the occurrence or event as their subject.
 */
public final class OccurrenceId {
    private OccurrenceId() {
    }

    public static String of(String siteId, String obligationId, LocalDate periodStart) {
        return siteId + '|' + obligationId + '|' + periodStart;
    }

    public static String ofEvent(String siteId, Instant windowStart) {
        return siteId + "|MAJOR_EVENT|" + windowStart;
    }

    /** DUE_SOON, MISSED, PRECHECK_DUE_SOON, PRECHECK_MISSED, EVENT_NOTICE_SHORT: one of each per occurrence or event. */
    public static String escalation(String subject, ScheduledEscalation type) {
        return EscalationIds.of(subject, type, null, null);
    }

    /**
     * The rest, one per occurrence and what sets it apart: the visit (VISIT_OUT_OF_HOURS, VISIT_RECORD_LATE), the
     * contract-year quarter ({@code Q1}..{@code Q3}, OBLIGATION_BEHIND), the drop's instant in epoch ms (STANDBY_SHORTFALL).
     */
    public static String escalation(String subject, ScheduledEscalation type, Object detail) {
        return EscalationIds.of(subject, type, null, detail);
    }
}
