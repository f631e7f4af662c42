package com.schoolops.sla.report;

import com.schoolops.sla.avro.SlaKpi;
import com.schoolops.sla.text.Texts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The monthly service review as one self-contained HTML page: no script, no link to fetch, charts drawn as inline SVG,
 * so it can be mailed, archived or printed as it is; every text from {@code i18n/review} in the reader's language. What an ops manager reads first comes first: each target, met
 * or missed; then the month's days; then what went wrong.
 */
public final class ReportPage {
    private static final String MET = "#1a7f37";
    private static final String MISSED = "#c62828";
    private static final String NONE = "#6b7280";

    private ReportPage() {
    }

    /** The review in the reader's language ({@code i18n/review}); times local to {@code zone}, labelled with it. */
    public static String render(ServiceReview r, Hotspots hotspots, ObligationsReview obligations, MajorEventsReview events,
                                java.time.ZoneId zone, Instant generatedAt, Texts t) {
        StringBuilder html = new StringBuilder(16_384);
        String title = t.get("title." + r.scope().name(), r.scopeId(), String.valueOf(r.month()));
        html.append(head(title, t.get("lang"), ".cards{display:flex;flex-wrap:wrap;gap:12px;margin-top:16px}"
                + ".card{border:1px solid #ddd;border-radius:8px;padding:10px 14px;min-width:170px}"
                + ".card .v{font-size:24px;font-weight:600}.card .t{font-size:12px;color:#555}"
                + "td,th{text-align:right}th:first-child,td:first-child{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:24px}"
                + "figure{margin:0}figcaption{font-weight:600;margin-bottom:4px}"));
        html.append("<h1>").append(esc(title)).append("</h1><div class=\"sub\">").append(esc(t.get("sub", String.valueOf(r.days().size()),
                String.valueOf(r.month().lengthOfMonth()), local(generatedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), zone))))
                .append("</div>");

        ServiceReview.Month m = r.total();
        html.append("<h2>").append(esc(t.get("h.targets"))).append("</h2><div class=\"cards\">");
        for (String field : List.of("responseCompliancePct", "restoreCompliancePct", "repairRatePct", "satisfiedPct", "deviceAvailabilityPct")) {
            card(html, t, t.get("kpi." + field), m.figure(field), r.targets().get(field), base(t, m, field));
        }
        html.append("</div>");

        html.append("<h2>").append(esc(t.get("h.month"))).append("</h2><table><tr><th>").append(esc(t.get("col.figure"))).append("</th><th>")
                .append(esc(t.get("col.value"))).append("</th></tr>")
                .append(row(t.get("month.opened"), String.valueOf(m.ticketsOpened())))
                .append(row(t.get("month.resolved"), String.valueOf(m.ticketsResolved())))
                .append(row(t.get("month.ack"), duration(t, m.meanTimeToAcknowledgeMs())))
                .append(row(t.get("month.restore"), duration(t, m.meanTimeToRestoreMs())))
                .append(row(t.get("month.satisfaction"), m.meanSatisfaction() == null ? t.get("none")
                        : t.get("month.satisfactionValue", String.format(Locale.ROOT, "%.2f", m.meanSatisfaction()), String.valueOf(m.ratings()))))
                .append("</table>");

        obligations(html, t, r, obligations);
        majorEvents(html, t, events, zone);

        List<SlaKpi> calendar = r.calendar();
        html.append("<h2>").append(esc(t.get("h.days"))).append("</h2><div class=\"charts\">");
        chart(html, t, t.get("chart.compliance"), calendar, List.of(
                new Series(t.get("series.response"), "#2563eb", SlaKpi::getResponseCompliancePct),
                new Series(t.get("series.restore"), "#d97706", SlaKpi::getRestoreCompliancePct)), 100.0,
                r.targets().get("responseCompliancePct"));
        chart(html, t, t.get("chart.mttr"), calendar, List.of(
                new Series(t.get("series.mttr"), "#7c3aed", k -> k.getMeanTimeToRestoreMs() == null ? null : k.getMeanTimeToRestoreMs() / 3_600_000.0)),
                null, null);
        chart(html, t, t.get("chart.availability"), calendar, List.of(
                new Series(t.get("series.availability"), "#059669", SlaKpi::getDeviceAvailabilityPct)), 100.0, r.targets().get("deviceAvailabilityPct"));
        html.append("</div>");

        html.append("<h2>").append(esc(t.get("h.breaches"))).append("</h2>");
        if (m.breachesByClock().isEmpty()) {
            html.append("<p>").append(esc(t.get("none.breaches"))).append("</p>");
        } else {
            html.append("<table>").append(heads(t, "col.clock", "col.breaches"));
            m.breachesByClock().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .forEach(e -> html.append(row(e.getKey(), String.valueOf(e.getValue()))));
            html.append("</table>");
        }

        html.append("<h2>").append(esc(t.get("h.sites"))).append("</h2>");
        if (hotspots.sites().isEmpty()) {
            html.append("<p>").append(esc(t.get("none.sites"))).append("</p>");
        } else {
            html.append("<table>").append(heads(t, "col.site", "col.slaBreaches", "col.siteOutages", "col.deviceOutages", "col.availability"));
            for (Hotspots.Site s : hotspots.sites()) {
                html.append("<tr><td>").append(esc(s.siteId())).append("</td><td>").append(s.breaches()).append("</td><td>")
                        .append(s.siteOutages()).append("</td><td>").append(s.deviceOutages()).append("</td><td>")
                        .append(pct(s.availabilityPct())).append("</td></tr>");
            }
            html.append("</table>");
        }
        html.append("<h2>").append(esc(t.get("h.devices"))).append("</h2>");
        if (hotspots.devices().isEmpty()) {
            html.append("<p>").append(esc(t.get("none.devices"))).append("</p>");
        } else {
            html.append("<table>").append(heads(t, "col.device", "col.site", "col.slaBreaches", "col.outages"));
            for (Hotspots.Device d : hotspots.devices()) {
                html.append("<tr><td>").append(esc(d.deviceId())).append("</td><td>").append(esc(d.siteId())).append("</td><td>")
                        .append(d.breaches()).append("</td><td>").append(d.outages()).append("</td></tr>");
            }
            html.append("</table>");
        }

        html.append("<h2>").append(esc(t.get("h.worstDays"))).append("</h2><table>")
                .append(heads(t, "col.day", "col.breaches", "col.response", "col.restore", "col.opened"));
        List<SlaKpi> worst = new ArrayList<>(r.days());
        worst.sort(Comparator.comparingInt((SlaKpi k) -> k.getBreachesByClock().values().stream().mapToInt(Integer::intValue).sum())
                .reversed().thenComparing(k -> k.getResponseCompliancePct() == null ? 101 : k.getResponseCompliancePct()));
        for (SlaKpi k : worst.subList(0, Math.min(5, worst.size()))) {
            html.append("<tr><td>").append(ServiceReview.localDate(k)).append("</td><td>")
                    .append(k.getBreachesByClock().values().stream().mapToInt(Integer::intValue).sum()).append("</td><td>")
                    .append(pct(k.getResponseCompliancePct())).append("</td><td>").append(pct(k.getRestoreCompliancePct()))
                    .append("</td><td>").append(k.getTicketsOpened()).append("</td></tr>");
        }
        html.append("</table><p class=\"sub\">").append(esc(t.get("footnote"))).append("</p></body></html>\n");
        return html.toString();
    }

    private static String heads(Texts t, String... keys) {
        StringBuilder tr = new StringBuilder("<tr>");
        for (String k : keys) {
            tr.append("<th>").append(esc(t.get(k))).append("</th>");
        }
        return tr.append("</tr>").toString();
    }

    /** The scheduled obligations (SPEC section 9): the month's and the quarter's sums, and the month's missed occurrences. */
    private static void obligations(StringBuilder html, Texts t, ServiceReview r, ObligationsReview o) {
        html.append("<h2>").append(esc(t.get("h.obligations"))).append("</h2>");
        if (o.quarter().due() == 0) {
            html.append("<p>").append(esc(t.get("obl.none"))).append("</p>");
            return;
        }
        String quarter = o.quarterFrom().equals(r.month()) ? String.valueOf(r.month()) : o.quarterFrom() + " – " + r.month();
        html.append("<table><tr><th>").append(esc(t.get("obl.col"))).append("</th><th>").append(esc(t.get("obl.month", String.valueOf(r.month()))))
                .append("</th><th>").append(esc(t.get("obl.quarter", quarter))).append("</th></tr>")
                .append(row3(t.get("obl.due"), o.month().due(), o.quarter().due()))
                .append(row3(t.get("obl.met"), o.month().met(), o.quarter().met()))
                .append(row3(t.get("obl.missed"), o.month().missed(), o.quarter().missed()))
                .append("</table><p class=\"sub\">").append(esc(t.get("obl.note"))).append("</p>");
        if (!o.missed().isEmpty()) {
            html.append("<table>").append(heads(t, "col.site", "obl.col", "obl.period"));
            for (ObligationsReview.Missed m : o.missed()) {
                html.append("<tr><td>").append(esc(m.siteId())).append("</td><td>").append(esc(m.obligationId())).append("</td><td>")
                        .append(m.firstDay()).append(" – ").append(m.lastDay()).append("</td></tr>");
            }
            html.append("</table>");
        } else if (o.month().missed() > 0) {
            html.append("<p>").append(esc(t.get("obl.noneNamed"))).append("</p>");
        }
    }

    /** The month's major events (SPEC section 10), each with how it was served; local times of {@code zone}, labelled. */
    private static void majorEvents(StringBuilder html, Texts t, MajorEventsReview review, java.time.ZoneId zone) {
        html.append("<h2>").append(esc(t.get("h.events"))).append("</h2>");
        if (review.events().isEmpty()) {
            html.append("<p>").append(esc(t.get("ev.none"))).append("</p>");
        } else {
            html.append("<table>").append(heads(t, "col.site", "ev.event", "ev.precheck", "ev.standby", "ev.faults"));
            for (MajorEventsReview.Event e : review.events()) {
                html.append("<tr><td>").append(esc(e.siteId())).append("</td><td>").append(esc(local(e.start(), zone))).append(" – ")
                        .append(esc(local(e.end(), zone))).append("</td><td>").append(esc(t.get("precheck." + e.precheck()))).append("</td><td>")
                        .append(e.shortfalls().isEmpty() ? t.get("none") : esc(t.get("ev.shortfalls", String.valueOf(e.shortfalls().size()),
                                String.join(", ", e.shortfalls().stream().map(at -> local(at, zone)).toList())))).append("</td><td>")
                        .append(e.faultDevices().isEmpty() ? t.get("none") : esc(String.join(", ", e.faultDevices())
                                + (e.clockBreaches() > 0 ? t.get("ev.clockBreaches", String.valueOf(e.clockBreaches())) : "")))
                        .append("</td></tr>");
            }
            html.append("</table>");
        }
        html.append("<p class=\"sub\">").append(esc(t.get("ev.note"))).append("</p>");
    }

    /** A local time to the second, with its zone (as the console and the messages write it). */
    private static String local(Instant at, java.time.ZoneId zone) {
        return com.schoolops.sla.text.LocalTimes.format(at, zone);
    }

    private static String row3(String name, int month, int quarter) {
        return "<tr><td>" + esc(name) + "</td><td>" + month + "</td><td>" + quarter + "</td></tr>";
    }

    private record Series(String name, String color, Function<SlaKpi, Double> value) {
    }

    private static void card(StringBuilder html, Texts t, String label, Double value, Double target, String base) {
        String verdict;
        String color;
        if (target == null) {
            verdict = t.get("card.noTarget");
            color = NONE;
        } else if (value == null) {
            verdict = t.get("card.nothing");
            color = NONE;
        } else {
            boolean met = value >= target;
            verdict = t.get(met ? "card.met" : "card.missed");
            color = met ? MET : MISSED;
        }
        html.append("<div class=\"card\"><div class=\"t\">").append(esc(label)).append("</div><div class=\"v\">").append(pct(value))
                .append("</div><span class=\"badge\" style=\"background:").append(color).append("\">").append(esc(verdict)).append("</span>")
                .append("<div class=\"t\">").append(target == null ? "" : esc(t.get("card.target", String.format(Locale.ROOT, "%.0f", target))))
                .append(base.isEmpty() ? "" : " · " + esc(base)).append("</div></div>");
    }

    /** A line chart of the month, one point per day with a record; a dashed line for a target. */
    private static void chart(StringBuilder html, Texts t, String caption, List<SlaKpi> calendar, List<Series> series, Double max, Double target) {
        int w = 500, h = 190, left = 36, bottom = 22, top = 10;
        double highest = series.stream().flatMap(s -> calendar.stream().filter(k -> k != null).map(s.value()))
                .filter(v -> v != null).mapToDouble(Double::doubleValue).max().orElse(1.0);
        double yMax = max != null ? max : 4 * niceStep(highest / 4);
        double xStep = (w - left - 10) / (double) Math.max(1, calendar.size() - 1);
        Function<Double, Double> y = v -> top + (h - top - bottom) * (1 - v / yMax);
        html.append("<figure><figcaption>").append(esc(caption)).append("</figcaption><svg width=\"").append(w).append("\" height=\"")
                .append(h).append("\" role=\"img\" aria-label=\"").append(esc(caption)).append("\">");
        for (int i = 0; i <= 4; i++) {
            double v = yMax * i / 4;
            html.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\" fill=\"#666\">%s</text>",
                    left, w - 10, y.apply(v), y.apply(v), left - 4, y.apply(v) + 3, v >= 10 ? String.format(Locale.ROOT, "%.0f", v)
                            : String.format(Locale.ROOT, "%.1f", v)));
        }
        for (int d = 0; d < calendar.size(); d += 5) {
            html.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\" fill=\"#666\">%d</text>",
                    left + d * xStep, h - 6, d + 1));
        }
        if (target != null) {
            html.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-dasharray=\"4 3\"/>",
                    left, w - 10, y.apply(target), y.apply(target), MISSED));
        }
        boolean any = false;
        for (Series s : series) {
            StringBuilder points = new StringBuilder();
            for (int d = 0; d < calendar.size(); d++) {
                Double v = calendar.get(d) == null ? null : s.value().apply(calendar.get(d));
                if (v != null) {
                    any = true;
                    points.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + d * xStep, y.apply(v)));
                    html.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"><title>%s</title></circle>",
                            left + d * xStep, y.apply(v), s.color(), esc(t.get("chart.point", s.name(), String.valueOf(d + 1),
                                    String.format(Locale.ROOT, "%.1f", v)))));
                }
            }
            html.append("<polyline fill=\"none\" stroke=\"").append(s.color()).append("\" stroke-width=\"1.5\" points=\"")
                    .append(points.toString().trim()).append("\"/>");
        }
        if (!any) {
            html.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\" fill=\"#888\">%s</text>",
                    w / 2, h / 2, esc(t.get("chart.noData"))));
        }
        html.append("</svg><div class=\"sub\">");
        for (Series s : series) {
            html.append("<span style=\"color:").append(s.color()).append("\">■</span> ").append(esc(s.name())).append(" &nbsp;");
        }
        if (target != null) {
            html.append("<span style=\"color:").append(MISSED).append("\">- -</span> ").append(esc(t.get("chart.target")));
        }
        html.append("</div></figure>");
    }

    /** The smallest of 1, 2 or 5 times a power of ten that is at least {@code raw}: axis steps a reader can count in. */
    static double niceStep(double raw) {
        if (raw <= 0) {
            return 0.25;
        }
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[]{1, 2, 2.5, 5, 10}) {
            if (m * power >= raw) {
                return m * power;
            }
        }
        return 10 * power;
    }

    /** The head of a self-contained page of this product (a review, a what-if): its title and the shared style, then the page's own. */
    public static String head(String title, String style) {
        return head(title, "en", style);
    }

    /** The same head, for a page in language {@code lang} (zh-CN, en); CJK fonts where the system has them. */
    public static String head(String title, String lang, String style) {
        return "<!doctype html><html lang=\"" + lang + "\"><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title><style>"
                + "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI','Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif;margin:24px 32px;color:#111;max-width:1100px}"
                + "h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}"
                + ".sub{color:#555}.badge{display:inline-block;border-radius:10px;padding:1px 8px;color:#fff;font-size:12px;font-weight:600}"
                + "table{border-collapse:collapse;margin-top:6px}td,th{border-bottom:1px solid #eee;padding:4px 10px;text-align:left}"
                + style + "</style></head><body>";
    }

    private static String base(Texts t, ServiceReview.Month m, String field) {
        return switch (field) {
            case "responseCompliancePct" -> t.get("base.clocks", String.valueOf(m.responseDecided()));
            case "restoreCompliancePct" -> t.get("base.clocks", String.valueOf(m.restoreDecided()));
            case "repairRatePct" -> t.get("base.faults", String.valueOf(m.faultsOpened()));
            case "satisfiedPct" -> t.get("base.ratings", String.valueOf(m.ratings()));
            default -> "";
        };
    }

    /** What a KPI field is called on an English page (what-if's comparison; the review's are {@code kpi.<field>} of i18n/review). */
    public static String label(String field) {
        return switch (field) {
            case "responseCompliancePct" -> "Response in time";
            case "restoreCompliancePct" -> "Restore in time";
            case "repairRatePct" -> "Repair rate";
            case "satisfiedPct" -> "Satisfied (4-5 of 5)";
            case "deviceAvailabilityPct" -> "Device availability";
            default -> field;
        };
    }

    private static String row(String name, String value) {
        return "<tr><td>" + esc(name) + "</td><td>" + esc(value) + "</td></tr>";
    }

    public static String pct(Double v) {
        return v == null ? "–" : String.format(Locale.ROOT, "%.1f %%", v);
    }

    static String duration(Texts t, Double ms) {
        if (ms == null) {
            return t.get("none");
        }
        Duration d = Duration.ofMillis(Math.round(ms));
        return d.toHours() > 0 ? t.get("duration.hm", String.valueOf(d.toHours()), String.format(Locale.ROOT, "%02d", d.toMinutesPart()))
                : t.get("duration.m", String.valueOf(Math.max(0, d.toMinutes())));
    }

    public static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
