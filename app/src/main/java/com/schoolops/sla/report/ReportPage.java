package com.schoolops.sla.report;

import com.schoolops.sla.avro.SlaKpi;

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
 * so it can be mailed, archived or printed as it is. What an ops manager reads first comes first: each target, met
 * or missed; then the month's days; then what went wrong.
 */
public final class ReportPage {
    private static final String MET = "#1a7f37";
    private static final String MISSED = "#c62828";
    private static final String NONE = "#6b7280";

    private ReportPage() {
    }

    public static String render(ServiceReview r, Hotspots hotspots, ObligationsReview obligations, MajorEventsReview events,
                                java.time.ZoneId zone, Instant generatedAt) {
        StringBuilder html = new StringBuilder(16_384);
        String title = "Service review: " + r.scope().name().toLowerCase(Locale.ROOT) + " " + r.scopeId() + ", " + r.month();
        html.append(head(title, ".cards{display:flex;flex-wrap:wrap;gap:12px;margin-top:16px}"
                + ".card{border:1px solid #ddd;border-radius:8px;padding:10px 14px;min-width:170px}"
                + ".card .v{font-size:24px;font-weight:600}.card .t{font-size:12px;color:#555}"
                + "td,th{text-align:right}th:first-child,td:first-child{text-align:left}.charts{display:flex;flex-wrap:wrap;gap:24px}"
                + "figure{margin:0}figcaption{font-weight:600;margin-bottom:4px}"));
        html.append("<h1>").append(esc(title)).append("</h1><div class=\"sub\">").append(r.days().size()).append(" of ")
                .append(r.month().lengthOfMonth()).append(" days with a KPI record · generated ")
                .append(generatedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                .append(" from the DAILY records of sla-kpis</div>");

        ServiceReview.Month m = r.total();
        html.append("<h2>Targets</h2><div class=\"cards\">");
        for (String field : List.of("responseCompliancePct", "restoreCompliancePct", "repairRatePct", "satisfiedPct", "deviceAvailabilityPct")) {
            card(html, label(field), m.figure(field), r.targets().get(field),
                    base(m, field));
        }
        html.append("</div>");

        html.append("<h2>The month</h2><table><tr><th>figure</th><th>value</th></tr>")
                .append(row("tickets opened", String.valueOf(m.ticketsOpened())))
                .append(row("tickets resolved", String.valueOf(m.ticketsResolved())))
                .append(row("mean time to acknowledge", duration(m.meanTimeToAcknowledgeMs())))
                .append(row("mean time to restore", duration(m.meanTimeToRestoreMs())))
                .append(row("mean satisfaction (1-5)", m.meanSatisfaction() == null ? "–" : String.format(Locale.ROOT, "%.2f of %d ratings",
                        m.meanSatisfaction(), m.ratings())))
                .append("</table>");

        obligations(html, r, obligations);
        majorEvents(html, events, zone);

        List<SlaKpi> calendar = r.calendar();
        html.append("<h2>Day by day</h2><div class=\"charts\">");
        chart(html, "Response and restore compliance (%)", calendar, List.of(
                new Series("response", "#2563eb", SlaKpi::getResponseCompliancePct),
                new Series("restore", "#d97706", SlaKpi::getRestoreCompliancePct)), 100.0,
                r.targets().get("responseCompliancePct"));
        chart(html, "Mean time to restore (hours)", calendar, List.of(
                new Series("MTTR", "#7c3aed", k -> k.getMeanTimeToRestoreMs() == null ? null : k.getMeanTimeToRestoreMs() / 3_600_000.0)),
                null, null);
        chart(html, "Device availability (%)", calendar, List.of(
                new Series("availability", "#059669", SlaKpi::getDeviceAvailabilityPct)), 100.0, r.targets().get("deviceAvailabilityPct"));
        html.append("</div>");

        html.append("<h2>Breaches by clock</h2>");
        if (m.breachesByClock().isEmpty()) {
            html.append("<p>No SLA breach this month.</p>");
        } else {
            html.append("<table><tr><th>clock</th><th>breaches</th></tr>");
            m.breachesByClock().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .forEach(e -> html.append(row(e.getKey(), String.valueOf(e.getValue()))));
            html.append("</table>");
        }

        html.append("<h2>Worst sites</h2>");
        if (hotspots.sites().isEmpty()) {
            html.append("<p>No site had a breach or an outage this month.</p>");
        } else {
            html.append("<table><tr><th>site</th><th>SLA breaches</th><th>site outages</th><th>device outages</th><th>availability</th></tr>");
            for (Hotspots.Site s : hotspots.sites()) {
                html.append("<tr><td>").append(esc(s.siteId())).append("</td><td>").append(s.breaches()).append("</td><td>")
                        .append(s.siteOutages()).append("</td><td>").append(s.deviceOutages()).append("</td><td>")
                        .append(pct(s.availabilityPct())).append("</td></tr>");
            }
            html.append("</table>");
        }
        html.append("<h2>Worst devices</h2>");
        if (hotspots.devices().isEmpty()) {
            html.append("<p>No device had a breach or an outage this month.</p>");
        } else {
            html.append("<table><tr><th>device</th><th>site</th><th>SLA breaches</th><th>outages</th></tr>");
            for (Hotspots.Device d : hotspots.devices()) {
                html.append("<tr><td>").append(esc(d.deviceId())).append("</td><td>").append(esc(d.siteId())).append("</td><td>")
                        .append(d.breaches()).append("</td><td>").append(d.outages()).append("</td></tr>");
            }
            html.append("</table>");
        }

        html.append("<h2>Worst days</h2><table><tr><th>day</th><th>breaches</th><th>response</th><th>restore</th><th>opened</th></tr>");
        List<SlaKpi> worst = new ArrayList<>(r.days());
        worst.sort(Comparator.comparingInt((SlaKpi k) -> k.getBreachesByClock().values().stream().mapToInt(Integer::intValue).sum())
                .reversed().thenComparing(k -> k.getResponseCompliancePct() == null ? 101 : k.getResponseCompliancePct()));
        for (SlaKpi k : worst.subList(0, Math.min(5, worst.size()))) {
            html.append("<tr><td>").append(ServiceReview.localDate(k)).append("</td><td>")
                    .append(k.getBreachesByClock().values().stream().mapToInt(Integer::intValue).sum()).append("</td><td>")
                    .append(pct(k.getResponseCompliancePct())).append("</td><td>").append(pct(k.getRestoreCompliancePct()))
                    .append("</td><td>").append(k.getTicketsOpened()).append("</td></tr>");
        }
        html.append("</table><p class=\"sub\">Definitions: README, KPIs. The month's availability is the days' device-time added up. Worst sites and devices: from the month's escalations on sla-escalations.</p></body></html>\n");
        return html.toString();
    }

    /** The scheduled obligations (SPEC section 9): the month's and the quarter's sums, and the month's missed occurrences; Chinese first. */
    private static void obligations(StringBuilder html, ServiceReview r, ObligationsReview o) {
        html.append("<h2>定期服务 · Scheduled obligations</h2>");
        if (o.quarter().due() == 0) {
            html.append("<p>本季度至今没有到期的定期服务。 · No scheduled obligation has closed this quarter so far.</p>");
            return;
        }
        String quarter = o.quarterFrom().equals(r.month()) ? String.valueOf(r.month()) : o.quarterFrom() + " – " + r.month();
        html.append("<table><tr><th>定期服务 · obligations</th><th>本月 · the month (").append(r.month()).append(")</th><th>本季度至今 · the quarter so far (")
                .append(quarter).append(")</th></tr>")
                .append(row3("到期 · due", o.month().due(), o.quarter().due()))
                .append(row3("已完成 · met", o.month().met(), o.quarter().met()))
                .append(row3("未完成 · missed", o.month().missed(), o.quarter().missed()))
                .append("</table><p class=\"sub\">每个周期在其最后一天结算。 · Each occurrence (site, obligation, period) counts on its period's last day.</p>");
        if (!o.missed().isEmpty()) {
            html.append("<table><tr><th>学校 · site</th><th>定期服务 · obligation</th><th>周期 · period</th></tr>");
            for (ObligationsReview.Missed m : o.missed()) {
                html.append("<tr><td>").append(esc(m.siteId())).append("</td><td>").append(esc(m.obligationId())).append("</td><td>")
                        .append(m.firstDay()).append(" – ").append(m.lastDay()).append("</td></tr>");
            }
            html.append("</table>");
        } else if (o.month().missed() > 0) {
            html.append("<p>读取的升级记录中没有本月未完成的定期服务。 · The escalations read name none of the month's missed occurrences.</p>");
        }
    }

    private static final Map<MajorEventsReview.Precheck, String> PRECHECK = Map.of(
            MajorEventsReview.Precheck.NONE_RAISED, "无提醒 · none raised (on time, or not in the contract)",
            MajorEventsReview.Precheck.AFTER_REMINDER, "提醒后完成 · done after the reminder",
            MajorEventsReview.Precheck.MISSED, "未按时完成 · missed",
            MajorEventsReview.Precheck.NOTICE_SHORT, "通知过晚 · notice too short for it");

    /** The month's major events (SPEC section 10), each with how it was served; local times of {@code zone}, labelled; Chinese first. */
    private static void majorEvents(StringBuilder html, MajorEventsReview review, java.time.ZoneId zone) {
        html.append("<h2>重大活动保障 · Major events</h2>");
        if (review.events().isEmpty()) {
            html.append("<p>读取的升级记录中没有本月的重大活动。 · The escalations read name no major event of the month.</p>");
        } else {
            html.append("<table><tr><th>学校 · site</th><th>活动 · event</th><th>专项巡检 · pre-check</th><th>值守不足 · standby short</th>"
                    + "<th>活动期间故障 · faults in the window</th></tr>");
            for (MajorEventsReview.Event e : review.events()) {
                html.append("<tr><td>").append(esc(e.siteId())).append("</td><td>").append(esc(local(e.start(), zone))).append(" – ")
                        .append(esc(local(e.end(), zone))).append("</td><td>").append(esc(PRECHECK.get(e.precheck()))).append("</td><td>")
                        .append(e.shortfalls().isEmpty() ? "–" : esc(e.shortfalls().size() + "： " + String.join(", ",
                                e.shortfalls().stream().map(at -> local(at, zone)).toList()))).append("</td><td>")
                        .append(e.faultDevices().isEmpty() ? "–" : esc(String.join(", ", e.faultDevices())
                                + (e.clockBreaches() > 0 ? " · 超时 " + e.clockBreaches() + " breach(es) of the device clocks" : "")))
                        .append("</td></tr>");
            }
            html.append("</table>");
        }
        html.append("<p class=\"sub\">只列出有升级记录的活动：准备充分、没有升级的活动不在此列。 · Only the events an escalation names: one served "
                + "without any does not appear.</p>");
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

    private static void card(StringBuilder html, String label, Double value, Double target, String base) {
        String verdict;
        String color;
        if (target == null) {
            verdict = "no target";
            color = NONE;
        } else if (value == null) {
            verdict = "nothing to judge";
            color = NONE;
        } else {
            boolean met = value >= target;
            verdict = met ? "met" : "missed";
            color = met ? MET : MISSED;
        }
        html.append("<div class=\"card\"><div class=\"t\">").append(esc(label)).append("</div><div class=\"v\">").append(pct(value))
                .append("</div><span class=\"badge\" style=\"background:").append(color).append("\">").append(verdict).append("</span>")
                .append("<div class=\"t\">").append(target == null ? "" : "target ≥ " + String.format(Locale.ROOT, "%.0f %%", target))
                .append(base.isEmpty() ? "" : " · " + base).append("</div></div>");
    }

    /** A line chart of the month, one point per day with a record; a dashed line for a target. */
    private static void chart(StringBuilder html, String caption, List<SlaKpi> calendar, List<Series> series, Double max, Double target) {
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
                    html.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"><title>%s day %d: %.1f</title></circle>",
                            left + d * xStep, y.apply(v), s.color(), esc(s.name()), d + 1, v));
                }
            }
            html.append("<polyline fill=\"none\" stroke=\"").append(s.color()).append("\" stroke-width=\"1.5\" points=\"")
                    .append(points.toString().trim()).append("\"/>");
        }
        if (!any) {
            html.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\" fill=\"#888\">no data</text>",
                    w / 2, h / 2));
        }
        html.append("</svg><div class=\"sub\">");
        for (Series s : series) {
            html.append("<span style=\"color:").append(s.color()).append("\">■</span> ").append(esc(s.name())).append(" &nbsp;");
        }
        if (target != null) {
            html.append("<span style=\"color:").append(MISSED).append("\">- -</span> target");
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

    private static String base(ServiceReview.Month m, String field) {
        return switch (field) {
            case "responseCompliancePct" -> m.responseDecided() + " clocks decided";
            case "restoreCompliancePct" -> m.restoreDecided() + " clocks decided";
            case "repairRatePct" -> m.faultsOpened() + " faults reported";
            case "satisfiedPct" -> m.ratings() + " ratings";
            default -> "";
        };
    }

    /** What a KPI field is called on a page. */
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

    static String duration(Double ms) {
        if (ms == null) {
            return "–";
        }
        Duration d = Duration.ofMillis(Math.round(ms));
        return d.toHours() > 0 ? String.format(Locale.ROOT, "%d h %02d min", d.toHours(), d.toMinutesPart())
                : String.format(Locale.ROOT, "%d min", Math.max(0, d.toMinutes()));
    }

    public static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
