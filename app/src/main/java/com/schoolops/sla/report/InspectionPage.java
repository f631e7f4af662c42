package com.schoolops.sla.report;

import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.FirmwareChange;
import com.schoolops.sla.text.LocalTimes;
import com.schoolops.sla.text.Texts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static com.schoolops.sla.report.ReportPage.esc;

/**
 * The inspection record as one self-contained HTML page made to be printed on A4 and signed (巡检报告 / 巡检记录表): no
 * script, nothing to fetch. Each section after the summary starts a new page, a table row never splits across pages
 * and a table's head repeats on each. Every text is from {@code i18n/inspection} in the reader's language; times are
 * local to the record's zone, labelled with it.
 */
public final class InspectionPage {
    static final String STYLE = "@page{size:A4;margin:14mm 12mm 16mm 12mm}"
            + "*{box-sizing:border-box}"
            + "body{font:10pt/1.45 'Noto Sans CJK SC','Noto Sans SC','Noto Sans',system-ui,sans-serif;color:#111;margin:0 auto;max-width:186mm}"
            + "html[lang=en] body{font-family:'Liberation Sans',Arial,'DejaVu Sans','Noto Sans CJK SC',sans-serif}" // Latin quotes, not full-width ones
            + "@media screen{body{margin:24px auto;padding:0 12px}}"
            + "header.doc{border-bottom:2px solid #111;padding-bottom:6px;margin-bottom:10px}"
            + "h1{font-size:17pt;margin:0 0 2px}h2{font-size:12.5pt;margin:14px 0 6px;border-bottom:1px solid #999;padding-bottom:2px}"
            + "h3{font-size:10.5pt;margin:10px 0 4px}.cap{color:#444;font-size:9pt}"
            + "table{border-collapse:collapse;width:100%;margin:4px 0 8px}"
            + "th,td{border:1px solid #bbb;padding:3px 5px;text-align:left;vertical-align:top}th{background:#f0f0f0;font-weight:600}"
            + "td.n,th.n{text-align:right;white-space:nowrap}table.kv th{width:30%}"
            + "thead{display:table-header-group}tr{break-inside:avoid;page-break-inside:avoid}"
            + "section{break-before:page;page-break-before:always}section.first{break-before:auto;page-break-before:auto}"
            + "h2,h3{break-after:avoid;page-break-after:avoid}"
            + ".devices{font-size:8.5pt}.devices td,.devices th{padding:2px 4px}.devices th{white-space:normal}"
            + ".devices th.n,.devices td.n{white-space:normal}.devices col.id{width:19%}.devices col.type{width:12%}"
            + ".met{color:#1a7f37;font-weight:600}.missed{color:#c62828;font-weight:600}"
            + "ul.advice li{margin:3px 0;break-inside:avoid}"
            + ".box{display:inline-block;width:11px;height:11px;border:1px solid #111;margin:0 4px 0 14px;vertical-align:-1px}"
            + ".blank{border:1px solid #999;height:30mm;margin:4px 0 8px}"
            + "table.sign td{height:14mm;width:25%}table.sign th{width:25%}"
            + ".run{font-size:9pt;color:#444;border-bottom:1px solid #111;padding-bottom:3px;margin-bottom:6px}"
            + ".notes{font-size:8pt;color:#333;border-top:1px solid #999;margin-top:10px;padding-top:4px;break-inside:avoid}"
            + ".notes p{margin:2px 0}";

    private InspectionPage() {
    }

    public static String render(InspectionRecord r, Texts t, Instant generatedAt) {
        StringBuilder html = new StringBuilder(32_768);
        String school = r.siteName() != null ? r.siteName() : r.siteId();
        String title = t.get(r.period().isQuarter() ? "title" : "title.month", school);
        html.append("<!doctype html><html lang=\"").append(t.get("lang")).append("\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(title + " · " + r.period().label())).append("</title><style>").append(STYLE).append("</style></head><body>");

        html.append("<section class=\"first\">");
        header(html, r, t, title, generatedAt);
        summary(html, r, t);
        html.append("</section><section>");
        runningHeader(html, r, t, title);
        devices(html, r, t);
        html.append("</section><section>");
        runningHeader(html, r, t, title);
        firmware(html, r, t);
        html.append("</section><section>");
        runningHeader(html, r, t, title);
        advice(html, r, t);
        checks(html, t);
        notes(html, t);
        html.append("</section></body></html>\n");
        return html.toString();
    }

    /** The record's head: the school, its site and contract, the period, the zone and when the record was made. */
    private static void header(StringBuilder html, InspectionRecord r, Texts t, String title, Instant generatedAt) {
        html.append("<header class=\"doc\"><h1>").append(esc(title)).append("</h1><div class=\"cap\">").append(esc(t.get("doc.caption")))
                .append("</div></header><table class=\"kv\">")
                .append(kv(t.get("header.school"), r.siteName() != null ? r.siteName() : t.get("header.noName")))
                .append(kv(t.get("header.site"), r.siteId() + (r.contractId() == null ? "" : " · " + t.get("header.contract") + " " + r.contractId())))
                .append(kv(t.get("header.period"), t.get("period.range", r.period().label(), r.period().firstDay().toString(),
                        r.period().lastDay().toString())))
                .append(kv(t.get("header.zone"), r.zone().getId() + " · " + t.get("header.generated") + " " + LocalTimes.format(
                        generatedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), r.zone())))
                .append("</table>");
    }

    /** The line that heads each following section: a page read alone still says whose it is, for when and in which zone. */
    private static void runningHeader(StringBuilder html, InspectionRecord r, Texts t, String title) {
        html.append("<div class=\"run\">").append(esc(title)).append(" · ").append(esc(t.get("period.range", r.period().label(),
                r.period().firstDay().toString(), r.period().lastDay().toString()))).append(" · ").append(esc(r.zone().getId())).append("</div>");
    }

    private static void summary(StringBuilder html, InspectionRecord r, Texts t) {
        html.append("<h2>").append(esc(t.get("section.summary"))).append("</h2><table class=\"kv\">");
        Map<DeviceType, Long> byType = new TreeMap<>(r.devices().stream().collect(Collectors.groupingBy(DeviceInspection::type, Collectors.counting())));
        String types = byType.entrySet().stream().map(e -> t.get("summary.typeCount", type(t, e.getKey()), String.valueOf(e.getValue())))
                .collect(Collectors.joining(t.lang() == Texts.Lang.ZH ? "，" : ", "));
        html.append(kv(t.get("summary.devices"), t.get("summary.devicesValue", String.valueOf(r.devices().size()), types)))
                .append(kv(t.get("summary.neverHeard"), r.neverHeard().isEmpty() ? t.get("summary.neverHeardNone") : String.join(", ", r.neverHeard())))
                .append(kv(t.get("summary.tickets"), t.get("summary.ticketsValue", String.valueOf(r.tickets()))))
                .append("</table>");

        InspectionRecord.Network n = r.network();
        html.append("<h3>").append(esc(t.get("network.title"))).append("</h3><table class=\"kv\">")
                .append(kv(t.get("network.switches"), n.switches() == 0 ? t.get("network.none") : t.get("network.switchesValue",
                        String.valueOf(n.switches()), pct(t, n.switchAvailabilityPct()), String.valueOf(n.switchOutages()),
                        duration(t, n.switchOutageSeconds()))))
                .append(kv(t.get("network.switchLoss"), loss(t, n.switchLoss(), n.switchLossP95())))
                .append(kv(t.get("network.siteLoss"), loss(t, n.siteLoss(), n.siteLossP95())))
                .append("</table>");

        html.append("<h3>").append(esc(t.get("sla.title"))).append("</h3>");
        if (r.targets().isEmpty()) {
            html.append("<p>").append(esc(t.get("sla.noTargets"))).append("</p>");
        } else {
            html.append("<table><thead><tr><th>").append(esc(t.get("sla.target"))).append("</th><th class=\"n\">").append(esc(t.get("sla.figure")))
                    .append("</th><th class=\"n\">").append(esc(t.get("sla.goal"))).append("</th><th>").append(esc(t.get("sla.verdict")))
                    .append("</th></tr></thead><tbody>");
            for (InspectionRecord.TargetCheck c : r.targets()) {
                Boolean met = c.met();
                html.append("<tr><td>").append(esc(t.get("kpi." + c.field()))).append("</td><td class=\"n\">").append(pct(t, c.figure()))
                        .append("</td><td class=\"n\">≥ ").append(String.format(Locale.ROOT, "%.0f%%", c.target())).append("</td><td")
                        .append(met == null ? ">" + esc(t.get("sla.nothing")) : met ? " class=\"met\">" + esc(t.get("sla.met"))
                                : " class=\"missed\">" + esc(t.get("sla.missed"))).append("</td></tr>");
            }
            html.append("</tbody></table>");
        }
        ServiceReview.Month m = r.sla();
        html.append("<p>").append(esc(t.get("sla.ticketsOpened", String.valueOf(m.ticketsOpened()), String.valueOf(m.ticketsResolved()),
                String.valueOf(m.ratings()), m.meanSatisfaction() == null ? t.get("none") : MaintenanceAdvice.two(m.meanSatisfaction()))))
                .append("</p>");

        html.append("<h3>").append(esc(t.get("obligations.title"))).append("</h3><p>");
        ObligationsReview.Counts o = r.obligations();
        html.append(esc(o.due() == 0 ? t.get("obligations.none") : t.get("obligations.value", String.valueOf(o.due()), String.valueOf(o.met()),
                String.valueOf(o.missed())))).append("</p>");
        for (ObligationsReview.Missed missed : r.obligationsMissed()) {
            html.append("<p class=\"missed\">").append(esc(t.get("obligations.missedItem", missed.obligationId(), missed.firstDay().toString(),
                    missed.lastDay().toString()))).append("</p>");
        }

        html.append("<h3>").append(esc(t.get("visits.title"))).append("</h3>");
        if (r.visits().isEmpty()) {
            html.append("<p>").append(esc(t.get("visits.none"))).append("</p>");
        } else {
            html.append("<table><thead><tr>");
            for (String h : List.of("visits.kind", "visits.mode", "visits.at", "visits.engineers", "visits.findings", "visits.satisfaction")) {
                html.append("<th>").append(esc(t.get(h))).append("</th>");
            }
            html.append("</tr></thead><tbody>");
            for (InspectionRecord.Visit v : r.visits()) {
                html.append("<tr><td>").append(esc(t.get("visit." + v.kind()))).append("</td><td>")
                        .append(esc(v.mode() == null ? t.get("none") : t.get("mode." + v.mode()))).append("</td><td>")
                        .append(esc(LocalTimes.format(v.at(), r.zone()))).append("</td><td>").append(esc(String.join(", ", v.engineers())))
                        .append("</td><td>").append(esc(v.findings() == null ? t.get("none") : t.get("findings." + v.findings())))
                        .append("</td><td class=\"n\">").append(v.satisfaction() == null ? t.get("none") : v.satisfaction() + " / 5").append("</td></tr>");
            }
            html.append("</tbody></table>");
            Double mean = r.visitSatisfaction();
            if (mean != null) {
                html.append("<p>").append(esc(t.get("visits.mean", MaintenanceAdvice.two(mean),
                        String.valueOf(r.visits().stream().filter(v -> v.satisfaction() != null).count())))).append("</p>");
            }
        }
        for (Escalation e : r.contradicted()) {
            html.append("<p class=\"missed\">").append(esc(t.get("visits.contradicted", LocalTimes.format(e.getAt(), r.zone()), e.getMessage())))
                    .append("</p>");
        }
    }

    private static void devices(StringBuilder html, InspectionRecord r, Texts t) {
        html.append("<h2>").append(esc(t.get("section.devices"))).append("</h2>");
        if (r.devices().isEmpty()) {
            html.append("<p>").append(esc(t.get("devices.none"))).append("</p>");
            return;
        }
        html.append("<table class=\"devices\"><colgroup><col class=\"id\"><col class=\"type\"></colgroup><thead><tr>");
        for (String h : List.of("devices.device", "devices.type", "devices.availability", "devices.outages", "devices.outageTime", "devices.cpu",
                "devices.memory", "devices.temperature", "devices.loss", "devices.tickets")) {
            html.append("<th").append(h.equals("devices.device") || h.equals("devices.type") ? "" : " class=\"n\"").append(">")
                    .append(esc(t.get(h)).replace("\n", "<br>")).append("</th>"); // a head may break where its text says
        }
        html.append("</tr></thead><tbody>");
        for (DeviceInspection d : r.devices()) {
            html.append("<tr><td>").append(esc(d.deviceId()));
            if (d.removedAt() != null) {
                html.append("<br><span class=\"cap\">").append(esc(t.get("devices.removed", LocalTimes.format(d.removedAt(), r.zone())))).append("</span>");
            }
            if (d.neverHeard()) {
                html.append("<br><span class=\"missed\">").append(esc(t.get("devices.neverHeard"))).append("</span>");
            }
            html.append("<br><span class=\"cap\">").append(esc(t.get("devices.days", String.valueOf(d.days())))).append("</span></td><td>")
                    .append(esc(type(t, d.type()))).append("</td><td class=\"n\">").append(pct(t, d.availabilityPct()))
                    .append("</td><td class=\"n\">").append(d.outages().size()).append("</td><td class=\"n\">")
                    .append(d.outages().isEmpty() ? t.get("none") : esc(duration(t, d.outageSeconds())) + " /<br>" + esc(duration(t, d.longestOutageSeconds())))
                    .append("</td><td class=\"n\">").append(pair(t, d.cpu())).append("</td><td class=\"n\">").append(pair(t, d.memory()))
                    .append("</td><td class=\"n\">").append(pair(t, d.temperature())).append("</td><td class=\"n\">")
                    .append(d.packetLoss().samples() == 0 ? t.get("none") : MaintenanceAdvice.two(d.packetLoss().avg()) + " / "
                            + MaintenanceAdvice.one(d.lossP95()))
                    .append("</td><td class=\"n\">").append(d.tickets().size()).append("</td></tr>");
        }
        html.append("</tbody></table>");
    }

    private static void firmware(StringBuilder html, InspectionRecord r, Texts t) {
        html.append("<h2>").append(esc(t.get("section.firmware"))).append("</h2><table><thead><tr><th>").append(esc(t.get("firmware.device")))
                .append("</th><th>").append(esc(t.get("devices.type"))).append("</th><th>").append(esc(t.get("firmware.current")))
                .append("</th><th>").append(esc(t.get("firmware.changes"))).append("</th></tr></thead><tbody>");
        for (DeviceInspection d : r.devices()) {
            List<String> changes = new ArrayList<>();
            for (FirmwareChange c : d.firmwareChanges()) {
                changes.add(esc(t.get("firmware.change", LocalTimes.format(c.getAt(), r.zone()), c.getFrom() == null ? t.get("none") : c.getFrom(),
                        c.getTo())));
            }
            html.append("<tr><td>").append(esc(d.deviceId())).append("</td><td>").append(esc(type(t, d.type()))).append("</td><td>")
                    .append(esc(d.firmware() == null ? t.get("firmware.unknown") : d.firmware())).append("</td><td>")
                    .append(changes.isEmpty() ? esc(t.get("firmware.noChange")) : String.join("<br>", changes)).append("</td></tr>");
        }
        html.append("</tbody></table><h3>").append(esc(t.get("firmware.driftTitle"))).append("</h3><table><thead><tr>");
        for (String h : List.of("devices.type", "firmware.reference", "firmware.source", "firmware.onReference", "firmware.behind",
                "firmware.ahead", "firmware.unknownDevices")) {
            html.append("<th>").append(esc(t.get(h))).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        for (FirmwareDrift f : r.drift()) {
            html.append("<tr><td>").append(esc(type(t, f.type()))).append("</td><td>")
                    .append(esc(f.reference() == null ? t.get("firmware.noReference") : f.reference())).append("</td><td>")
                    .append(esc(t.get("firmware.source." + f.source()))).append("</td><td>").append(esc(list(t, f.onReference())))
                    .append("</td><td").append(f.behind().isEmpty() ? ">" : " class=\"missed\">").append(esc(versions(t, f.behind())))
                    .append("</td><td>").append(esc(versions(t, f.ahead()))).append("</td><td>").append(esc(list(t, f.unknown())))
                    .append("</td></tr>");
        }
        html.append("</tbody></table>");
    }

    private static void advice(StringBuilder html, InspectionRecord r, Texts t) {
        html.append("<h2>").append(esc(t.get("section.advice"))).append("</h2>");
        if (r.advice().isEmpty()) {
            html.append("<p>").append(esc(t.get("advice.none"))).append("</p>");
        } else {
            html.append("<ul class=\"advice\">");
            for (MaintenanceAdvice.Advice a : r.advice()) {
                html.append("<li>").append(esc(adviceText(t, a))).append("</li>");
            }
            html.append("</ul>");
        }
        html.append("<p class=\"cap\">").append(esc(t.get("advice.rules", MaintenanceAdvice.one(MaintenanceAdvice.TEMPERATURE_AVG_C),
                MaintenanceAdvice.one(MaintenanceAdvice.TEMPERATURE_PEAK_C), MaintenanceAdvice.one(MaintenanceAdvice.PACKET_LOSS_P95_PCT))))
                .append("</p>");
    }

    /** One piece of advice in the reader's language. */
    static String adviceText(Texts t, MaintenanceAdvice.Advice a) {
        List<Object> args = new ArrayList<>();
        args.add(a.deviceId());
        if (a.rule() == MaintenanceAdvice.Rule.FIRMWARE_BEHIND) {
            args.addAll(a.figures().subList(0, 2));
            return t.get("advice.FIRMWARE_BEHIND." + a.figures().get(2), args.toArray());
        }
        args.addAll(a.figures());
        return t.get("advice." + a.rule(), args.toArray());
    }

    /** What only a person can check (数据安全性: backups, logs), and the two signatures with their dates. */
    private static void checks(StringBuilder html, Texts t) {
        html.append("<h2>").append(esc(t.get("section.checks"))).append("</h2><p class=\"cap\">").append(esc(t.get("checks.intro")))
                .append("</p><table class=\"kv\">");
        for (String check : List.of("checks.backups", "checks.logs")) {
            html.append("<tr><th>").append(esc(t.get(check))).append("</th><td><span class=\"box\"></span>").append(esc(t.get("checks.yes")))
                    .append("<span class=\"box\"></span>").append(esc(t.get("checks.no"))).append("</td></tr>");
        }
        html.append("</table><h3>").append(esc(t.get("checks.findings"))).append("</h3><div class=\"blank\"></div>");
        html.append("<h2>").append(esc(t.get("section.signoff"))).append("</h2><table class=\"sign\">");
        for (String who : List.of("signoff.engineer", "signoff.school")) {
            html.append("<tr><th>").append(esc(t.get(who))).append("</th><td>").append(esc(t.get("signoff.signature")))
                    .append("</td><th>").append(esc(t.get("signoff.date"))).append("</th><td></td></tr>");
        }
        html.append("</table>");
    }

    private static void notes(StringBuilder html, Texts t) {
        html.append("<div class=\"notes\"><p><b>").append(esc(t.get("notes.title"))).append("</b></p>");
        for (String note : List.of("notes.availability", "notes.outages", "notes.metrics", "notes.network", "notes.firmware",
                "notes.neverHeard", "notes.sla")) {
            html.append("<p>").append(esc(t.get(note))).append("</p>");
        }
        html.append("</div>");
    }

    static String type(Texts t, DeviceType type) {
        return t.get("type." + type.name());
    }

    private static String kv(String key, String value) {
        return "<tr><th>" + esc(key) + "</th><td>" + esc(value) + "</td></tr>";
    }

    private static String pct(Texts t, Double v) {
        return v == null ? t.get("none") : String.format(Locale.ROOT, "%.2f%%", v);
    }

    private static String pair(Texts t, DeviceInspection.Metric m) {
        return m.samples() == 0 ? t.get("none") : MaintenanceAdvice.one(m.avg()) + " / " + MaintenanceAdvice.one(m.peak());
    }

    private static String loss(Texts t, DeviceInspection.Metric m, Double p95) {
        return m.samples() == 0 ? t.get("network.none") : t.get("network.lossValue", MaintenanceAdvice.two(m.avg()) + "%",
                MaintenanceAdvice.one(p95) + "%");
    }

    private static String list(Texts t, List<String> ids) {
        return ids.isEmpty() ? t.get("none") : String.join(", ", ids);
    }

    private static String versions(Texts t, Map<String, String> byDevice) {
        return byDevice.isEmpty() ? t.get("none") : byDevice.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
    }

    static String duration(Texts t, long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        return d.toHours() > 0 ? t.get("duration.hm", String.valueOf(d.toHours()), String.valueOf(d.toMinutesPart()))
                : t.get("duration.m", String.valueOf(d.toMinutes()));
    }
}
