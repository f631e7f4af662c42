package com.schoolops.sla.replay;

import com.schoolops.sla.serde.JsonRecords;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.deadletter.DeadLetters;
import com.schoolops.sla.embedded.ScratchDirectory;
import com.schoolops.sla.health.HealthStores;
import com.schoolops.sla.obligations.ExamDayStage;
import com.schoolops.sla.obligations.ObligationStage;
import com.schoolops.sla.tickets.TicketStores;
import com.schoolops.sla.timers.DeadlineIndex;
import com.schoolops.sla.topics.TopicSpec;
import com.schoolops.sla.topology.SlaTopology;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * specification section 6: the live topology over a JSON Lines file with simulated time. Before each record the wall
 * clock is moved to its timestamp, stopping at every instant a deadline falls due, as the live punctuator would;
 * {@code advance} lines move it with no input. Every output record is written as a JSON line.
 */
public final class Replay implements AutoCloseable {
    /** What a replay did, for the command's closing line. */
    public record Summary(int lines, int records, int advances, int rejected, int outputs) {
    }

    private final AppConfig config;
    private final Writer out;
    private final PrintStream diagnostics;
    private final ScratchDirectory stateDir;
    private final Map<String, TopicSpec<String, ?>> inputs = new LinkedHashMap<>();
    private TopologyTestDriver driver;
    private final Map<String, TestInputTopic<String, SpecificRecord>> inputTopics = new LinkedHashMap<>();
    private final Map<String, TestOutputTopic<String, ?>> outputTopics = new LinkedHashMap<>();
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private Instant now;
    private int lines;
    private int records;
    private int advances;
    private int rejected;
    private int outputs;

    /**
     * For the offline commands, before anything is loaded: in simulated time the input watermark's lines ("read up to …,
     * N s behind the wall clock") describe replay's own jumps from due time to due time, not a lag, one pair per jump.
     */
    public static void quietSimulatedTime() {
        System.setProperty("org.slf4j.simpleLogger.log." + com.schoolops.sla.timers.TaskWatermark.class.getName(), "warn");
    }

    public Replay(AppConfig config, Writer out, PrintStream diagnostics) {
        this.config = config;
        this.out = out;
        this.diagnostics = diagnostics;
        config.topics().writable().forEach(t -> inputs.put(t.name(), t));
        this.stateDir = ScratchDirectory.forState("sla-replay");
    }

    public Summary run(BufferedReader in) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            lines++;
            if (line.isBlank()) {
                continue;
            }
            try {
                step(line);
            } catch (IllegalArgumentException e) {
                reject(line, e.getMessage());
            }
            drain(line);
        }
        out.flush();
        return new Summary(lines, records, advances, rejected, outputs);
    }

    private void step(String line) {
        JsonNode json;
        try {
            json = JsonRecords.JSON.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("a line must be a JSON object");
        }
        if (json.has("advance")) {
            advanceTo(instant(json.get("advance"), "advance"));
            advances++;
            return;
        }
        String topic = text(json, "topic");
        TopicSpec<String, ?> spec = inputs.get(topic);
        if (spec == null) {
            throw new IllegalArgumentException("topic '" + topic + "' is not an input; use one of " + inputs.keySet());
        }
        Instant timestamp = instant(json.get("timestamp"), "timestamp");
        JsonNode keyNode = json.get("key");
        String key = keyNode == null || keyNode.isNull() ? null : keyNode.asText();
        JsonNode valueNode = json.get("value");
        if (valueNode != null && valueNode.path("document").isObject()) {
            // A contract change may carry its document as a JSON object, as the policies file writes it.
            valueNode = ((ObjectNode) valueNode.deepCopy()).put("document", valueNode.get("document").toString());
        }
        SpecificRecord value = valueNode == null || valueNode.isNull() ? null
                : JsonRecords.fromJson(valueNode, recordClass(spec));
        advanceTo(timestamp);
        inputTopics.get(topic).pipeInput(new TestRecord<>(key, value, timestamp));
        records++;
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends SpecificRecord> recordClass(TopicSpec<String, ?> spec) {
        return (Class<? extends SpecificRecord>) spec.valueType();
    }

    private void advanceTo(Instant target) {
        if (driver == null) {
            start(target);
            return;
        }
        // Jump from due time to due time (read off the deadline indexes) instead of ticking through idle hours:
        // punctuations then run at the instants the live application's ticks would reach first.
        Duration step = config.health().checkInterval();
        while (now.isBefore(target)) {
            Long due = earliestDue();
            Instant next = due == null || due > target.toEpochMilli() ? target
                    : due > now.toEpochMilli() ? Instant.ofEpochMilli(due) : now.plus(step);
            if (next.isAfter(target)) {
                next = target;
            }
            driver.advanceWallClockTime(Duration.between(now, next));
            now = next;
        }
    }

    private Long earliestDue() {
        Long due = null;
        for (String store : List.of(HealthStores.LIVENESS_DEADLINES, HealthStores.HEALTH_DEADLINES, TicketStores.DEADLINES, ObligationStage.DEADLINES,
                ExamDayStage.DEADLINES)) {
            KeyValueStore<Bytes, byte[]> index = driver.getKeyValueStore(store);
            Long first = DeadlineIndex.earliest(index);
            if (first != null && (due == null || first < due)) {
                due = first;
            }
        }
        return due;
    }

    @SuppressWarnings("unchecked")
    private void start(Instant at) {
        Properties props = config.streamsProperties();
        props.put("state.dir", stateDir.path().toString());
        driver = new TopologyTestDriver(SlaTopology.build(config.topology()), props, at);
        now = at;
        var keySer = Serdes.String().serializer();
        for (TopicSpec<String, ?> spec : inputs.values()) {
            var serializer = (org.apache.kafka.common.serialization.Serializer<SpecificRecord>) spec.valueSerde().serializer();
            inputTopics.put(spec.name(), driver.createInputTopic(spec.name(), keySer, serializer));
        }
        var keyDe = Serdes.String().deserializer();
        // Every output replay writes: the four of the engine, and every contract version it accepted (README "Changing a contract").
        for (TopicSpec<String, ?> spec : replayOutputs()) {
            outputTopics.put(spec.name(), driver.createOutputTopic(spec.name(), keyDe, spec.valueSerde().deserializer()));
        }
        deadLetters = driver.createOutputTopic(config.topics().deadLetters().name(), Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    private List<TopicSpec<String, ?>> replayOutputs() {
        List<TopicSpec<String, ?>> all = new ArrayList<>(config.topics().outputs());
        all.add(config.topics().contractVersions());
        return all;
    }

    private void reject(String line, String reason) {
        rejected++;
        diagnostics.println("line " + lines + ": " + reason);
        ObjectNode value = JsonRecords.JSON.createObjectNode().put("line", lines).put("reason", reason).put("input", line);
        write(config.topics().deadLetters().name(), null, now == null ? Instant.EPOCH : now, value);
    }

    /** Writes everything the topology emitted since the last line, in time order (topics in registry order on ties). */
    private void drain(String line) {
        if (driver == null) {
            return;
        }
        record Out(String topic, String key, Instant timestamp, JsonNode value) {
        }
        List<Out> batch = new ArrayList<>();
        outputTopics.forEach((topic, output) -> output.readRecordsToList().forEach(r ->
                batch.add(new Out(topic, r.key(), r.getRecordTime(), JsonRecords.toJson((SpecificRecord) r.value())))));
        for (TestRecord<byte[], byte[]> r : deadLetters.readRecordsToList()) {
            String reason = header(r, DeadLetters.HEADER_MESSAGE);
            diagnostics.println("line " + lines + ": rejected by the topology: " + reason);
            rejected++;
            ObjectNode value = JsonRecords.JSON.createObjectNode().put("line", lines).put("reason", reason)
                    .put("sourceTopic", header(r, DeadLetters.HEADER_TOPIC)).put("input", line);
            batch.add(new Out(config.topics().deadLetters().name(), r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                    r.getRecordTime(), value));
        }
        batch.sort(Comparator.comparing(Out::timestamp));
        batch.forEach(o -> write(o.topic(), o.key(), o.timestamp(), o.value()));
    }

    private void write(String topic, String key, Instant timestamp, JsonNode value) {
        ObjectNode line = JsonRecords.JSON.createObjectNode();
        line.put("topic", topic);
        if (key == null) {
            line.putNull("key");
        } else {
            line.put("key", key);
        }
        line.put("timestamp", timestamp.toString());
        line.set("value", value);
        try {
            out.write(line.toString());
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the replay output", e);
        }
        outputs++;
    }

    private static String header(TestRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String text(JsonNode json, String field) {
        JsonNode n = json.get(field);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not a string");
        }
        return n.asText();
    }

    private static Instant instant(JsonNode n, String field) {
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        if (n.isIntegralNumber()) {
            return Instant.ofEpochMilli(n.asLong());
        }
        try {
            return Instant.parse(n.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + field + "' is not an ISO-8601 instant: " + n.asText());
        }
    }

    @Override
    public void close() {
        if (driver != null) {
            driver.close();
        }
        stateDir.close();
    }
}
