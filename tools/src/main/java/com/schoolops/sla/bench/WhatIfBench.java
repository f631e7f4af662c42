package com.schoolops.sla.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.serde.InMemorySchemaRegistry;
import com.schoolops.sla.serde.JsonRecords;
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
import java.util.List;
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
            LocalDate from = LocalDate.of(2026, 3, 1);
            LocalDate to = LocalDate.of(2026, 4, 1);
            Instant start = DistrictMonth.MARCH;
            Instant end = start.plus(Duration.ofDays(31));
            RecordedInputs.Read read;
            try (BufferedReader in = Files.newBufferedReader(recorded, StandardCharsets.UTF_8)) {
                read = RecordedInputs.fromFile(in, end);
            }
            Policies proposed = Policies.load(Optional.of(candidate));
            List<Policies.Document> documents = WhatIf.candidateDocuments(proposed, JsonRecords.JSON.readTree(Files.readString(candidate)));
            PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream(), true);
            long t1 = System.nanoTime();
            WhatIf.Run current = WhatIf.replay(config, read.lines(), WhatIf.settled(config, end), "as it was", quiet);
            long t2 = System.nanoTime();
            WhatIf.Run proposal = WhatIf.replay(config, WhatIf.withCandidate(read.lines(), documents, start, config.topics().contracts().name()),
                    WhatIf.settled(config, end), "with the candidate", quiet);
            long t3 = System.nanoTime();
            Comparison comparison = Comparison.of(new Comparison.Period(from, to, start, end), WhatIf.contractIds(documents), current, proposal,
                    config.policies(), proposed, read.lines());
            long t4 = System.nanoTime();
            long heap = rt.totalMemory() - rt.freeMemory();
            String size = String.format(Locale.ROOT, "%,d devices, %,d tickets, %,d lines", devices, tickets, lines);
            bench.row("whatif, a month of a district (" + size + "): total", String.format(Locale.ROOT, "%.1f s", (t4 - t0) / 1e9),
                    String.format(Locale.ROOT, "read %.1f s, each replay %.1f s and %.1f s, comparison %.2f s; heap in use at the end %,d MiB",
                            (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9, heap >> 20));
            bench.row("whatif replay rate (" + size + ")", String.format(Locale.ROOT, "%,.0f lines/s", lines / ((t2 - t1) / 1e9)),
                    String.format(Locale.ROOT, "%,d escalations and %,d KPI records as it was; %d tickets change verdict with the candidate",
                            current.escalations().size(), current.kpis().size(),
                            comparison.changed().stream().map(Comparison.TicketRow::ticketId).distinct().count()));
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
