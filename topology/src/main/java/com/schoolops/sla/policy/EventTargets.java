package com.schoolops.sla.policy;

import java.time.Instant;

/**
 * A ticket already open when a major event starts is held to the event's target too (SPEC section 10): its clock's
 * deadline becomes the earlier of its own and the window's start plus the event's target for that clock.
 */
public final class EventTargets {
    private EventTargets() {
    }

    public static Instant deadline(Instant ownDeadline, Instant windowStart, Target eventTarget, CalendarTimeline calendar) {
        Instant byEvent = new Span(0, eventTarget).after(windowStart, calendar);
        return byEvent.isBefore(ownDeadline) ? byEvent : ownDeadline;
    }
}
