package com.schoolops.sla.whatif;

import com.schoolops.sla.report.ReportPage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static com.schoolops.sla.report.ReportPage.esc;
import static com.schoolops.sla.report.ReportPage.pct;

/**
 * The comparison as one self-contained HTML page (no script, nothing fetched), in the order a contract manager reads
 * it: the targets met or missed either way, where the breaches move, then each ticket whose verdict changes and why,
 * then the scheduled obligations met either way and each period whose verdict changes and why.
 */
public final class ComparisonPage {
    private static final String MET = "#1a7f37";
    private static final String MISSED = "#c62828";

    private ComparisonPage() {
    }

    public static String render(Comparison c, String inputs, String candidate, Instant generatedAt) {
        StringBuilder html = new StringBuilder(16_384);
        String title = "What if: " + candidate + ", " + c.period().from() + " to " + c.period().to();
        html.append(ReportPage.head(title, "td.n,th.n{text-align:right}"));
        html.append("<h1>").append(esc(title)).append("</h1><div class=\"sub\">The recorded period (").append(esc(inputs))
                .append(") replayed twice: under the contracts as they were, and with the candidate in force from ")
                .append(c.period().from()).append(" (").append(c.period().start()).append("; tickets opened before keep their version). Generated ")
                .append(generatedAt.truncatedTo(ChronoUnit.SECONDS)).append("; nothing was written to a cluster.</div>");

        html.append("<h2>KPIs against their targets</h2><table><tr><th>contract</th><th>KPI</th><th class=\"n\">as it was</th>")
                .append("<th class=\"n\">target</th><th></th><th class=\"n\">with the candidate</th><th class=\"n\">target</th><th></th></tr>");
        for (Comparison.KpiRow r : c.kpis()) {
            html.append("<tr><td>").append(esc(r.contractId())).append("</td><td>").append(esc(ReportPage.label(r.kpi()))).append("</td>")
                    .append("<td class=\"n\">").append(pct(r.current())).append("</td><td class=\"n\">").append(pct(r.currentTarget())).append("</td><td>")
                    .append(badge(r.currentMet())).append("</td><td class=\"n\">").append(pct(r.candidate())).append("</td><td class=\"n\">")
                    .append(pct(r.candidateTarget())).append("</td><td>").append(badge(r.candidateMet())).append("</td></tr>");
        }
        html.append("</table><p class=\"sub\">Device availability does not depend on a contract and is not compared.</p>");

        html.append("<h2>Breaches by clock and severity</h2>");
        if (c.breaches().isEmpty()) {
            html.append("<p>No breach either way.</p>");
        } else {
            html.append("<table><tr><th>contract</th><th>clock</th><th>severity</th><th class=\"n\">as it was</th><th class=\"n\">with the candidate</th></tr>");
            for (Comparison.BreachRow r : c.breaches()) {
                html.append("<tr><td>").append(esc(r.contractId())).append("</td><td>").append(r.clock()).append("</td><td>").append(esc(r.severity()))
                        .append("</td><td class=\"n\">").append(r.current()).append("</td><td class=\"n\">").append(r.candidate()).append("</td></tr>");
            }
            html.append("</table>");
        }

        html.append("<h2>Tickets whose verdict changes (").append(c.changed().size()).append(")</h2>");
        if (c.changed().isEmpty()) {
            html.append("<p>None: every clock is judged the same.</p>");
        } else {
            html.append("<table><tr><th>ticket</th><th>contract</th><th>severity</th><th>clock</th><th>as it was</th><th>with the candidate</th><th>why</th></tr>");
            for (Comparison.TicketRow r : c.changed()) {
                html.append("<tr><td>").append(esc(r.ticketId())).append("</td><td>").append(esc(r.contractId())).append("</td><td>")
                        .append(esc(r.severity())).append("</td><td>").append(r.clock()).append("</td><td>").append(verdict(r.current()))
                        .append("</td><td>").append(verdict(r.candidate())).append("</td><td>").append(esc(r.reason())).append("</td></tr>");
            }
            html.append("</table>");
        }
        obligations(html, c);
        return html.append("</body></html>").toString();
    }

    /** The scheduled obligations (SPEC section 9): Chinese first, as every text for people. */
    private static void obligations(StringBuilder html, Comparison c) {
        html.append("<h2>定期服务：按时完成 / 应完成 · Scheduled obligations: met of due</h2>");
        if (c.obligations().isEmpty()) {
            html.append("<p>本期无到期的定期服务 · No obligation of the compared contracts closes in the period.</p>");
            return;
        }
        html.append("<p class=\"sub\">每个学校每项定期服务在本期内结束的周期 · The periods that end within the what-if period, per site and obligation.</p>")
                .append("<table><tr><th>合同 contract</th><th>学校 site</th><th>定期服务 obligation</th><th class=\"n\">原合同 as it was</th>")
                .append("<th class=\"n\">候选合同 with the candidate</th></tr>");
        for (Comparison.ObligationRow r : c.obligations()) {
            html.append("<tr><td>").append(esc(r.contractId())).append("</td><td>").append(esc(r.siteId())).append("</td><td>").append(esc(r.obligationId()))
                    .append("</td><td class=\"n\">").append(r.currentMet()).append(" / ").append(r.currentDue())
                    .append("</td><td class=\"n\">").append(r.candidateMet()).append(" / ").append(r.candidateDue()).append("</td></tr>");
        }
        html.append("</table>");
        html.append("<h2>结论改变的定期服务 · Occurrences whose verdict changes (").append(c.occurrences().size()).append(")</h2>");
        if (c.occurrences().isEmpty()) {
            html.append("<p>无：每个周期结论相同 · None: every period is judged the same.</p>");
            return;
        }
        html.append("<table><tr><th>学校 site</th><th>合同 contract</th><th>定期服务 obligation</th><th>周期 period</th><th>原合同 as it was</th>")
                .append("<th>候选合同 with the candidate</th><th>原因 why</th></tr>");
        for (Comparison.OccurrenceRow r : c.occurrences()) {
            html.append("<tr><td>").append(esc(r.siteId())).append("</td><td>").append(esc(r.contractId())).append("</td><td>").append(esc(r.obligationId()))
                    .append("</td><td>").append(r.first()).append(" 至 ").append(r.last()).append(" ").append(esc(r.zone().getId()))
                    .append("</td><td>").append(occurrence(r.current())).append("</td><td>").append(occurrence(r.candidate()))
                    .append("</td><td>").append(esc(r.reason())).append("</td></tr>");
        }
        html.append("</table>");
    }

    private static String occurrence(ObligationVerdicts.Verdict v) {
        if (v == null) {
            return "不到期 not due";
        }
        return v == ObligationVerdicts.Verdict.MET ? "<span class=\"badge\" style=\"background:" + MET + "\">完成 met</span>"
                : "<span class=\"badge\" style=\"background:" + MISSED + "\">未完成 missed</span>";
    }

    private static String verdict(Instant breachedAt) {
        return breachedAt == null ? "met" : "<span class=\"badge\" style=\"background:" + MISSED + "\">breached</span> " + breachedAt;
    }

    private static String badge(Boolean met) {
        if (met == null) {
            return "";
        }
        return "<span class=\"badge\" style=\"background:" + (met ? MET : MISSED) + "\">" + (met ? "met" : "missed") + "</span>";
    }
}
