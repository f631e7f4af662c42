package com.schoolops.sla.testing;

import com.schoolops.sla.topology.EngineConfig;
import com.schoolops.sla.avro.ContractChange;
import com.schoolops.sla.avro.ContractHistory;
import com.schoolops.sla.avro.ContractKind;
import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceDay;
import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.DeviceHeartbeat;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.SiteOutage;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.serde.InMemorySchemaRegistry;
import com.schoolops.sla.serde.ValueSerdes;
import com.schoolops.sla.serde.StateSerde;
import com.schoolops.sla.state.SiteEvent;
import com.schoolops.sla.timers.InputWatermark;
import com.schoolops.sla.topics.Topics;
import com.schoolops.sla.topology.SlaTopology;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The real topology on TopologyTestDriver with the real serdes over an in-memory registry, and a wall clock
 * the test moves: {@link #advanceTo} fires punctuations the way the live application's clock would; {@link #restart}
 * starts it again on the state it left.
 */
public final class TopologyHarness implements AutoCloseable {
    public final EngineConfig config;
    // Not final: a restart opens a new driver, with new topics.
    public TopologyTestDriver driver;
    public TestInputTopic<String, DeviceHeartbeat> heartbeats;
    public TestInputTopic<String, Device> registry;
    public TestInputTopic<String, TicketEvent> tickets;
    public TestInputTopic<String, SiteSchedule> calendar;
    public TestInputTopic<String, com.schoolops.sla.avro.Site> sites;
    public TestInputTopic<String, com.schoolops.sla.avro.ServiceVisit> visits;
    public TestInputTopic<String, byte[]> rawHeartbeats;
    public TestInputTopic<String, ContractChange> contracts;
    public TestOutputTopic<String, ContractHistory> contractVersions;
    public TestOutputTopic<String, DeviceHealthChange> health;
    public TestOutputTopic<String, SiteOutage> outages;
    public TestOutputTopic<String, Escalation> escalations;
    public TestOutputTopic<String, com.schoolops.sla.avro.TicketStatusChange> ticketStatus;
    public TestOutputTopic<byte[], byte[]> deadLetters;
    public TestOutputTopic<String, com.schoolops.sla.avro.SlaKpi> kpis;
    public TestOutputTopic<String, DeviceDay> deviceDays;
    /** What crosses the {@code site-events} repartition, for tests of what reaches the sites at all. */
    public TestOutputTopic<String, SiteEvent> siteEvents;
    /** The setting a harness that {@link #restart}s needs: at least once, so that each step checkpoints the stores. */
    public static final Map<String, String> RESTARTABLE = Map.of("processing.guarantee", "at_least_once");
    private Instant now;
    private Path stateDir;
    private final InputWatermark watermark;

    public TopologyHarness(Instant start) {
        this(start, Map.of());
    }

    public TopologyHarness(Instant start, Map<String, String> overrides) {
        this(start, overrides, InputWatermark.CURRENT);
    }

    /** With verdicts waiting for {@code watermark} (e.g. a {@link HeldWatermark}), as live input that is not all read yet. */
    public TopologyHarness(Instant start, Map<String, String> overrides, InputWatermark watermark) {
        try {
            stateDir = Files.createTempDirectory("sla-ttd");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Settings settings = Settings.defaults().with(overrides).with(Map.of("state.dir", stateDir.toString()));
        this.config = EngineConfig.from(settings, ValueSerdes.registry(InMemorySchemaRegistry.withKnownSchemas()));
        this.now = start;
        this.watermark = watermark;
        open();
    }

    private void open() {
        Properties props = config.streamsProperties();
        props.put("state.dir", stateDir.toString());
        this.driver = new TopologyTestDriver(SlaTopology.build(config.topology(watermark)), props, now);
        Topics t = config.topics();
        var key = Serdes.String().serializer();
        heartbeats = driver.createInputTopic(t.heartbeats().name(), key, t.heartbeats().valueSerde().serializer());
        registry = driver.createInputTopic(t.registry().name(), key, t.registry().valueSerde().serializer());
        tickets = driver.createInputTopic(t.tickets().name(), key, t.tickets().valueSerde().serializer());
        calendar = driver.createInputTopic(t.calendar().name(), key, t.calendar().valueSerde().serializer());
        sites = driver.createInputTopic(t.sites().name(), key, t.sites().valueSerde().serializer());
        visits = driver.createInputTopic(t.visits().name(), key, t.visits().valueSerde().serializer());
        rawHeartbeats = driver.createInputTopic(t.heartbeats().name(), key, Serdes.ByteArray().serializer());
        contracts = driver.createInputTopic(t.contracts().name(), key, t.contracts().valueSerde().serializer());
        var keyDe = Serdes.String().deserializer();
        health = driver.createOutputTopic(t.health().name(), keyDe, t.health().valueSerde().deserializer());
        outages = driver.createOutputTopic(t.outages().name(), keyDe, t.outages().valueSerde().deserializer());
        escalations = driver.createOutputTopic(t.escalations().name(), keyDe, t.escalations().valueSerde().deserializer());
        ticketStatus = driver.createOutputTopic(t.ticketStatus().name(), keyDe, t.ticketStatus().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(t.deadLetters().name(), Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer());
        kpis = driver.createOutputTopic(t.kpis().name(), keyDe, t.kpis().valueSerde().deserializer());
        contractVersions = driver.createOutputTopic(t.contractVersions().name(), keyDe, t.contractVersions().valueSerde().deserializer());
        deviceDays = driver.createOutputTopic(t.deviceDays().name(), keyDe, t.deviceDays().valueSerde().deserializer());
        siteEvents = driver.createOutputTopic(config.siteEventsTopic(), keyDe, new StateSerde<>(SiteEvent.class).deserializer());
    }

    /**
     * Stops the topology and starts it again on the state it left, at the same wall-clock time, as a restarted instance
     * (its changelogs restored) would be: what it kept only in memory is gone, and what the outputs held unread is
     * dropped. The driver deletes its state directory when it closes, so the restart opens a copy taken before: each
     * RocksDB store is flushed to its files first (a commit leaves the newest writes in memory). Only for a harness with
     * {@link #RESTARTABLE} among its settings: under exactly-once a store without a checkpoint reads as corrupted.
     */
    public void restart() {
        Path copy;
        try {
            for (org.apache.kafka.streams.processor.StateStore store : driver.getAllStateStores().values()) {
                flushToFiles(store);
            }
            copy = Files.createTempDirectory("sla-ttd");
            try (var files = Files.walk(stateDir)) {
                for (Path p : files.toList()) {
                    Path to = copy.resolve(stateDir.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else if (!p.getFileName().toString().equals("LOCK")) {
                        Files.copy(p, to);
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        close();
        stateDir = copy;
        open();
    }

    public Instant now() {
        return now;
    }

    /** Moves the wall clock forward in steps of the check interval, as the live punctuator would tick. */
    public void advanceTo(Instant target) {
        Duration step = config.health().checkInterval();
        while (now.isBefore(target)) {
            Instant next = now.plus(step).isAfter(target) ? target : now.plus(step);
            driver.advanceWallClockTime(Duration.between(now, next));
            now = next;
        }
    }

    /**
     * Moves the wall clock to {@code target} in one step: one tick there, as after a quiet stretch (weeks of a site's
     * obligations, where ticking every check interval would take hours).
     */
    public void jumpTo(Instant target) {
        if (target.isAfter(now)) {
            driver.advanceWallClockTime(Duration.between(now, target));
            now = target;
        }
    }

    public void advance(Duration d) {
        advanceTo(now.plus(d));
    }

    /** When each device last sent a heartbeat through {@link #live}. */
    public final Map<String, Instant> lastBeat = new java.util.HashMap<>();

    /** Lets time pass in steps of a second while {@code alive} send heartbeats at their expected interval. */
    public void live(Duration duration, java.util.Collection<Device> alive) {
        Instant end = now.plus(duration);
        while (now.isBefore(end)) {
            for (Device d : alive) {
                Duration interval = config.health().intervals().get(d.getDeviceType());
                Instant last = lastBeat.get(d.getDeviceId());
                if (last == null || !now.isBefore(last.plus(interval))) {
                    heartbeat(Fleet.heartbeat(d, now));
                    lastBeat.put(d.getDeviceId(), now);
                }
            }
            advance(Duration.ofSeconds(1));
        }
    }

    public void heartbeat(DeviceHeartbeat hb) {
        heartbeats.pipeInput(new TestRecord<>(hb.getDeviceId(), hb, now));
    }

    public void register(Device d) {
        registry.pipeInput(new TestRecord<>(d.getDeviceId(), d, now));
    }

    public void decommission(String deviceId) {
        registry.pipeInput(new TestRecord<>(deviceId, null, now));
    }

    public void ticket(TicketEvent e) {
        tickets.pipeInput(new TestRecord<>(e.getTicketId(), e, now));
    }

    /** A new version of a contract or calendar, written now; in force from {@code effectiveFrom} (null: now). */
    public void contract(ContractKind kind, String id, Instant effectiveFrom, String document) {
        contracts.pipeInput(new TestRecord<>(id, ContractChange.newBuilder().setId(id).setKind(kind)
                .setEffectiveFrom(effectiveFrom == null ? null : effectiveFrom.toEpochMilli()).setDocument(document).setActor("test").build(), now));
    }

    /** What {@code run} writes at start: the policies file's document of a contract or calendar. */
    public void seed(ContractKind kind, String id, String document) {
        contracts.pipeInput(new TestRecord<>(id, ContractChange.newBuilder().setId(id).setKind(kind).setDocument(document)
                .setActor("run").setFromPoliciesFile(true).build(), now));
    }

    /** A site's record on site-registry, written now. */
    public void site(com.schoolops.sla.avro.Site s) {
        sites.pipeInput(new TestRecord<>(s.getSiteId(), s, now));
    }

    /** A step of a service visit on service-visits, written now. */
    public void visit(com.schoolops.sla.avro.ServiceVisit v) {
        visits.pipeInput(new TestRecord<>(v.getSiteId(), v, now));
    }

    public void schedule(SiteSchedule s) {
        schedule(s, now);
    }

    /** A site's calendar stamped {@code at}, read now: a record that comes later than others stamped after it. */
    public void schedule(SiteSchedule s, Instant at) {
        calendar.pipeInput(new TestRecord<>(s.getSiteId(), s, at));
    }

    /** A RocksDB store's memtables written to its files (through its private handle: Streams has no call for it). */
    private static void flushToFiles(org.apache.kafka.streams.processor.StateStore store) {
        while (store instanceof org.apache.kafka.streams.state.internals.WrappedStateStore<?, ?, ?> wrapped) {
            store = wrapped.wrapped();
        }
        if (store instanceof org.apache.kafka.streams.state.internals.RocksDBStore rocks) {
            try {
                var field = org.apache.kafka.streams.state.internals.RocksDBStore.class.getDeclaredField("db");
                field.setAccessible(true);
                try (var options = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
                    ((org.rocksdb.RocksDB) field.get(rocks)).flush(options);
                }
            } catch (ReflectiveOperationException | org.rocksdb.RocksDBException e) {
                throw new IllegalStateException("cannot flush " + store.name() + " for a restart", e);
            }
        }
    }

    /** How many entries a key-value store really holds (RocksDB's own count is an estimate that includes deletions). */
    public long entries(String store) {
        try (var it = driver.getKeyValueStore(store).all()) {
            long n = 0;
            while (it.hasNext()) {
                it.next();
                n++;
            }
            return n;
        }
    }

    /** The sum over tasks of an application counter ({@code TaskCounters}) whose tags include {@code tags}. */
    public double counter(String name, Map<String, String> tags) {
        return metric(name + "-total", tags);
    }

    /** The sum over tasks of an application metric ({@code TaskCounters}) by its full name, whose tags include {@code tags}. */
    public double metric(String fullName, Map<String, String> tags) {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(com.schoolops.sla.metrics.TaskCounters.GROUP) && e.getKey().name().equals(fullName))
                .filter(e -> e.getKey().tags().entrySet().containsAll(tags.entrySet()))
                .mapToDouble(e -> (Double) e.getValue().metricValue()).sum();
    }

    public List<KeyValue<String, DeviceHealthChange>> healthChanges() {
        return health.readKeyValuesToList();
    }

    @Override
    public void close() {
        driver.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a temp directory; the OS cleans it
        }
    }
}
