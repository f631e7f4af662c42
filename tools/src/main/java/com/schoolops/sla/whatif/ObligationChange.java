package com.schoolops.sla.whatif;

import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.policy.Hours;
import com.schoolops.sla.policy.Obligation;
import com.schoolops.sla.text.LocalTimes;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Why an occurrence's verdict changes, in the words of the ticket rows ({@code 15m → 8m; acknowledged 10m after}): what
 * differs in the obligation's terms, then which recorded visits count now, or no longer. The texts are i18n/whatif's.
 */
final class ObligationChange {
    private ObligationChange() {
    }

    /** {@code was} or {@code would} is null where the occurrence is not due that way. */
    static Words reason(ObligationVerdicts.Judged was, ObligationVerdicts.Judged would, ObligationVerdicts.Sites sites) {
        if (was == null || would == null) {
            return Words.phrase(was == null ? "reason.notDue.current" : "reason.notDue.candidate");
        }
        List<Words> parts = new ArrayList<>();
        Obligation a = was.obligation();
        Obligation b = would.obligation();
        differs(parts, "reason.term.kind", a, b, Obligation::kind);
        differs(parts, "reason.term.every", a, b, o -> o.cadence() + (o.count() > 1 ? " ×" + o.count() : ""));
        differs(parts, "reason.term.modes", a, b, ObligationChange::modes);
        differs(parts, "reason.term.hours", a, b, ObligationChange::hours);
        List<ServiceVisit> before = was.counted(sites);
        List<ServiceVisit> after = would.counted(sites);
        visits(parts, "reason.countsNow", after, before, would);
        visits(parts, "reason.noLongerCounts", before, after, was);
        return parts.isEmpty() ? Words.phrase("reason.sameTerms") : Words.joined("join.reason", parts);
    }

    /** Text {@code what} with the term as it was and as it would be, where they differ. */
    private static void differs(List<Words> parts, String what, Obligation a, Obligation b, Function<Obligation, Object> term) {
        Object x = term.apply(a);
        Object y = term.apply(b);
        if (!Objects.equals(x, y)) {
            parts.add(Words.phrase(what, x, y));
        }
    }

    /** The visits of {@code these} not among {@code those}: each with its mode and local time. */
    private static void visits(List<Words> parts, String what, List<ServiceVisit> these, List<ServiceVisit> those, ObligationVerdicts.Judged in) {
        Set<String> ids = those.stream().map(ServiceVisit::getVisitId).collect(Collectors.toSet());
        List<Words> list = these.stream().filter(v -> !ids.contains(v.getVisitId()))
                .<Words>map(v -> v.getMode() == null ? Words.phrase("reason.visit.noMode", v.getVisitId(), LocalTimes.format(v.getTimestamp(), in.calendar().zone()))
                        : Words.phrase("reason.visit", v.getVisitId(), v.getMode().name(), LocalTimes.format(v.getTimestamp(), in.calendar().zone())))
                .toList();
        if (!list.isEmpty()) {
            parts.add(Words.phrase(what, Words.joined("join.list", list)));
        }
    }

    /** The modes a visit may be in: any, or all of them, or one of them. */
    private static Object modes(Obligation o) {
        if (o.modes().isEmpty()) {
            return Words.phrase("modes.any");
        }
        return Words.joined(o.allModes() ? "join.and" : "join.or", o.modes().stream().map(Enum::name).sorted().toList());
    }

    private static Object hours(Obligation o) {
        return o.hours().isEmpty() ? Words.phrase("hours.any") : Words.joined("join.list", o.hours().stream().map(Hours::toString).toList());
    }
}
