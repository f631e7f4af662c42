package com.schoolops.sla.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.serde.InMemorySchemaRegistry;
import com.schoolops.sla.serde.ValueSerdes;
import com.schoolops.sla.whatif.Comparison;
import com.schoolops.sla.whatif.RecordedInputs;
import com.schoolops.sla.whatif.WhatIf;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code whatif} on a month of a district (issue 23: 10,000 devices and 3,000 tickets "in minutes"): the recorded
 * file read, replayed under the bundled contracts and under seed-003 with every first reply due in 8 minutes, compared.
 */
final class WhatIfBench {
    private WhatIfBench() {
    }

    static void run(Benchmark bench, PrintStream out, int devices, int tickets) throws Exception {
        out.printf("%nWhat if: a month of %,d devices and %,d tickets, under the contracts and a candidate ...%n", devices, tickets);
        Path dir = Files.createTempDirectory("sla-whatif-bench");
        try {
            Policies bundled = Policies.load(Optional.empty());
            Path recorded = dir.resolve("district-march.jsonl");
            int lines = DistrictMonth.write(recorded, devices, tickets, bundled);
            ObjectNode seed003 = bundled.documents().stream().filter(d -> d.id().equals("seed-003")).findFirst().orElseThrow().json().deepCopy();
            seed003.path("severities").forEach(s -> ((ObjectNode) s).put("RESPONSE", "8m"));
            Path candidate = dir.resolve("candidate.json");
            Files.writeString(candidate, "{\"contracts\": [" + seed003 + "]}");

            AppConfig config = AppConfig.from(WhatIf.settings(Settings.defaults().with(java.util.Map.of("state.dir", dir.resolve("state").toString()))),
                    ValueSerdes.registry(InMemorySchemaRegistry.withKnownSchemas()));
            Runtime rt = Runtime.getRuntime();
            long t0 = System.nanoTime();
            Instant start = DistrictMonth.MARCH;
            Comparison.Period period = new Comparison.Period(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 4, 1), start, start.plus(Duration.ofDays(31)));
            RecordedInputs.Read read;
            try (BufferedReader in = Files.newBufferedReader(recorded, StandardCharsets.UTF_8)) {
                read = RecordedInputs.fromFile(in, period.end());
            }
            long t1 = System.nanoTime();
            WhatIf.Outcome outcome = WhatIf.compare(config, read.lines(), WhatIf.Candidate.read(candidate), period,
                    new PrintStream(java.io.OutputStream.nullOutputStream(), true));
            long t2 = System.nanoTime();
            Comparison comparison = outcome.comparison();
            long heap = rt.totalMemory() - rt.freeMemory();
            String size = String.format(Locale.ROOT, "%,d devices, %,d tickets, %,d lines", devices, tickets, lines);
            bench.row("whatif, a month of a district (" + size + "): total", String.format(Locale.ROOT, "%.1f s", (t2 - t0) / 1e9),
                    String.format(Locale.ROOT, "read %.1f s, the replays %.1f s and %.1f s; heap in use at the end %,d MiB",
                            (t1 - t0) / 1e9, outcome.asItWas().toMillis() / 1e3, outcome.withCandidate().toMillis() / 1e3, heap >> 20));
            bench.row("whatif replay rate (" + size + ")", String.format(Locale.ROOT, "%,.0f lines/s", lines / (outcome.asItWas().toMillis() / 1e3)),
                    String.format(Locale.ROOT, "%d tickets change verdict with the candidate",
                            comparison.changed().stream().map(Comparison.TicketRow::ticketId).distinct().count()));
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
