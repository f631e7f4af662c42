package com.schoolops.sla.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.KpiScope;
import com.schoolops.sla.avro.SlaKpi;
import com.schoolops.sla.cli.ClusterOptions;
import com.schoolops.sla.cli.HelpOption;
import com.schoolops.sla.cli.UsageException;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.policy.Contract;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.serde.JsonRecords;
import com.schoolops.sla.report.Hotspots;
import com.schoolops.sla.report.MajorEventsReview;
import com.schoolops.sla.report.ObligationsReview;
import com.schoolops.sla.report.ReportCsv;
import com.schoolops.sla.report.ReportPage;
import com.schoolops.sla.report.ServiceReview;
import com.schoolops.sla.serde.InMemorySchemaRegistry;
import com.schoolops.sla.serde.ValueSerdes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/** The monthly service review of a contract or a site: an HTML page and a CSV, from a replay's output or from sla-kpis. */
@Command(name = "report", description = "the monthly service review of a contract or a site (HTML and CSV), from sla-kpis or a replay output file")
final class ReportCommand implements Callable<Integer> {
    private final PrintStream out;

    @Mixin
    ClusterOptions cluster;
    @Option(names = "--contract", paramLabel = "ID", description = "the contract to review (its quality targets are judged)")
    String contract;
    @Option(names = "--site", paramLabel = "ID", description = "or the site to review")
    String site;
    @Option(names = "--month", paramLabel = "YYYY-MM", required = true, description = "the month, in the contract's calendar days")
    YearMonth month;
    @Option(names = "--input", paramLabel = "OUT.jsonl", description = "a replay output file to read instead of the cluster's sla-kpis")
    Path input;
    @Option(names = "--output", paramLabel = "FILE.html",
            description = "where to write the page; the CSV goes next to it (default review-<id>-<month>.html)")
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
        Settings settings = cluster.settings("report");
        AppConfig config;
        Map<String, List<Object>> records;
        Map<String, Class<?>> wanted;
        if (input != null) {
            config = AppConfig.from(settings, ValueSerdes.registry(InMemorySchemaRegistry.withKnownSchemas()));
            wanted = Map.of(config.topics().kpis().name(), SlaKpi.class, config.topics().escalations().name(), Escalation.class);
            records = fromReplay(input, wanted);
        } else {
            config = AppConfig.from(settings);
            wanted = Map.of(config.topics().kpis().name(), SlaKpi.class, config.topics().escalations().name(), Escalation.class);
            records = fromCluster(settings, config, wanted.keySet());
        }
        List<SlaKpi> kpis = of(records.get(config.topics().kpis().name()), SlaKpi.class);
        List<Escalation> escalations = of(records.get(config.topics().escalations().name()), Escalation.class);
        KpiScope scope = contract != null ? KpiScope.CONTRACT : KpiScope.SITE;
        String id = contract != null ? contract : site;
        Map<String, Double> targets = contract == null ? Map.of()
                : config.policies().contract(contract).map(Contract::kpiTargets).orElse(Map.of());
        ServiceReview review = ServiceReview.of(kpis, scope, id, month, targets);
        java.time.ZoneId zone = ContractBook.of(config.policies()).kpiZone(contract, site,
                month.atDay(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC).toEpochMilli());
        Hotspots hotspots = Hotspots.of(escalations, kpis, scope, id, month, zone);
        ObligationsReview obligations = ObligationsReview.of(kpis, escalations, scope, id, month, zone);
        Path html = output != null ? output : Path.of("review-" + id + "-" + month + ".html");
        Path csv = html.resolveSibling(html.getFileName().toString().replaceFirst("\\.html?$", "") + ".csv");
        MajorEventsReview events = MajorEventsReview.of(escalations, scope, id, month, zone);
        Files.writeString(html, ReportPage.render(review, hotspots, obligations, events, zone, Instant.now()), StandardCharsets.UTF_8);
        Files.writeString(csv, ReportCsv.render(review, obligations), StandardCharsets.UTF_8);
        out.printf("report: %s %s, %s: %d days with a record of %d KPI records read -> %s, %s%n", scope.name().toLowerCase(), id, month,
                review.days().size(), kpis.size(), html, csv);
        return 0;
    }

    private static <T> List<T> of(List<Object> records, Class<T> type) {
        return records == null ? List.of() : records.stream().map(type::cast).toList();
    }

    /** The values of the wanted topics' records in a replay's output, by topic. */
    private static Map<String, List<Object>> fromReplay(Path file, Map<String, Class<?>> wanted) throws Exception {
        if (!Files.isReadable(file)) {
            throw new UsageException("report: cannot read --input " + file);
        }
        Map<String, List<Object>> records = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode record = JsonRecords.JSON.readTree(line);
                Class<?> type = wanted.get(record.path("topic").asText());
                if (type != null) {
                    records.computeIfAbsent(record.path("topic").asText(), t -> new ArrayList<>())
                            .add(JsonRecords.fromJson(record.get("value"), type.asSubclass(org.apache.avro.specific.SpecificRecord.class)));
                }
            }
        }
        return records;
    }

    /** Everything on the topics up to their end now, read_committed, by topic. */
    private static Map<String, List<Object>> fromCluster(Settings settings, AppConfig config, java.util.Set<String> topics) {
        Properties p = new Properties();
        p.putAll(settings.kafkaClientSettings());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, List<Object>> records = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = topics.stream().flatMap(topic -> consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> records.computeIfAbsent(r.topic(), t -> new ArrayList<>())
                        .add(config.topics().byName(r.topic()).valueSerde().deserializer().deserialize(r.topic(), r.value())));
            }
        }
        return records;
    }
}
