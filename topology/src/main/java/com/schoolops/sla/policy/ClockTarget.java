package com.schoolops.sla.policy;

import com.schoolops.sla.avro.TicketEventType;

/** A clock's target and the event that starts it (ON_SITE starts at DISPATCHED or, for some levels, at OPENED). */
public record ClockTarget(Target target, TicketEventType startsAt) {
}
