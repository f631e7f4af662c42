package com.schoolops.sla.whatif;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.serde.JsonRecords;
import com.schoolops.sla.topics.TopicSpec;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The recorded inputs a contract judges, up to the end of the period: the registry, the tickets, the sites' calendars,
 * the sites' records ({@code site-registry}) and their visits ({@code service-visits}), by which the obligations are
 * judged, and the contract changes, each a replay line (README, Replay). Heartbeats are left out: no contract changes what
 * they say, and a month of them is most of the volume; device availability is therefore not compared.
 */
public final class RecordedInputs {
    /** One replay line and its time. */
    public record Line(long timestamp, JsonNode json) {
    }

    /** What was kept, and how much was read and left out. */
    public record Read(List<Line> lines, long read, long heartbeats) {
    }

    private RecordedInputs() {
    }

    /** From a replay file: its lines before {@code to}. */
    public static Read fromFile(BufferedReader in, Instant to) throws IOException {
        List<Line> lines = new ArrayList<>();
        long read = 0;
        long heartbeats = 0;
        for (String text = in.readLine(); text != null; text = in.readLine()) {
            read++;
            if (text.isBlank()) {
                continue;
            }
            if (text.contains("\"device-heartbeats\"")) {
                heartbeats++;
                continue;
            }
            JsonNode json;
            try {
                json = JsonRecords.JSON.readTree(text);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException("line " + read + ": not JSON: " + e.getOriginalMessage());
            }
            JsonNode time = json.has("advance") ? json.get("advance") : json.get("timestamp");
            long at = time == null ? Long.MIN_VALUE : time.isNumber() ? time.asLong() : Instant.parse(time.asText()).toEpochMilli();
            if (at < to.toEpochMilli()) {
                lines.add(new Line(at, json));
            }
        }
        return new Read(lines, read, heartbeats);
    }

    /**
     * From the cluster: the input topics (heartbeats left out) and {@code sla-contracts} from their beginning to the
     * records written at {@code to} ({@code read_committed}), in timestamp order, with progress on {@code progress}.
     */
    public static Read fromCluster(Settings settings, AppConfig config, Instant to, PrintStream progress) {
        Properties p = new Properties();
        p.putAll(settings.kafkaClientSettings());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        List<TopicSpec<String, ?>> topics = config.topics().writable().stream().filter(t -> t != config.topics().heartbeats()).toList();
        List<Line> lines = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<TopicPartition, TopicSpec<String, ?>> specs = new HashMap<>();
            for (TopicSpec<String, ?> t : topics) {
                consumer.partitionsFor(t.name(), Duration.ofSeconds(30)).forEach(i -> specs.put(new TopicPartition(t.name(), i.partition()), t));
            }
            consumer.assign(specs.keySet());
            consumer.seekToBeginning(specs.keySet());
            // Where each partition reaches the end of the period: the first record written at or after it, else its end.
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(specs.keySet()));
            Map<TopicPartition, Long> query = new HashMap<>();
            specs.keySet().forEach(tp -> query.put(tp, to.toEpochMilli()));
            consumer.offsetsForTimes(query).forEach((tp, found) -> {
                if (found != null) {
                    end.put(tp, found.offset());
                }
            });
            long total = end.values().stream().mapToLong(Long::longValue).sum();
            long nextReport = 0;
            while (specs.keySet().stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() >= end.get(tp)) {
                        continue;
                    }
                    lines.add(new Line(r.timestamp(), line(specs.get(tp), r)));
                }
                if (lines.size() >= nextReport) {
                    progress.printf("whatif: read %,d of at most %,d input records from the cluster%n", lines.size(), total);
                    nextReport = lines.size() + Math.max(10_000, total / 10);
                }
            }
        }
        lines.sort(Comparator.comparingLong(Line::timestamp));
        return new Read(lines, lines.size(), 0);
    }

    private static JsonNode line(TopicSpec<String, ?> spec, ConsumerRecord<byte[], byte[]> r) {
        ObjectNode line = JsonRecords.JSON.createObjectNode();
        line.put("topic", spec.name());
        line.put("key", r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8));
        line.put("timestamp", r.timestamp());
        Object value = r.value() == null ? null : spec.valueSerde().deserializer().deserialize(r.topic(), r.value());
        line.set("value", value == null ? null : JsonRecords.toJson((SpecificRecord) value));
        return line;
    }
}
