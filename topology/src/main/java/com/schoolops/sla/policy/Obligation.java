package com.schoolops.sla.policy;

import com.schoolops.sla.avro.VisitKind;
import com.schoolops.sla.avro.VisitMode;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Work a contract promises that no fault starts (SPEC section 9): an inspection every quarter, four maintenance visits
 * a contract year, a phone and an on-site return visit each quarter within set hours. Each period of it at a site is
 * one occurrence, met by enough COMPLETED visits of its {@code kind}.
 *
 * @param id         unique within the contract; part of every occurrence id
 * @param cadence    the periods; {@link Cadence#CONTRACT_YEAR} for {@code count + per}
 * @param count      visits a period needs (1 for {@code every})
 * @param modes      the modes that count (empty: any)
 * @param allModes   every one of {@code modes} is needed (a phone and an on-site visit), else any one
 * @param hours      on the calendar's working days, the times of day a visit counts in (empty: any time)
 * @param startAfter the first period starts this long after the site's go-live
 * @param phase      whether the periods stop at the warranty's end
 * @param record     a RECORD_SUBMITTED is due this long after each COMPLETED visit
 * @param dueSoon    OBLIGATION_DUE_SOON this long before a period's end
 */
public record Obligation(String id, VisitKind kind, Cadence cadence, int count, Set<VisitMode> modes, boolean allModes,
                         List<Hours> hours, Span startAfter, Phase phase, Optional<Span> record, Span dueSoon) {

    /** The dueSoon of an obligation that sets none. */
    public static final String DEFAULT_DUE_SOON = "10d working";

    public enum Phase {
        /** periods end at the warranty's end */
        IN_WARRANTY,
        /** periods run on after the warranty (质保期满后仍定期回访) */
        ALWAYS
    }

    public Obligation {
        modes = Set.copyOf(modes);
        hours = List.copyOf(hours);
    }

    /** Whether a visit made in {@code mode} may count (a mode of {@code modes}, or any where none is set). */
    public boolean counts(VisitMode mode) {
        return modes.isEmpty() || (mode != null && modes.contains(mode));
    }
}
