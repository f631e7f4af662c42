package com.schoolops.sla.report;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.KpiScope;
import com.schoolops.sla.avro.SlaKpi;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scheduled obligations of a review (SPEC section 9): the occurrences (site, obligation, period) that closed in the
 * month and in its quarter so far, met and missed, added up from the scope's DAILY records (an occurrence counts on its
 * period's last day); and the month's OBLIGATION_MISSED occurrences, from the escalations read.
 *
 * @param quarterFrom the first month of the quarter that holds the month (the quarter's sums run from it to the month)
 * @param missed      the month's missed occurrences, by site, obligation and period
 */
public record ObligationsReview(Counts month, YearMonth quarterFrom, Counts quarter, List<Missed> missed) {

    /** Occurrences closed: due = met + missed. */
    public record Counts(int due, int met, int missed) {
        static Counts of(List<SlaKpi> days) {
            return new Counts(days.stream().mapToInt(SlaKpi::getObligationsDue).sum(), days.stream().mapToInt(SlaKpi::getObligationsMet).sum(),
                    days.stream().mapToInt(SlaKpi::getObligationsMissed).sum());
        }
    }

    /** An occurrence missed: its period from its first to its last day, local dates of the contract's calendar zone. */
    public record Missed(String siteId, String obligationId, LocalDate firstDay, LocalDate lastDay) {
    }

    /**
     * The obligations of {@code scopeId}'s {@code month} among {@code kpis} and {@code escalations} (any records: the others
     * are left out); {@code zone} reads the periods' days. A missed occurrence belongs to the month of its period's last
     * day, as its count does.
     */
    public static ObligationsReview of(List<SlaKpi> kpis, List<Escalation> escalations, KpiScope scope, String scopeId, YearMonth month,
                                       ZoneId zone) {
        YearMonth quarterFrom = month.withMonth(month.getMonthValue() - (month.getMonthValue() - 1) % 3);
        Map<String, Missed> missed = new LinkedHashMap<>(); // by escalation id: a record read twice is one occurrence
        for (Escalation e : escalations) {
            boolean inScope = scope == KpiScope.SITE ? scopeId.equals(e.getSiteId()) : scopeId.equals(e.getContractId());
            if (e.getType() != EscalationType.OBLIGATION_MISSED || !inScope || e.getPeriodStart() == null || e.getPeriodEnd() == null) {
                continue;
            }
            LocalDate lastDay = Instant.ofEpochMilli(e.getPeriodEnd() - 1).atZone(zone).toLocalDate();
            if (YearMonth.from(lastDay).equals(month)) {
                missed.put(e.getEscalationId(), new Missed(e.getSiteId(), e.getObligationId(),
                        Instant.ofEpochMilli(e.getPeriodStart()).atZone(zone).toLocalDate(), lastDay));
            }
        }
        return new ObligationsReview(Counts.of(ServiceReview.days(kpis, scope, scopeId, month, month)), quarterFrom,
                Counts.of(ServiceReview.days(kpis, scope, scopeId, quarterFrom, month)),
                missed.values().stream().sorted(Comparator.comparing(Missed::siteId).thenComparing(Missed::obligationId)
                        .thenComparing(Missed::firstDay)).toList());
    }
}
