package com.schoolops.sla.tools;

import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.cli.ClusterOptions;
import com.schoolops.sla.cli.HelpOption;
import com.schoolops.sla.cli.UsageException;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.replay.Replay;
import com.schoolops.sla.serde.InMemorySchemaRegistry;
import com.schoolops.sla.serde.ValueSerdes;
import com.schoolops.sla.text.Texts;
import com.schoolops.sla.whatif.Comparison;
import com.schoolops.sla.whatif.ComparisonCsv;
import com.schoolops.sla.whatif.ComparisonPage;
import com.schoolops.sla.whatif.RecordedInputs;
import com.schoolops.sla.whatif.WhatIf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.Callable;

/** Issue 23: a recorded period under the contracts as they were and under a candidate, side by side (HTML and CSV). */
@Command(name = "whatif", description = "replay a recorded period under the contracts as they were and under a candidate contract file; "
        + "compare KPIs, breaches, each ticket whose verdict changes, the obligations met and each period whose verdict changes "
        + "(HTML and CSV); writes nothing to the cluster")
final class WhatIfCommand implements Callable<Integer> {
    private final PrintStream out;

    @Mixin
    ClusterOptions cluster;
    @Option(names = "--input", paramLabel = "RECORDED.jsonl", description = "a replay file of the recorded inputs (else the cluster's input topics, read by timestamp)")
    Path input;
    @Option(names = "--from", paramLabel = "YYYY-MM-DD", required = true, description = "the first day of the period")
    LocalDate from;
    @Option(names = "--to", paramLabel = "YYYY-MM-DD", required = true, description = "the day after the period")
    LocalDate to;
    @Option(names = "--zone", paramLabel = "ZONE", defaultValue = "Asia/Shanghai", description = "the zone of the days (default ${DEFAULT-VALUE}, the bundled calendar's)")
    ZoneId zone;
    @Option(names = "--candidate", paramLabel = "FILE.json", required = true,
            description = "the proposed contracts and calendars, in the policies file's form; in force from the start of the period")
    Path candidate;
    @Option(names = "--output", paramLabel = "FILE.html", description = "where to write the page; the CSV goes next to it (default whatif-<from>-<to>.html)")
    Path output;
    @Option(names = "--lang", paramLabel = "zh|en", defaultValue = "zh", description = "the page's language (default ${DEFAULT-VALUE}); the CSV stays English")
    String lang;
    @Mixin
    HelpOption help;

    WhatIfCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        Replay.quietSimulatedTime();
        if (!to.isAfter(from)) {
            throw new UsageException("whatif: --to must be after --from");
        }
        if (!Files.isReadable(candidate)) {
            throw new UsageException("whatif: cannot read --candidate " + candidate);
        }
        if (input != null && !Files.isReadable(input)) {
            throw new UsageException("whatif: cannot read --input " + input);
        }
        Texts.Lang language;
        try {
            language = Texts.Lang.of(lang, Texts.Lang.ZH);
        } catch (IllegalArgumentException e) {
            throw new UsageException("whatif: --lang " + e.getMessage());
        }
        Settings settings = cluster.settings("whatif");
        // Offline, as replay: values travel only inside this process.
        AppConfig config = AppConfig.from(WhatIf.settings(settings), ValueSerdes.registry(InMemorySchemaRegistry.withKnownSchemas()));
        WhatIf.Candidate proposed = WhatIf.Candidate.read(candidate); // checked as the policies file is, before anything is read
        if (proposed.documents().isEmpty()) {
            throw new UsageException("whatif: " + candidate + " names no contract or calendar");
        }
        Comparison.Period period = new Comparison.Period(from, to, from.atStartOfDay(zone).toInstant(), to.atStartOfDay(zone).toInstant());
        long began = System.nanoTime();

        RecordedInputs.Read read;
        if (input != null) {
            try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
                read = RecordedInputs.fromFile(in, period.end());
            }
        } else {
            read = RecordedInputs.fromCluster(settings, config, period.end(), out);
        }
        out.printf("whatif: %,d recorded lines up to %s (%,d heartbeats left out: no contract changes what they say)%n",
                read.lines().size(), period.end(), read.heartbeats());
        Comparison comparison = WhatIf.compare(config, read.lines(), proposed, period, out).comparison();
        Path html = output != null ? output : Path.of("whatif-" + from + "-" + to + ".html");
        Path csv = html.resolveSibling(html.getFileName().toString().replaceFirst("\\.html?$", "") + ".csv");
        Files.writeString(html, ComparisonPage.render(comparison, input != null ? input.toString() : null,
                candidate.getFileName().toString(), Instant.now(), zone, language), StandardCharsets.UTF_8);
        Files.writeString(csv, ComparisonCsv.render(comparison), StandardCharsets.UTF_8);
        out.printf("whatif: %d tickets' verdicts change on %d clocks; breaches %d -> %d; -> %s, %s (%.1f s)%n",
                comparison.changed().stream().map(Comparison.TicketRow::ticketId).distinct().count(), comparison.changed().size(),
                comparison.breaches().stream().mapToInt(Comparison.BreachRow::current).sum(),
                comparison.breaches().stream().mapToInt(Comparison.BreachRow::candidate).sum(), html, csv, (System.nanoTime() - began) / 1e9);
        out.printf("whatif: obligations met %d of %d -> %d of %d; %d periods' verdicts change%n",
                comparison.obligations().stream().mapToInt(Comparison.ObligationRow::currentMet).sum(),
                comparison.obligations().stream().mapToInt(Comparison.ObligationRow::currentDue).sum(),
                comparison.obligations().stream().mapToInt(Comparison.ObligationRow::candidateMet).sum(),
                comparison.obligations().stream().mapToInt(Comparison.ObligationRow::candidateDue).sum(), comparison.occurrences().size());
        return 0;
    }
}
