package com.schoolops.sla.report;

import com.schoolops.sla.avro.SlaKpi;

import java.util.Locale;

/** The review's figures as CSV: one row per day with a record, then the month's row, for a spreadsheet. */
public final class ReportCsv {
    private static final String HEADER = "day,ticketsOpened,ticketsResolved,responseCompliancePct,restoreCompliancePct,"
            + "meanTimeToAcknowledgeMin,meanTimeToRestoreMin,repairRatePct,meanSatisfaction,satisfiedPct,breaches,deviceAvailabilityPct\n";

    private ReportCsv() {
    }

    public static String render(ServiceReview r) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (SlaKpi d : r.days()) {
            csv.append(ServiceReview.localDate(d)).append(',').append(d.getTicketsOpened()).append(',').append(d.getTicketsResolved())
                    .append(',').append(num(d.getResponseCompliancePct())).append(',').append(num(d.getRestoreCompliancePct()))
                    .append(',').append(minutes(d.getMeanTimeToAcknowledgeMs())).append(',').append(minutes(d.getMeanTimeToRestoreMs()))
                    .append(',').append(num(d.getRepairRatePct())).append(',').append(num(d.getMeanSatisfaction()))
                    .append(',').append(num(d.getSatisfiedPct())).append(',')
                    .append(d.getBreachesByClock().values().stream().mapToInt(Integer::intValue).sum())
                    .append(',').append(num(d.getDeviceAvailabilityPct())).append('\n');
        }
        ServiceReview.Month m = r.total();
        csv.append(r.month()).append(',').append(m.ticketsOpened()).append(',').append(m.ticketsResolved())
                .append(',').append(num(m.responseCompliancePct())).append(',').append(num(m.restoreCompliancePct()))
                .append(',').append(minutes(m.meanTimeToAcknowledgeMs())).append(',').append(minutes(m.meanTimeToRestoreMs()))
                .append(',').append(num(m.repairRatePct())).append(',').append(num(m.meanSatisfaction()))
                .append(',').append(num(m.satisfiedPct())).append(',')
                .append(m.breachesByClock().values().stream().mapToInt(Integer::intValue).sum())
                .append(',').append(num(m.deviceAvailabilityPct())).append('\n');
        return csv.toString();
    }

    private static String num(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String minutes(Number ms) {
        return ms == null ? "" : String.format(Locale.ROOT, "%.1f", ms.doubleValue() / 60_000);
    }
}
