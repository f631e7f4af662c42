package com.schoolops.sla.report;

import com.schoolops.sla.avro.SlaKpi;

import java.util.Locale;

/**
 * The review's figures as CSV: one row per day with a record, then the month's row, then the quarter's so far (its
 * obligations only: the other figures are the month's review), for a spreadsheet.
 */
public final class ReportCsv {
    private static final String HEADER = "day,ticketsOpened,ticketsResolved,responseCompliancePct,restoreCompliancePct,"
            + "meanTimeToAcknowledgeMin,meanTimeToRestoreMin,repairRatePct,meanSatisfaction,satisfiedPct,breaches,deviceAvailabilityPct,"
            + "obligationsDue,obligationsMet,obligationsMissed\n";

    private ReportCsv() {
    }

    public static String render(ServiceReview r, ObligationsReview o) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (SlaKpi d : r.days()) {
            row(csv, ServiceReview.localDate(d).toString(), d.getTicketsOpened(), d.getTicketsResolved(), d.getResponseCompliancePct(),
                    d.getRestoreCompliancePct(), d.getMeanTimeToAcknowledgeMs(), d.getMeanTimeToRestoreMs(), d.getRepairRatePct(),
                    d.getMeanSatisfaction(), d.getSatisfiedPct(), d.getBreachesByClock(), d.getDeviceAvailabilityPct());
            obligations(csv, new ObligationsReview.Counts(d.getObligationsDue(), d.getObligationsMet(), d.getObligationsMissed()));
        }
        ServiceReview.Month m = r.total();
        row(csv, r.month().toString(), m.ticketsOpened(), m.ticketsResolved(), m.responseCompliancePct(), m.restoreCompliancePct(),
                m.meanTimeToAcknowledgeMs(), m.meanTimeToRestoreMs(), m.repairRatePct(), m.meanSatisfaction(), m.satisfiedPct(),
                m.breachesByClock(), m.deviceAvailabilityPct());
        obligations(csv, o.month());
        // the quarter so far, e.g. 2026-Q1..2026-03: its obligations' sums only
        csv.append(o.quarterFrom().getYear()).append("-Q").append((o.quarterFrom().getMonthValue() + 2) / 3).append("..").append(r.month())
                .append(",".repeat(11));
        obligations(csv, o.quarter());
        return csv.toString();
    }

    private static void obligations(StringBuilder csv, ObligationsReview.Counts c) {
        csv.append(',').append(c.due()).append(',').append(c.met()).append(',').append(c.missed()).append('\n');
    }

    private static void row(StringBuilder csv, String label, int opened, int resolved, Double response, Double restore, Number ackMs,
                            Number restoreMs, Double repair, Double satisfaction, Double satisfied, java.util.Map<String, Integer> breaches,
                            Double availability) {
        csv.append(label).append(',').append(opened).append(',').append(resolved).append(',').append(num(response)).append(',')
                .append(num(restore)).append(',').append(minutes(ackMs)).append(',').append(minutes(restoreMs)).append(',')
                .append(num(repair)).append(',').append(num(satisfaction)).append(',').append(num(satisfied)).append(',')
                .append(breaches.values().stream().mapToInt(Integer::intValue).sum()).append(',').append(num(availability));
    }

    private static String num(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String minutes(Number ms) {
        return ms == null ? "" : String.format(Locale.ROOT, "%.1f", ms.doubleValue() / 60_000);
    }
}
