package com.schoolops.sla.whatif;

import com.schoolops.sla.report.ReportPage;
import com.schoolops.sla.text.LocalTimes;
import com.schoolops.sla.text.Texts;
import com.schoolops.sla.text.Texts.Lang;

import java.time.Instant;
import java.time.ZoneId;

import static com.schoolops.sla.report.ReportPage.esc;
import static com.schoolops.sla.report.ReportPage.pct;

/**
 * The comparison as one self-contained HTML page (no script, nothing fetched), in the order a contract manager reads
 * it: the targets met or missed either way, where the breaches move, then each ticket whose verdict changes and why,
 * then the scheduled obligations met either way and each period whose verdict changes and why. In one language, the
 * reader's ({@code i18n/whatif}, Chinese or English); every time is local to {@code zone} and labelled with it.
 */
public final class ComparisonPage {
    private static final String MET = "#1a7f37";
    private static final String MISSED = "#c62828";

    private final Texts t;
    private final ZoneId zone;
    private final StringBuilder html = new StringBuilder(16_384);

    private ComparisonPage(Lang lang, ZoneId zone) {
        this.t = Texts.of("whatif", lang);
        this.zone = zone;
    }

    /**
     * @param inputs    the replay file the period was read from, or null: the cluster's input topics
     * @param candidate the candidate file's name
     * @param zone      the zone of the period's days, in which every time is written
     */
    public static String render(Comparison c, String inputs, String candidate, Instant generatedAt, ZoneId zone, Lang lang) {
        return new ComparisonPage(lang, zone).page(c, inputs, candidate, generatedAt);
    }

    private String page(Comparison c, String inputs, String candidate, Instant generatedAt) {
        String title = t.get("title", candidate, c.period().from().toString(), c.period().to().toString());
        // Only the reasons wrap: ids, badges and times stay on their line.
        html.append(ReportPage.head(title, t.get("lang"), "td.n,th.n{text-align:right}td,th{white-space:nowrap}td.why{white-space:normal;min-width:16em}"));
        html.append("<h1>").append(esc(title)).append("</h1><div class=\"sub\">").append(esc(t.get("intro",
                inputs != null ? inputs : t.get("inputs.cluster"), c.period().from().toString(), local(c.period().start()), local(generatedAt))))
                .append("</div>");
        kpis(c);
        breaches(c);
        tickets(c);
        obligations(c);
        return html.append("</body></html>").toString();
    }

    private void kpis(Comparison c) {
        html.append("<h2>").append(esc(t.get("h.kpis"))).append("</h2><table><tr>").append(th("th.contract")).append(th("th.kpi"))
                .append(thn("th.asItWas")).append(thn("th.target")).append("<th></th>").append(thn("th.withCandidate")).append(thn("th.target"))
                .append("<th></th></tr>");
        for (Comparison.KpiRow r : c.kpis()) {
            html.append("<tr><td>").append(esc(r.contractId())).append("</td><td>").append(esc(t.get("kpi." + r.kpi()))).append("</td>")
                    .append("<td class=\"n\">").append(pct(r.current())).append("</td><td class=\"n\">").append(pct(r.currentTarget())).append("</td><td>")
                    .append(badge(r.currentMet())).append("</td><td class=\"n\">").append(pct(r.candidate())).append("</td><td class=\"n\">")
                    .append(pct(r.candidateTarget())).append("</td><td>").append(badge(r.candidateMet())).append("</td></tr>");
        }
        html.append("</table><p class=\"sub\">").append(esc(t.get("kpis.note"))).append("</p>");
    }

    private void breaches(Comparison c) {
        html.append("<h2>").append(esc(t.get("h.breaches"))).append("</h2>");
        if (c.breaches().isEmpty()) {
            html.append("<p>").append(esc(t.get("breaches.none"))).append("</p>");
            return;
        }
        html.append("<table><tr>").append(th("th.contract")).append(th("th.clock")).append(th("th.severity")).append(thn("th.asItWas"))
                .append(thn("th.withCandidate")).append("</tr>");
        for (Comparison.BreachRow r : c.breaches()) {
            html.append("<tr><td>").append(esc(r.contractId())).append("</td><td>").append(r.clock()).append("</td><td>").append(esc(r.severity()))
                    .append("</td><td class=\"n\">").append(r.current()).append("</td><td class=\"n\">").append(r.candidate()).append("</td></tr>");
        }
        html.append("</table>");
    }

    private void tickets(Comparison c) {
        html.append("<h2>").append(esc(t.get("h.tickets", c.changed().size()))).append("</h2>");
        if (c.changed().isEmpty()) {
            html.append("<p>").append(esc(t.get("tickets.none"))).append("</p>");
            return;
        }
        html.append("<table><tr>").append(th("th.ticket")).append(th("th.contract")).append(th("th.severity")).append(th("th.clock"))
                .append(th("th.asItWas")).append(th("th.withCandidate")).append(th("th.why")).append("</tr>");
        for (Comparison.TicketRow r : c.changed()) {
            html.append("<tr><td>").append(esc(r.ticketId())).append("</td><td>").append(esc(r.contractId())).append("</td><td>")
                    .append(esc(r.severity())).append("</td><td>").append(r.clock()).append("</td><td>").append(verdict(r.current()))
                    .append("</td><td>").append(verdict(r.candidate())).append("</td><td class=\"why\">").append(esc(r.reason().in(t))).append("</td></tr>");
        }
        html.append("</table>");
    }

    /** The scheduled obligations (SPEC section 9). */
    private void obligations(Comparison c) {
        html.append("<h2>").append(esc(t.get("h.obligations"))).append("</h2>");
        if (c.obligations().isEmpty()) {
            html.append("<p>").append(esc(t.get("obligations.none"))).append("</p>");
            return;
        }
        html.append("<p class=\"sub\">").append(esc(t.get("obligations.sub"))).append("</p><table><tr>").append(th("th.contract"))
                .append(th("th.site")).append(th("th.obligation")).append(thn("th.asItWas")).append(thn("th.withCandidate")).append("</tr>");
        for (Comparison.ObligationRow r : c.obligations()) {
            html.append("<tr><td>").append(esc(r.contractId())).append("</td><td>").append(esc(r.siteId())).append("</td><td>").append(esc(r.obligationId()))
                    .append("</td><td class=\"n\">").append(r.currentMet()).append(" / ").append(r.currentDue())
                    .append("</td><td class=\"n\">").append(r.candidateMet()).append(" / ").append(r.candidateDue()).append("</td></tr>");
        }
        html.append("</table><h2>").append(esc(t.get("h.occurrences", c.occurrences().size()))).append("</h2>");
        if (c.occurrences().isEmpty()) {
            html.append("<p>").append(esc(t.get("occurrences.none"))).append("</p>");
            return;
        }
        html.append("<table><tr>").append(th("th.site")).append(th("th.contract")).append(th("th.obligation")).append(th("th.period"))
                .append(th("th.asItWas")).append(th("th.withCandidate")).append(th("th.why")).append("</tr>");
        for (Comparison.OccurrenceRow r : c.occurrences()) {
            html.append("<tr><td>").append(esc(r.siteId())).append("</td><td>").append(esc(r.contractId())).append("</td><td>").append(esc(r.obligationId()))
                    .append("</td><td>").append(esc(t.get("period.days", r.first().toString(), r.last().toString(), r.zone().getId())))
                    .append("</td><td>").append(occurrence(r.current())).append("</td><td>").append(occurrence(r.candidate()))
                    .append("</td><td class=\"why\">").append(esc(r.reason().in(t))).append("</td></tr>");
        }
        html.append("</table>");
    }

    private String occurrence(ObligationVerdicts.Verdict v) {
        if (v == null) {
            return esc(t.get("occurrence.notDue"));
        }
        return v == ObligationVerdicts.Verdict.MET ? badge(MET, t.get("occurrence.met")) : badge(MISSED, t.get("occurrence.missed"));
    }

    /** Met, or breached at a local time. */
    private String verdict(Instant breachedAt) {
        return breachedAt == null ? esc(t.get("verdict.met")) : badge(MISSED, t.get("verdict.breached")) + " " + esc(local(breachedAt));
    }

    private String badge(Boolean met) {
        if (met == null) {
            return "";
        }
        return met ? badge(MET, t.get("verdict.met")) : badge(MISSED, t.get("verdict.missed"));
    }

    private static String badge(String color, String text) {
        return "<span class=\"badge\" style=\"background:" + color + "\">" + esc(text) + "</span>";
    }

    private String local(Instant at) {
        return LocalTimes.format(at, zone);
    }

    private String th(String key) {
        return "<th>" + esc(t.get(key)) + "</th>";
    }

    private String thn(String key) {
        return "<th class=\"n\">" + esc(t.get(key)) + "</th>";
    }
}
