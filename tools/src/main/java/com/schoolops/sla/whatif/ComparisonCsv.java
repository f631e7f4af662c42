package com.schoolops.sla.whatif;

import com.schoolops.sla.text.Texts;

import java.time.Instant;
import java.util.Locale;

/**
 * The comparison as one CSV for a spreadsheet: a row per KPI, per breach count, per changed ticket, per obligation at a
 * site ({@code obligation}: met as {@code current}/{@code candidate} of due as {@code current_target}/{@code candidate_target})
 * and per occurrence whose verdict changes ({@code occurrence}: MET, MISSED or empty for not due), told apart by the
 * first column; every row has the same columns, {@code site} only on the obligations' rows, {@code period} (first and
 * last local day, the zone) only on the occurrences'. A spreadsheet's columns and a script's parsing rely on it: its
 * header and reasons stay English, whatever language the page is in.
 */
public final class ComparisonCsv {
    private static final Texts ENGLISH = Texts.of("whatif", Texts.Lang.EN);
    static final String HEADER = "row,contract,kpi_or_clock,severity,ticket,current,current_target,candidate,candidate_target,reason,site,period\n";

    private ComparisonCsv() {
    }

    public static String render(Comparison c) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (Comparison.KpiRow r : c.kpis()) {
            row(csv, "kpi", r.contractId(), r.kpi(), "", "", num(r.current()), num(r.currentTarget()), num(r.candidate()), num(r.candidateTarget()), "", "", "");
        }
        for (Comparison.BreachRow r : c.breaches()) {
            row(csv, "breaches", r.contractId(), r.clock().name(), r.severity(), "", String.valueOf(r.current()), "", String.valueOf(r.candidate()), "", "", "", "");
        }
        for (Comparison.TicketRow r : c.changed()) {
            row(csv, "ticket", r.contractId(), r.clock().name(), r.severity(), r.ticketId(), verdict(r.current()), "", verdict(r.candidate()), "",
                    r.reason().in(ENGLISH), "", "");
        }
        for (Comparison.ObligationRow r : c.obligations()) {
            row(csv, "obligation", r.contractId(), r.obligationId(), "", "", String.valueOf(r.currentMet()), String.valueOf(r.currentDue()),
                    String.valueOf(r.candidateMet()), String.valueOf(r.candidateDue()), "", r.siteId(), "");
        }
        for (Comparison.OccurrenceRow r : c.occurrences()) {
            row(csv, "occurrence", r.contractId(), r.obligationId(), "", "", r.current() == null ? "" : r.current().name(), "",
                    r.candidate() == null ? "" : r.candidate().name(), "", r.reason().in(ENGLISH), r.siteId(), r.first() + " – " + r.last() + " " + r.zone());
        }
        return csv.toString();
    }

    private static void row(StringBuilder csv, String... cells) {
        for (int i = 0; i < cells.length; i++) {
            String cell = cells[i] == null ? "" : cells[i];
            csv.append(i == 0 ? "" : ",").append(cell.contains(",") || cell.contains("\"") ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell);
        }
        csv.append('\n');
    }

    private static String verdict(Instant breachedAt) {
        return breachedAt == null ? "met" : "breached " + breachedAt;
    }

    private static String num(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.2f", v);
    }
}
