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
 * differs in the obligation's terms, then which recorded visits count now, or no longer.
 */
final class ObligationChange {
    private ObligationChange() {
    }

    /** {@code was} or {@code would} is null where the occurrence is not due that way. */
    static String reason(ObligationVerdicts.Judged was, ObligationVerdicts.Judged would, ObligationVerdicts.Sites sites) {
        if (was == null || would == null) {
            return "not due " + (was == null ? "as it was" : "with the candidate") + " (the obligation or its periods differ)";
        }
        List<String> parts = new ArrayList<>();
        Obligation a = was.obligation();
        Obligation b = would.obligation();
        differs(parts, "kind", a, b, Obligation::kind);
        differs(parts, "every", a, b, o -> o.cadence() + (o.count() > 1 ? " ×" + o.count() : ""));
        differs(parts, "modes", a, b, ObligationChange::modes);
        differs(parts, "hours", a, b, ObligationChange::hours);
        List<ServiceVisit> before = was.counted(sites);
        List<ServiceVisit> after = would.counted(sites);
        visits(parts, "counts now", after, before, would);
        visits(parts, "no longer counts", before, after, was);
        return parts.isEmpty() ? "the same terms" : String.join("; ", parts);
    }

    private static void differs(List<String> parts, String what, Obligation a, Obligation b, Function<Obligation, Object> term) {
        String x = String.valueOf(term.apply(a));
        String y = String.valueOf(term.apply(b));
        if (!x.equals(y)) {
            parts.add(what + " " + x + " → " + y);
        }
    }

    /** The visits of {@code these} not among {@code those}: each with its mode and local time. */
    private static void visits(List<String> parts, String what, List<ServiceVisit> these, List<ServiceVisit> those, ObligationVerdicts.Judged in) {
        Set<String> ids = those.stream().map(ServiceVisit::getVisitId).collect(Collectors.toSet());
        String list = these.stream().filter(v -> !ids.contains(v.getVisitId()))
                .map(v -> v.getVisitId() + " " + Objects.toString(v.getMode(), "") + " " + LocalTimes.format(v.getTimestamp(), in.calendar().zone()))
                .map(s -> s.replace("  ", " ")).collect(Collectors.joining(", "));
        if (!list.isEmpty()) {
            parts.add(what + ": " + list);
        }
    }

    private static String modes(Obligation o) {
        if (o.modes().isEmpty()) {
            return "any";
        }
        return o.modes().stream().map(Enum::name).sorted().collect(Collectors.joining(o.allModes() ? " and " : " or "));
    }

    private static String hours(Obligation o) {
        return o.hours().isEmpty() ? "any time" : o.hours().stream().map(Hours::toString).collect(Collectors.joining(", "));
    }
}
