package com.schoolops.sla.obligations;

import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.VisitKind;
import com.schoolops.sla.avro.VisitType;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A site's service visits as the judging reads them: a CANCELLED withdraws every step of its visit, whatever order
 * they came in; a visit completed twice counts once (its first COMPLETED).
 */
public final class Visits {
    private final List<ServiceVisit> steps;
    private final Set<String> withdrawn;

    private Visits(List<ServiceVisit> steps) {
        this.steps = steps.stream().sorted(Comparator.comparingLong(ServiceVisit::getTimestamp)).toList();
        this.withdrawn = steps.stream().filter(v -> v.getType() == VisitType.CANCELLED).map(ServiceVisit::getVisitId)
                .collect(Collectors.toUnmodifiableSet());
    }

    public static Visits of(List<ServiceVisit> steps) {
        return new Visits(steps);
    }

    /** The visits of {@code kind} COMPLETED and not withdrawn, one step each, oldest first. */
    public List<ServiceVisit> completed(VisitKind kind) {
        Map<String, ServiceVisit> first = new LinkedHashMap<>();
        live(kind, VisitType.COMPLETED).forEach(v -> first.putIfAbsent(v.getVisitId(), v));
        return List.copyOf(first.values());
    }

    /** The steps of {@code kind} and {@code type} whose visit was not withdrawn, oldest first. */
    public List<ServiceVisit> live(VisitKind kind, VisitType type) {
        return steps.stream().filter(v -> v.getKind() == kind && v.getType() == type && !withdrawn.contains(v.getVisitId())).toList();
    }

    /** When the written record of a visit was first handed in. */
    public Optional<Instant> recordSubmitted(String visitId) {
        return steps.stream().filter(v -> v.getType() == VisitType.RECORD_SUBMITTED && v.getVisitId().equals(visitId))
                .findFirst().map(v -> Instant.ofEpochMilli(v.getTimestamp()));
    }

    /** Whether a visit serves an obligation: it names it, or it names none (then it serves every obligation of its kind). */
    public static boolean serves(ServiceVisit visit, String obligationId) {
        return visit.getObligationIds() == null || visit.getObligationIds().contains(obligationId);
    }
}
