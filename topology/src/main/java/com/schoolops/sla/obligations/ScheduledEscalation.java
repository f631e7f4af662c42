package com.schoolops.sla.obligations;

/**
 * The escalation types of SPEC sections 9 and 10 that no fault starts, named as the specification names them. Not
 * yet in the published {@code EscalationType} (the stage that raises them adds them there, with their tiers in the
 * policies); their ids are already fixed by these names ({@link OccurrenceId}).
 */
public enum ScheduledEscalation {
    OBLIGATION_DUE_SOON, OBLIGATION_MISSED, VISIT_OUT_OF_HOURS, VISIT_RECORD_LATE, OBLIGATION_BEHIND,
    PRECHECK_DUE_SOON, PRECHECK_MISSED, EVENT_NOTICE_SHORT, STANDBY_SHORTFALL
}
