package com.schoolops.sla.obligations;

import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.VisitKind;
import com.schoolops.sla.avro.VisitType;
import com.schoolops.sla.policy.CalendarTimeline;
import com.schoolops.sla.policy.Span;

import java.time.Instant;
import java.util.Optional;

/**
 * The special inspection due before a major event (SPEC section 10; seed-003: 提前7个工作日…专项巡检): its deadline is
 * {@code precheck} before the window's start, counted back in the site calendar's working time (holidays skipped,
 * make-up working days counted). A COMPLETED PRECHECK visit from the window's first sighting to the deadline meets it.
 * A window first seen after its deadline is EVENT_NOTICE_SHORT, at once, and then due neither soon nor missed: nobody
 * could have met it.
 *
 * @param seenAt when the window was first read (its schedule record's time)
 */
public record Precheck(String siteId, Instant windowStart, Instant seenAt, Instant deadline, Instant dueSoon) {
    /** PRECHECK_DUE_SOON comes this long before the deadline. */
    public static final Span DUE_SOON = Span.parse("2d working");

    public static Precheck of(String siteId, Instant windowStart, Instant seenAt, Span precheck, CalendarTimeline calendar) {
        Instant deadline = precheck.before(windowStart, calendar);
        return new Precheck(siteId, windowStart, seenAt, deadline, DUE_SOON.before(deadline, calendar));
    }

    public String eventId() {
        return OccurrenceId.ofEvent(siteId, windowStart);
    }

    /** Less lead time than the contract's pre-check: EVENT_NOTICE_SHORT at {@link #seenAt}. */
    public boolean noticeShort() {
        return seenAt.isAfter(deadline);
    }

    /** PRECHECK_DUE_SOON, if not met by then: two working days before the deadline, or at once for a window seen later. */
    public Optional<Instant> dueSoonAt() {
        return noticeShort() ? Optional.empty() : Optional.of(seenAt.isAfter(dueSoon) ? seenAt : dueSoon);
    }

    /** PRECHECK_MISSED, if not met by then: the deadline. */
    public Optional<Instant> missedAt() {
        return noticeShort() ? Optional.empty() : Optional.of(deadline);
    }

    /** The first COMPLETED PRECHECK visit, not withdrawn, from the window's sighting to just before the deadline. */
    public Optional<Instant> metAt(Visits visits) {
        return visits.live(VisitKind.PRECHECK, VisitType.COMPLETED).stream().map(ServiceVisit::getTimestamp).map(Instant::ofEpochMilli)
                .filter(at -> !at.isBefore(seenAt) && at.isBefore(deadline)).findFirst();
    }
}
