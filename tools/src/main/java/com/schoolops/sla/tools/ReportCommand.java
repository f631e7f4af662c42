package com.schoolops.sla.tools;

import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.avro.KpiScope;
import com.schoolops.sla.cli.ClusterOptions;
import com.schoolops.sla.cli.HelpOption;
import com.schoolops.sla.cli.UsageException;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.report.ReportInputs;
import com.schoolops.sla.report.ReportPeriod;
import com.schoolops.sla.report.SiteReports;
import com.schoolops.sla.serde.InMemorySchemaRegistry;
import com.schoolops.sla.serde.ValueSerdes;
import com.schoolops.sla.text.Texts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The reports of a contract or a school, each an HTML page and a CSV: the monthly service review ({@code --month}), and
 * for a school the inspection record of the month or of a quarter ({@code --quarter}, SPEC section 11). From the
 * cluster's topics, or from JSON Lines files in replay's format (a replay's output and its input).
 */
@Command(name = "report", description = "the monthly service review of a contract or a site and a site's inspection record of a month or "
        + "quarter (HTML for A4 and CSV), from the cluster or replay files")
final class ReportCommand implements Callable<Integer> {
    private final PrintStream out;

    @Mixin
    ClusterOptions cluster;
    @Option(names = "--contract", paramLabel = "ID", description = "the contract to review (its quality targets are judged)")
    String contract;
    @Option(names = "--site", paramLabel = "ID", description = "or the site: its review and its inspection record")
    String site;
    @Option(names = "--month", paramLabel = "YYYY-MM", description = "the month, in the contract calendar's days")
    YearMonth month;
    @Option(names = "--quarter", paramLabel = "YYYYQn", description = "or the quarter (2026Q1: January to March): a site's inspection record")
    String quarter;
    @Option(names = "--lang", paramLabel = "zh|en", description = "the pages' language (default: the site's in site-registry, else zh)")
    String lang;
    @Option(names = "--input", paramLabel = "FILE.jsonl", description = "a JSON Lines file in replay's format, instead of the cluster; "
            + "repeat it: a replay's output (device-daily, sla-escalations, sla-kpis) and its input (tickets, visits, sites, devices)")
    List<Path> inputs = new ArrayList<>();
    @Option(names = "--output", paramLabel = "FILE.html", description = "where to write the page (the month's review for --month, else the "
            + "inspection record); its CSV goes next to it, and a month's inspection record into the same directory "
            + "(default: review-<id>-<month>.html, inspection-<site>-<period>.html)")
    Path output;
    @Mixin
    HelpOption help;

    ReportCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if ((contract == null) == (site == null)) {
            throw new UsageException("report: name one --contract or one --site");
        }
        if ((month == null) == (quarter == null)) {
            throw new UsageException("report: give one --month YYYY-MM or one --quarter YYYYQn");
        }
        if (quarter != null && site == null) {
            throw new UsageException("report: --quarter is a site's inspection record: name the --site");
        }
        try {
            Texts.Lang.of(lang, Texts.Lang.ZH);
        } catch (IllegalArgumentException e) {
            throw new UsageException("report: --lang " + e.getMessage());
        }
        ReportPeriod period;
        try {
            period = quarter != null ? ReportPeriod.quarter(quarter) : ReportPeriod.month(month);
        } catch (IllegalArgumentException e) {
            throw new UsageException("report: --quarter " + e.getMessage());
        }
        Settings settings = cluster.settings("report");
        AppConfig config;
        ReportInputs.Source source;
        if (!inputs.isEmpty()) {
            for (Path input : inputs) {
                if (!Files.isReadable(input)) {
                    throw new UsageException("report: cannot read --input " + input);
                }
            }
            config = AppConfig.from(settings, ValueSerdes.registry(InMemorySchemaRegistry.withKnownSchemas()));
            source = ReportInputs.files(inputs);
        } else {
            config = AppConfig.from(settings);
            source = ReportInputs.cluster(settings.kafkaClientSettings());
        }
        SiteReports reports = new SiteReports(source, config.topics(), () -> ContractBook.of(config.policies()), InstantSource.system());
        Path dir = output == null ? Path.of("") : output.toAbsolutePath().getParent();
        if (month != null) {
            SiteReports.Rendered review = reports.review(contract != null ? KpiScope.CONTRACT : KpiScope.SITE, contract != null ? contract : site,
                    month, lang);
            write(review, output);
        }
        if (site != null) {
            SiteReports.Rendered record = reports.inspection(site, period, lang);
            write(record, month == null && output != null ? output : dir.resolve(record.name() + ".html"));
        }
        return 0;
    }

    /** The page at {@code html} (default: its name in the working directory), the CSV next to it. */
    private void write(SiteReports.Rendered report, Path html) throws Exception {
        Path page = html != null ? html : Path.of(report.name() + ".html");
        Path csv = page.resolveSibling(page.getFileName().toString().replaceFirst("\\.html?$", "") + ".csv");
        Files.writeString(page, report.html(), StandardCharsets.UTF_8);
        Files.writeString(csv, report.csv(), StandardCharsets.UTF_8);
        out.printf("report: %s -> %s, %s%n", report.name(), page, csv);
    }
}
