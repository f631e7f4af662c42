package com.schoolops.sla.obligations;

import com.schoolops.sla.avro.Site;
import com.schoolops.sla.policy.CalendarTimeline;
import com.schoolops.sla.policy.Obligation;
import com.schoolops.sla.policy.Warranty;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The periods of one obligation at one site (SPEC section 9): calendar months, quarters (Jan–Mar …), half-years or
 * years in the calendar's zone, or contract years from the site's acceptance. The first starts at go-live
 * ({@code inServiceAt}, else {@code acceptedAt}) plus {@code startAfter}, mid-period if need be; an IN_WARRANTY
 * obligation's last ends at the warranty's end, an ALWAYS one's never.
 */
public final class Periods {
    private final Obligation obligation;
    private final ZoneId zone;
    private final ZonedDateTime accepted;
    private final Instant first;
    private final Optional<Instant> stop;

    private Periods(Obligation obligation, ZoneId zone, ZonedDateTime accepted, Instant first, Optional<Instant> stop) {
        this.obligation = obligation;
        this.zone = zone;
        this.accepted = accepted;
        this.first = first;
        this.stop = stop;
    }

    /**
     * @param warranty the contract's; required for an IN_WARRANTY obligation (the policies refuse one without)
     * @param calendar the site's calendar: its zone cuts the periods, its working time counts a working startAfter
     */
    public static Periods of(Obligation obligation, Site site, Optional<Warranty> warranty, CalendarTimeline calendar) {
        ZoneId zone = calendar.zone();
        Instant acceptedAt = Instant.ofEpochMilli(site.getAcceptedAt());
        Instant live = site.getInServiceAt() == null ? acceptedAt : Instant.ofEpochMilli(site.getInServiceAt());
        Optional<Instant> stop = obligation.phase() == Obligation.Phase.IN_WARRANTY
                ? Optional.of(warranty.orElseThrow(() -> new IllegalArgumentException(
                        "obligation " + obligation.id() + " runs in warranty and the contract has none")).end(acceptedAt, zone))
                : Optional.empty();
        return new Periods(obligation, zone, acceptedAt.atZone(zone), obligation.startAfter().after(live, calendar), stop);
    }

    /** The first period, none when the warranty ends before it would start. */
    public Optional<ObligationPeriod> first() {
        return containing(first);
    }

    /** The period after {@code period}, none after the last. */
    public Optional<ObligationPeriod> next(ObligationPeriod period) {
        return containing(period.end());
    }

    /** The period {@code at} falls in, none before the first or after the last. */
    public Optional<ObligationPeriod> containing(Instant at) {
        if (at.isBefore(first) || stop.filter(s -> !at.isBefore(s)).isPresent()) {
            return Optional.empty();
        }
        ZonedDateTime nominalStart = nominalStart(at.atZone(zone));
        Instant nominalEnd = nominalStart.plusMonths(obligation.cadence().months).toInstant();
        Instant start = nominalStart.toInstant().isBefore(first) ? first : nominalStart.toInstant();
        Instant end = stop.filter(s -> s.isBefore(nominalEnd)).orElse(nominalEnd);
        return Optional.of(new ObligationPeriod(start, end, nominalStart.toInstant(), LocalDate.ofInstant(start, zone)));
    }

    /** Every period that starts before {@code until}. */
    public List<ObligationPeriod> until(Instant until) {
        List<ObligationPeriod> all = new ArrayList<>();
        for (Optional<ObligationPeriod> p = first(); p.isPresent() && p.get().start().isBefore(until); p = next(p.get())) {
            all.add(p.get());
        }
        return all;
    }

    /** Where the unclipped period holding {@code at} starts: a calendar boundary, or an anniversary of the acceptance. */
    private ZonedDateTime nominalStart(ZonedDateTime at) {
        if (obligation.cadence().calendarAligned()) {
            int months = obligation.cadence().months;
            int month = (at.getMonthValue() - 1) / months * months + 1;
            return LocalDate.of(at.getYear(), month, 1).atStartOfDay(zone);
        }
        // each anniversary from the acceptance itself, so that one accepted on 29 February keeps it in leap years
        long year = at.getYear() - accepted.getYear();
        while (accepted.plusYears(year).isAfter(at)) {
            year--;
        }
        while (!accepted.plusYears(year + 1).isAfter(at)) {
            year++;
        }
        return accepted.plusYears(year);
    }
}
