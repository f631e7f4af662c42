package com.schoolops.sla.obligations;

import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.VisitMode;
import com.schoolops.sla.policy.BusinessCalendar;
import com.schoolops.sla.policy.Cadence;
import com.schoolops.sla.policy.CalendarTimeline;
import com.schoolops.sla.policy.Obligation;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One obligation at one site for one period, and how its visits judge it (SPEC section 9). It is met by COMPLETED
 * visits of its kind that serve it, inside the period, inside its {@code hours} on the calendar's working days, in
 * its modes (every one of them with {@code allModes}), {@code count} times. A visit outside the hours does not count
 * and is named (VISIT_OUT_OF_HOURS); a counted visit's record is due {@code record} after it (VISIT_RECORD_LATE).
 */
public record Occurrence(String siteId, Obligation obligation, ObligationPeriod period) {

    /**
     * How far an occurrence's visits went.
     *
     * @param counted    the visits that count, oldest first
     * @param outOfHours the visits that would count but for the hours: VISIT_OUT_OF_HOURS each
     * @param metAt      the time of the visit that met it
     * @param done       visits done (with {@code allModes}, the fewest of any one mode)
     */
    public record Judgement(List<ServiceVisit> counted, List<ServiceVisit> outOfHours, Optional<Instant> metAt, int done) {
        public boolean met() {
            return metAt.isPresent();
        }
    }

    /** A contract-year quarter's end, when fewer than {@code required} visits done is OBLIGATION_BEHIND. */
    public record Checkpoint(int quarter, Instant at, int required) {
    }

    /** A counted visit whose written record was not handed in by {@code due}: VISIT_RECORD_LATE at {@code due}. */
    public record LateRecord(String visitId, Instant due) {
    }

    public String id() {
        return OccurrenceId.of(siteId, obligation.id(), period.firstDay());
    }

    /** The occurrence's verdict from the visits given (those read so far). */
    public Judgement judge(Visits visits, CalendarTimeline calendar) {
        List<ServiceVisit> counted = new ArrayList<>();
        List<ServiceVisit> outOfHours = new ArrayList<>();
        for (ServiceVisit v : visits.completed(obligation.kind())) {
            Instant at = Instant.ofEpochMilli(v.getTimestamp());
            if (!Visits.serves(v, obligation.id()) || !period.contains(at)) {
                continue;
            }
            if (!inHours(at, calendar)) {
                outOfHours.add(v);
            } else if (obligation.counts(v.getMode())) {
                counted.add(v);
            }
        }
        Optional<Instant> metAt = Optional.empty();
        for (int i = 1; i <= counted.size() && metAt.isEmpty(); i++) {
            if (done(counted.subList(0, i)) >= obligation.count()) {
                metAt = Optional.of(Instant.ofEpochMilli(counted.get(i - 1).getTimestamp()));
            }
        }
        return new Judgement(List.copyOf(counted), List.copyOf(outOfHours), metAt, done(counted));
    }

    /** Visits done before {@code at}, as {@link Judgement#done} counts them. */
    public int doneBefore(Judgement judgement, Instant at) {
        return done(judgement.counted().stream().filter(v -> v.getTimestamp() < at.toEpochMilli()).toList());
    }

    /** With {@code allModes}, the fewest of any one mode: a phone call without its on-site half is none. */
    private int done(List<ServiceVisit> counted) {
        if (!obligation.allModes()) {
            return counted.size();
        }
        Map<VisitMode, Integer> byMode = new EnumMap<>(VisitMode.class);
        counted.forEach(v -> byMode.merge(v.getMode(), 1, Integer::sum));
        return obligation.modes().stream().mapToInt(m -> byMode.getOrDefault(m, 0)).min().orElse(0);
    }

    /** Inside one of the obligation's hours on a working day of the calendar version then; any time when it sets none. */
    public boolean inHours(Instant at, CalendarTimeline calendar) {
        if (obligation.hours().isEmpty()) {
            return true;
        }
        BusinessCalendar version = calendar.at(at.toEpochMilli());
        ZonedDateTime local = at.atZone(version.zone());
        return version.isWorkingDay(local.toLocalDate()) && obligation.hours().stream().anyMatch(h -> h.contains(local.toLocalTime()));
    }

    /** OBLIGATION_DUE_SOON, if not met by then: {@code dueSoon} before the period's end, counted back on the calendar; not before the period starts. */
    public Instant dueSoonAt(CalendarTimeline calendar) {
        Instant at = obligation.dueSoon().before(period.end(), calendar);
        return at.isBefore(period.start()) ? period.start() : at;
    }

    /** OBLIGATION_MISSED, if not met by then: the period's end. */
    public Instant missedAt() {
        return period.end();
    }

    /**
     * A count-per-contract-year obligation's quarters 1 to 3, 3, 6 and 9 months after the contract year's start in the
     * calendar's zone, that end inside the period, each needing ceil(q × count / 4) visits done. The fourth quarter
     * ends with the period, where a shortfall is OBLIGATION_MISSED. None for an obligation of calendar periods.
     */
    public List<Checkpoint> checkpoints(CalendarTimeline calendar) {
        if (obligation.cadence() != Cadence.CONTRACT_YEAR) {
            return List.of();
        }
        List<Checkpoint> all = new ArrayList<>();
        ZonedDateTime yearStart = period.nominalStart().atZone(calendar.zone());
        for (int q = 1; q <= 3; q++) {
            Instant at = yearStart.plusMonths(3L * q).toInstant();
            if (at.isAfter(period.start()) && at.isBefore(period.end())) {
                all.add(new Checkpoint(q, at, (q * obligation.count() + 3) / 4));
            }
        }
        return all;
    }

    /** Whether the occurrence is behind at a checkpoint: fewer visits done before it than it needs. */
    public boolean behind(Judgement judgement, Checkpoint checkpoint) {
        return doneBefore(judgement, checkpoint.at()) < checkpoint.required();
    }

    /** A counted visit's record is late when none was handed in by {@code record} after it; none when the obligation asks for no record. */
    public List<LateRecord> lateRecords(Judgement judgement, Visits visits, CalendarTimeline calendar) {
        if (obligation.record().isEmpty()) {
            return List.of();
        }
        List<LateRecord> late = new ArrayList<>();
        for (ServiceVisit v : judgement.counted()) {
            Instant due = obligation.record().get().after(Instant.ofEpochMilli(v.getTimestamp()), calendar);
            if (visits.recordSubmitted(v.getVisitId()).filter(at -> !at.isAfter(due)).isEmpty()) {
                late.add(new LateRecord(v.getVisitId(), due));
            }
        }
        return late;
    }
}
