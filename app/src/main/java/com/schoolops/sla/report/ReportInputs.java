package com.schoolops.sla.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceDay;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.KpiScope;
import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.Site;
import com.schoolops.sla.avro.SlaKpi;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.serde.JsonRecords;
import com.schoolops.sla.topics.TopicSpec;
import com.schoolops.sla.topics.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * What the reports read, from the cluster or from files: the engine's outputs ({@code device-daily}, {@code sla-escalations},
 * {@code sla-kpis}) and the inputs they are about ({@code fault-tickets}, {@code service-visits}, {@code site-registry},
 * {@code device-registry}). The files are JSON Lines in replay's format, a replay's output and its input alike (each line
 * names its topic; other topics and {@code advance} lines are skipped). The cluster's topics are read from their start to
 * their end now, {@code read_committed}: a report costs a read of every record of those topics.
 * A site's last registry record is kept even when a tombstone follows (the school's name stays on its past records); a
 * device's tombstone removes it (its days still count: they are in device-daily).
 */
public final class ReportInputs {
    private ReportInputs() {
    }

    /** What an inspection record reads. */
    public static List<TopicSpec<String, ?>> inspection(Topics t) {
        return List.of(t.deviceDays(), t.escalations(), t.kpis(), t.tickets(), t.visits(), t.sites(), t.registry());
    }

    /** What a monthly review reads. */
    public static List<TopicSpec<String, ?>> review(Topics t) {
        return List.of(t.kpis(), t.escalations());
    }

    /** The records about one site (its KPI records, not its contract's): what a site's report keeps of all it reads. */
    public static Predicate<Object> ofSite(String siteId) {
        return v -> {
            if (v instanceof SlaKpi k) {
                return k.getScope() == KpiScope.SITE && siteId.equals(k.getScopeId());
            }
            return siteId.equals(siteOf(v));
        };
    }

    public static final Predicate<Object> EVERYTHING = v -> true;

    private static String siteOf(Object v) {
        if (v instanceof DeviceDay d) {
            return d.getSiteId();
        } else if (v instanceof Escalation e) {
            return e.getSiteId();
        } else if (v instanceof TicketEvent t) {
            return t.getSiteId();
        } else if (v instanceof ServiceVisit s) {
            return s.getSiteId();
        } else if (v instanceof Site s) {
            return s.getSiteId();
        } else if (v instanceof Device d) {
            return d.getSiteId();
        }
        return null;
    }

    /** Where the records come from: the cluster or files. */
    public interface Source {
        InspectionRecord.Inputs read(List<TopicSpec<String, ?>> topics, Predicate<Object> keep);
    }

    /** The records of {@code topics} in JSON Lines {@code files} (replay's format), in the files' order. */
    public static Source files(List<Path> files) {
        return (topics, keep) -> {
            Map<String, TopicSpec<String, ?>> byName = new HashMap<>();
            topics.forEach(t -> byName.put(t.name(), t));
            Gathered gathered = new Gathered(keep);
            for (Path file : files) {
                try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    int n = 0;
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        n++;
                        if (line.isBlank()) {
                            continue;
                        }
                        try {
                            JsonNode record = JsonRecords.JSON.readTree(line);
                            TopicSpec<String, ?> topic = byName.get(record.path("topic").asText());
                            if (topic != null) {
                                JsonNode value = record.get("value");
                                gathered.add(record.path("key").asText(null), value == null || value.isNull() ? null
                                        : JsonRecords.fromJson(value, topic.valueType().asSubclass(SpecificRecord.class)), topic.valueType());
                            }
                        } catch (IOException | RuntimeException e) {
                            throw new IllegalArgumentException(file + ":" + n + ": " + e.getMessage(), e);
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
                }
            }
            return gathered.inputs();
        };
    }

    /** Everything on {@code topics} up to their end now, {@code read_committed}, with these client settings. */
    public static Source cluster(Map<String, String> clientSettings) {
        return (topics, keep) -> {
            Properties p = new Properties();
            p.putAll(clientSettings);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            Map<String, TopicSpec<String, ?>> byName = new HashMap<>();
            topics.forEach(t -> byName.put(t.name(), t));
            Gathered gathered = new Gathered(keep);
            try (var consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = topics.stream().flatMap(t -> java.util.Objects.requireNonNullElse( // a topic not made yet: nothing
                                consumer.partitionsFor(t.name(), Duration.ofSeconds(30)), List.<org.apache.kafka.common.PartitionInfo>of()).stream()
                        .map(i -> new TopicPartition(t.name(), i.partition()))).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
                while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                    consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                        TopicSpec<String, ?> topic = byName.get(r.topic());
                        Object value = r.value() == null ? null : topic.valueSerde().deserializer().deserialize(r.topic(), r.value());
                        gathered.add(r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8), value, topic.valueType());
                    });
                }
            }
            return gathered.inputs();
        };
    }

    /** The records kept, by kind. */
    private static final class Gathered {
        final Predicate<Object> keep;
        final List<DeviceDay> days = new ArrayList<>();
        final List<Escalation> escalations = new ArrayList<>();
        final List<SlaKpi> kpis = new ArrayList<>();
        final List<TicketEvent> tickets = new ArrayList<>();
        final List<ServiceVisit> visits = new ArrayList<>();
        final Map<String, Site> sites = new LinkedHashMap<>();
        final Map<String, Device> devices = new LinkedHashMap<>();

        Gathered(Predicate<Object> keep) {
            this.keep = keep;
        }

        void add(String key, Object value, Class<?> type) {
            if (value == null) {
                if (type == Device.class && key != null) {
                    devices.remove(key); // decommissioned; a site's tombstone keeps its last record
                }
                return;
            }
            if (!keep.test(value)) {
                return;
            }
            if (value instanceof DeviceDay d) {
                days.add(d);
            } else if (value instanceof Escalation e) {
                escalations.add(e);
            } else if (value instanceof SlaKpi k) {
                kpis.add(k);
            } else if (value instanceof TicketEvent t) {
                tickets.add(t);
            } else if (value instanceof ServiceVisit v) {
                visits.add(v);
            } else if (value instanceof Site s) {
                sites.put(s.getSiteId(), s);
            } else if (value instanceof Device d) {
                devices.put(d.getDeviceId(), d);
            }
        }

        InspectionRecord.Inputs inputs() {
            return new InspectionRecord.Inputs(days, escalations, kpis, tickets, visits, sites, devices);
        }
    }
}
