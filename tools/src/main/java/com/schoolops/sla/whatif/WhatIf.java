package com.schoolops.sla.whatif;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.avro.ContractKind;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.SlaKpi;
import com.schoolops.sla.config.ConfigCatalogue;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.replay.Replay;
import com.schoolops.sla.serde.JsonRecords;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The same recorded period replayed twice: under the contracts as they were, and under a candidate whose contracts and
 * calendars take effect at the start of the period (a new version, as {@code sla-contracts} would carry it: tickets
 * opened before keep the version they were opened under). Offline, like {@code replay}: nothing is written to a cluster.
 */
public final class WhatIf {
    /** What one replay of the period published: its escalations and its KPI records. */
    public record Run(List<Escalation> escalations, List<SlaKpi> kpis) {
    }

    /** A candidate file, checked as the policies file is (over the bundled one), and the contracts and calendars it names. */
    public record Candidate(Policies terms, List<Policies.Document> documents) {
        public static Candidate read(java.nio.file.Path file) throws IOException {
            Policies terms = Policies.load(java.util.Optional.of(file));
            return new Candidate(terms, candidateDocuments(terms, JsonRecords.JSON.readTree(java.nio.file.Files.readString(file))));
        }

        public List<String> contractIds() {
            return documents.stream().filter(d -> d.kind() == ContractKind.CONTRACT).map(Policies.Document::id).toList();
        }
    }

    /** The comparison, and how long each of the two replays took. */
    public record Outcome(Comparison comparison, Duration asItWas, Duration withCandidate) {
    }

    /** The whole what-if: the recorded lines replayed as they were and with the candidate, compared over the period. */
    public static Outcome compare(AppConfig config, List<RecordedInputs.Line> lines, Candidate candidate, Comparison.Period period,
                                  PrintStream progress) {
        Instant settled = settled(config, period.end());
        long t0 = System.nanoTime();
        Run current = replay(config, lines, settled, "as it was", progress);
        long t1 = System.nanoTime();
        Run proposal = replay(config, withCandidate(lines, candidate.documents(), period.start(), config.topics().contracts().name()), settled,
                "with the candidate", progress);
        long t2 = System.nanoTime();
        Comparison comparison = Comparison.of(period, candidate.contractIds(), current, proposal, config.policies(), candidate.terms(), lines,
                ObligationVerdicts.Sites.of(lines, config.topics().sites().name(), config.topics().visits().name()));
        return new Outcome(comparison, Duration.ofNanos(t1 - t0), Duration.ofNanos(t2 - t1));
    }

    private WhatIf() {
    }

    /** The recorded lines with the candidate's documents written at {@code from}, in force from then. */
    static List<RecordedInputs.Line> withCandidate(List<RecordedInputs.Line> lines, List<Policies.Document> candidate, Instant from,
                                                          String topic) {
        List<RecordedInputs.Line> out = new ArrayList<>(lines.size() + candidate.size());
        int i = 0;
        while (i < lines.size() && lines.get(i).timestamp() < from.toEpochMilli()) {
            out.add(lines.get(i++));
        }
        for (Policies.Document d : candidate) {
            ObjectNode line = JsonRecords.JSON.createObjectNode().put("topic", topic).put("key", d.id()).put("timestamp", from.toString());
            line.putObject("value").put("id", d.id()).put("kind", d.kind().name()).put("effectiveFrom", from.toEpochMilli())
                    .put("document", d.json().toString()).put("actor", "whatif").put("note", "the candidate");
            out.add(new RecordedInputs.Line(from.toEpochMilli(), line));
        }
        out.addAll(lines.subList(i, lines.size()));
        return out;
    }

    /**
     * Replays {@code lines}, then time on to {@code end} (so the period's last KPI windows close), with progress at each
     * tenth on {@code progress}.
     */
    public static Run replay(AppConfig config, List<RecordedInputs.Line> lines, Instant end, String label, PrintStream progress) {
        Run run = new Run(new ArrayList<>(), new ArrayList<>());
        String escalations = config.topics().escalations().name();
        String kpis = config.topics().kpis().name();
        long started = System.nanoTime();
        try (Replay replay = new Replay(config, new Collector(run, escalations, kpis), quiet())) {
            int step = Math.max(5_000, lines.size() / 10); // a tenth at a time, on screen
            for (int from = 0; from < lines.size(); from += step) {
                StringBuilder chunk = new StringBuilder();
                lines.subList(from, Math.min(lines.size(), from + step)).forEach(l -> chunk.append(l.json()).append('\n'));
                replay.run(new BufferedReader(new StringReader(chunk.toString())));
                progress.printf("whatif: %s: %,d of %,d lines replayed (%.1f s)%n", label, Math.min(lines.size(), from + step), lines.size(),
                        (System.nanoTime() - started) / 1e9);
            }
            replay.run(new BufferedReader(new StringReader("{\"advance\": \"" + end + "\"}\n")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return run;
    }

    /** The documents of a candidate file: the contracts and calendars it names, not the bundled ones it is read over. */
    private static List<Policies.Document> candidateDocuments(Policies candidate, JsonNode file) {
        List<String> ids = new ArrayList<>();
        file.path("calendars").forEach(c -> ids.add(c.path("id").asText()));
        file.path("contracts").forEach(c -> ids.add(c.path("id").asText()));
        return candidate.documents().stream().filter(d -> ids.contains(d.id())).toList();
    }

    /**
     * The settings of a what-if replay: the user's, with two changes. Heartbeats are not replayed, so no device is
     * expected to send any (else every registered device would be found DOWN, with outages and escalations nobody
     * recorded); and HOURLY KPI windows are a day long, since the comparison reads the DAILY records.
     */
    public static Settings settings(Settings user) {
        java.util.Map<String, String> offline = new java.util.HashMap<>();
        offline.put(ConfigCatalogue.KPI_HOURLY_WINDOW, "1d");
        for (com.schoolops.sla.avro.DeviceType type : com.schoolops.sla.avro.DeviceType.values()) {
            offline.put(ConfigCatalogue.HEALTH_INTERVAL_PREFIX + type.name(), "3650d");
        }
        return user.with(offline);
    }

    /** How long after the period's end its last daily windows close: a day for the zones, and the KPI grace. */
    static Instant settled(AppConfig config, Instant to) {
        return to.plus(Duration.ofDays(1)).plus(config.topology().kpiGrace());
    }

    private static PrintStream quiet() {
        return new PrintStream(java.io.OutputStream.nullOutputStream(), true);
    }

    /** Reads the replay's output as it is written: the escalations and the KPI records, nothing else kept. */
    private static final class Collector extends Writer {
        private final Run run;
        private final String escalations;
        private final String kpis;
        private final StringBuilder line = new StringBuilder();

        Collector(Run run, String escalations, String kpis) {
            this.run = run;
            this.escalations = escalations;
            this.kpis = kpis;
        }

        @Override
        public void write(char[] buffer, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (buffer[i] == '\n') {
                    take(line.toString());
                    line.setLength(0);
                } else {
                    line.append(buffer[i]);
                }
            }
        }

        private void take(String text) {
            if (!text.contains(escalations) && !text.contains(kpis)) {
                return;
            }
            try {
                JsonNode json = JsonRecords.JSON.readTree(text);
                String topic = json.path("topic").asText();
                if (topic.equals(escalations)) {
                    run.escalations().add(JsonRecords.fromJson(json.get("value"), Escalation.class));
                } else if (topic.equals(kpis)) {
                    run.kpis().add(JsonRecords.fromJson(json.get("value"), SlaKpi.class));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
