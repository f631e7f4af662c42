package com.schoolops.sla.obligations;

/**
 * The escalation types of SPEC sections 9 and 10 that no fault starts, named as the specification names them (and as
 * the published {@code EscalationType} names them); their ids are fixed by these names ({@link OccurrenceId}).
 */
public enum ScheduledEscalation {
    OBLIGATION_DUE_SOON, OBLIGATION_MISSED, VISIT_OUT_OF_HOURS, VISIT_RECORD_LATE, OBLIGATION_BEHIND,
    PRECHECK_DUE_SOON, PRECHECK_MISSED, EVENT_NOTICE_SHORT, STANDBY_SHORTFALL, EVENT_AT_RISK
}
