package com.schoolops.sla.bench;

import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.app.SlaApplication;
import com.schoolops.sla.avro.AgentStatus;
import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.DeviceHeartbeat;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.avro.OutageState;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.serde.InMemorySchemaRegistry;
import com.schoolops.sla.serde.ValueSerdes;
import com.schoolops.sla.topics.TopicSpec;
import com.schoolops.sla.topology.SlaTopology;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Sizing numbers for the product on the machine it runs on, each against a fresh broker (in a JVM of its own unless
 * asked otherwise): heartbeat throughput against the exactly-once Streams pass-through and a plain clients loop, a
 * reconnect burst, detection latency, punctuation tick cost against fleet size, state per device and per ticket, and
 * ticket throughput. Prints one table.
 */
public final class Benchmark {
    /**
     * The throughput runs: the terminals' real 30 s interval (their last-seen is written once per 3 intervals, as in
     * production), but 100 missed intervals before a silence, so that no device falls silent at the end of a long run.
     */
    private static final Map<String, String> QUIET_FLEET = Map.of("health.missed-intervals", "100");

    /** A terminal's heartbeat interval: the preloaded heartbeats are this far apart, as a fleet sends them. */
    private static final long HEARTBEAT_SPACING_MS = 30_000;

    final PrintStream out;
    private final Map<String, String> tuning;
    private final boolean brokerInProcess;
    private final List<String[]> rows = new ArrayList<>();

    /** @param tuning settings applied to every application run (e.g. num.stream.threads), to compare configurations */
    /** @param brokerInProcess the broker in this JVM instead of a child JVM of its own */
    public Benchmark(PrintStream out, Map<String, String> tuning, boolean brokerInProcess) {
        this.out = out;
        this.tuning = tuning;
        this.brokerInProcess = brokerInProcess;
    }

    private BenchCluster cluster(String app, Map<String, String> settings) {
        return new BenchCluster(app, with(settings), brokerInProcess);
    }

    /** {@code settings} with the bench's {@code --set} over them: what each application run starts from. */
    Map<String, String> with(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.putAll(tuning);
        return all;
    }

    /** The bench's fleets are schools of this many terminals. */
    static final int DEVICES_PER_SITE = 100;

    static Device device(int i) {
        return Device.newBuilder().setDeviceId("d-" + i).setDeviceType(DeviceType.CLOUD_TERMINAL).setSiteId("site-" + (i / DEVICES_PER_SITE))
                .setParentDeviceId(null).setContractId("seed-003").setWarrantyUntil(null).setCritical(false).build();
    }

    /** How many sites the first {@code devices} of {@link #device} make. */
    static int sites(int devices) {
        return (devices + DEVICES_PER_SITE - 1) / DEVICES_PER_SITE;
    }

    static DeviceHeartbeat heartbeat(Device d, long at) {
        return DeviceHeartbeat.newBuilder().setDeviceId(d.getDeviceId()).setDeviceType(d.getDeviceType()).setSiteId(d.getSiteId())
                .setTimestamp(at).setStatus(AgentStatus.OK).setCpuPct(25.0).setMemPct(40.0).setTemperatureC(45.0).setPacketLossPct(0.1)
                .setFirmware("v2.4.1").build();
    }

    void row(String what, String value, String note) {
        rows.add(new String[]{what, value, note});
        out.printf("  %-58s %s%s%n", what, value, note.isEmpty() ? "" : "   (" + note + ")");
        out.flush();
    }

    // 1 and 4: heartbeat throughput against a plain consume-produce loop, then the state it left -----------------

    /** @param report false for a warm-up round, which prints no row */
    public void throughput(int devices, int heartbeatsPerDevice, boolean report) throws Exception {
        out.printf("%n%s, %,d devices x %d heartbeats ...%n", report ? "Heartbeat throughput" : "Warm-up round (not reported)", devices, heartbeatsPerDevice);
        String app = "bench-throughput-" + devices;
        try (BenchCluster c = cluster(app, QUIET_FLEET)) {
            long now = System.currentTimeMillis();
            long first = now - (heartbeatsPerDevice - 1) * HEARTBEAT_SPACING_MS;
            Set<String> inputs = Set.of("device-heartbeats", "device-registry", app + "-site-events-repartition");
            // First contact: every device registered and heard once. Then, with the application paused, the rounds
            // of a fleet it knows: the steady state, measured from resume to the last commit.
            long t = System.nanoTime();
            for (int i = 0; i < devices; i++) {
                c.send("device-registry", "d-" + i, device(i), first);
                c.send("device-heartbeats", "d-" + i, heartbeat(device(i), first), first);
            }
            c.flush();
            out.printf("  preloaded %,d registrations and first heartbeats in %.1f s%n", 2L * devices, (System.nanoTime() - t) / 1e9);
            try (SlaApplication application = new SlaApplication(c.config).start()) {
                t = System.nanoTime();
                application.awaitRunning(Duration.ofMinutes(5));
                double startup = (System.nanoTime() - t) / 1e9;
                c.awaitCommitted(app, inputs, Duration.ofMinutes(30));
                double coldSeconds = (System.nanoTime() - t) / 1e9;
                application.pause();
                Map<String, Long> written = c.offsetsWritten(writtenBy(c, app));
                long steadyRecords = (long) devices * (heartbeatsPerDevice - 1);
                long p = System.nanoTime();
                for (int r = 1; r < heartbeatsPerDevice; r++) {
                    long at = first + r * HEARTBEAT_SPACING_MS;
                    for (int i = 0; i < devices; i++) {
                        c.send("device-heartbeats", "d-" + i, heartbeat(device(i), at), at);
                    }
                }
                c.flush();
                out.printf("  preloaded %,d heartbeats (%d rounds, 30 s apart) in %.1f s while paused%n", steadyRecords,
                        heartbeatsPerDevice - 1, (System.nanoTime() - p) / 1e9);
                t = System.nanoTime();
                application.resume();
                c.awaitCommitted(app, inputs, Duration.ofMinutes(30));
                double seconds = (System.nanoTime() - t) / 1e9;
                double appRate = steadyRecords / seconds;
                long records = (long) devices * (heartbeatsPerDevice + 1);
                double ceiling = plainLoop(c, records);
                double framework = streamsPassThrough(c, records);
                if (!report) {
                    return;
                }
                row(String.format(Locale.ROOT, "throughput, %,d devices: application, first contact", devices),
                        String.format(Locale.ROOT, "%,.0f records/s", 2.0 * devices / coldSeconds),
                        String.format(Locale.ROOT, "registrations and first heartbeats: %.1f s from start to last commit, %.1f s of it to RUNNING", coldSeconds, startup));
                long total = written.values().stream().mapToLong(Long::longValue).sum();
                row(String.format(Locale.ROOT, "throughput, %,d devices: records written per device at first contact", devices),
                        String.format(Locale.ROOT, "%.1f", (double) total / devices), "offsets, commit markers included: " + written.entrySet().stream()
                                .filter(e -> e.getValue() >= devices / 100)
                                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey().replace(app + "-", ""), (double) e.getValue() / devices))
                                .collect(java.util.stream.Collectors.joining(", ")));
                row(String.format(Locale.ROOT, "throughput, %,d devices: application, steady heartbeats", devices),
                        String.format(Locale.ROOT, "%,.0f records/s", appRate), String.format(Locale.ROOT, "%d rounds of a known fleet: %.1f s from resume to last commit", heartbeatsPerDevice - 1, seconds));
                row(String.format(Locale.ROOT, "throughput, %,d devices: plain clients loop (ceiling)", devices),
                        String.format(Locale.ROOT, "%,.0f records/s", ceiling), "");
                row(String.format(Locale.ROOT, "throughput, %,d devices: Kafka Streams pass-through", devices),
                        String.format(Locale.ROOT, "%,.0f records/s", framework), "exactly-once, bytes copied, no state");
                row(String.format(Locale.ROOT, "throughput, %,d devices: steady application / Streams pass-through", devices),
                        String.format(Locale.ROOT, "%.2f", appRate / framework), "target >= 0.50");
                row(String.format(Locale.ROOT, "throughput, %,d devices: steady application / plain clients loop", devices),
                        String.format(Locale.ROOT, "%.2f", appRate / ceiling), "");
            }
            long disk = BenchCluster.directoryBytes(c.stateDir.resolve(app));
            long changelog = c.topicBytes("-store-changelog");
            Map<String, StateFootprint.Store> stores = StateFootprint.measure(c.stateDir.resolve(app));
            long live = stores.values().stream().mapToLong(StateFootprint.Store::liveBytes).sum();
            long tables = stores.values().stream().mapToLong(StateFootprint.Store::tableBytes).sum();
            row(String.format(Locale.ROOT, "state per device, %,d devices: live keys and values", devices),
                    String.format(Locale.ROOT, "%,.0f bytes", (double) live / devices), perStore(stores, devices));
            row(String.format(Locale.ROOT, "state per device, %,d devices: RocksDB files, compacted", devices),
                    String.format(Locale.ROOT, "%,.0f bytes", (double) tables / devices), "table files after a full compaction; target < 200");
            row(String.format(Locale.ROOT, "state per device, %,d devices: state directory as left", devices),
                    String.format(Locale.ROOT, "%,.0f bytes", (double) disk / devices), "right after a clean close, before compaction settles");
            row(String.format(Locale.ROOT, "state per device, %,d devices: changelogs", devices),
                    String.format(Locale.ROOT, "%,.0f bytes", (double) changelog / devices), "before compaction: every update is kept");
        }
    }

    /** The topics the application writes: its internal ones (repartitions, changelogs) and its outputs. */
    private static Set<String> writtenBy(BenchCluster c, String app) {
        Set<String> topics = new java.util.HashSet<>(Set.of(app + "-"));
        c.config.topics().outputs().forEach(t -> topics.add(t.name()));
        return topics;
    }

    private static String perStore(Map<String, StateFootprint.Store> stores, long per) {
        return stores.entrySet().stream().filter(e -> e.getValue().liveBytes() > 0).sorted(Map.Entry.comparingByKey())
                .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), (double) e.getValue().liveBytes() / per))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** The same input through the simplest consume-and-produce loop the clients allow: the ceiling of this machine. */
    private static double plainLoop(BenchCluster c, long records) throws Exception {
        Properties a = new Properties();
        a.put("bootstrap.servers", c.broker.bootstrapServers());
        try (Admin admin = Admin.create(a)) {
            admin.createTopics(List.of(new NewTopic("bench-copy", 2, (short) 1))).all().get();
        }
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, c.broker.bootstrapServers());
        cp.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-ceiling");
        cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        cp.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        Properties pp = new Properties();
        pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, c.broker.bootstrapServers());
        pp.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        pp.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        long t = System.nanoTime();
        long seen = 0;
        try (var consumer = new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             var producer = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
            consumer.subscribe(List.of(c.config.topics().heartbeats().name(), c.config.topics().registry().name()));
            while (seen < records) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    producer.send(new ProducerRecord<>("bench-copy", r.key(), r.value()));
                    seen++;
                }
                consumer.commitAsync();
            }
            producer.flush();
            consumer.commitSync();
        }
        return records / ((System.nanoTime() - t) / 1e9);
    }

    /**
     * The same input through the smallest exactly-once Kafka Streams application there is (copy the bytes, no
     * parsing, no state): what the framework itself costs here, between the plain loop and the application.
     */
    private static double streamsPassThrough(BenchCluster c, long records) throws Exception {
        Properties p = new Properties();
        p.put(org.apache.kafka.streams.StreamsConfig.APPLICATION_ID_CONFIG, "bench-pass-through");
        p.put(org.apache.kafka.streams.StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, c.broker.bootstrapServers());
        p.put(org.apache.kafka.streams.StreamsConfig.PROCESSING_GUARANTEE_CONFIG, org.apache.kafka.streams.StreamsConfig.EXACTLY_ONCE_V2);
        p.put(org.apache.kafka.streams.StreamsConfig.STATE_DIR_CONFIG, c.stateDir.resolve("pass-through").toString());
        p.put(org.apache.kafka.streams.StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
        Properties a = new Properties();
        a.put("bootstrap.servers", c.broker.bootstrapServers());
        try (Admin admin = Admin.create(a)) {
            admin.createTopics(List.of(new NewTopic("bench-streams-copy", 2, (short) 1))).all().get();
        }
        var builder = new org.apache.kafka.streams.StreamsBuilder();
        builder.stream(List.of(c.config.topics().heartbeats().name(), c.config.topics().registry().name()),
                        org.apache.kafka.streams.kstream.Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .to("bench-streams-copy", org.apache.kafka.streams.kstream.Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        long t = System.nanoTime();
        try (var streams = new org.apache.kafka.streams.KafkaStreams(builder.build(), p)) {
            streams.start();
            c.awaitCommitted("bench-pass-through", Set.of(c.config.topics().heartbeats().name(), c.config.topics().registry().name()),
                    Duration.ofMinutes(30));
            return records / ((System.nanoTime() - t) / 1e9);
        }
    }

    // 1c: failover and restart after kill -9 ------------------------------------------------------------------

    public void failover(int devices) throws Exception {
        FailoverBench failover = new FailoverBench(this, brokerInProcess);
        failover.takeover(devices, FailoverBench.Grouping.DEFAULTS, 1);
        failover.restart(devices);
    }

    /** Takeover after kill -9 under each group protocol and timing compared (issue 39 #3), {@code kills} kills each. */
    public void takeovers(int devices, int kills) throws Exception {
        FailoverBench failover = new FailoverBench(this, brokerInProcess);
        for (FailoverBench.Grouping grouping : FailoverBench.COMPARED) {
            failover.takeover(devices, grouping, kills);
        }
    }

    // 1b: a reconnect burst ---------------------------------------------------------------------------------

    /**
     * A power cut: every device is heard, falls silent and is found DOWN; then all of them send a heartbeat at once.
     * Measured: from the last heartbeat of the burst written to the broker until a read_committed reader has seen
     * every device UP again.
     */
    public void burst(int devices) throws Exception {
        out.printf("%nReconnect burst: %,d devices DOWN after a power cut, then all heard at once ...%n", devices);
        // A short interval so that the power cut is found quickly; every other setting is the default. Each device
        // sends one heartbeat when it comes back, so it is due to fall silent again 3 intervals later: the interval is
        // long enough (15 s) that the measure never takes in a second power cut of the whole fleet. With 2 s it did,
        // whenever the return took over 6 s, and 100,000 silences more made the same build read 5.4 s one run, 12.4 s another.
        Duration interval = Duration.ofSeconds(5);
        long silentAgainAfterMs = 3 * interval.toMillis();
        Map<String, String> fast = Map.of("health.interval.CLOUD_TERMINAL", interval.toSeconds() + "s");
        String app = "bench-burst";
        try (BenchCluster c = cluster(app, fast)) {
            long now = System.currentTimeMillis();
            for (int i = 0; i < devices; i++) {
                c.send("device-registry", "d-" + i, device(i), now);
                c.send("device-heartbeats", "d-" + i, heartbeat(device(i), now), now);
            }
            c.flush();
            Map<String, HealthState> states = new java.util.concurrent.ConcurrentHashMap<>();
            Set<String> backUp = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.concurrent.atomic.AtomicBoolean burstSent = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicLong allUpAt = new java.util.concurrent.atomic.AtomicLong();
            Thread reader = healthReader(c, r -> {
                states.put(r.key(), r.value().getState());
                if (burstSent.get() && r.value().getState() == HealthState.UP && backUp.add(r.key()) && backUp.size() == devices) {
                    allUpAt.set(System.currentTimeMillis());
                }
            });
            // The power cut is over for the application once every site's outage is published (at the end of its
            // outage window, after the devices' DOWN): the burst does not race the judging of the cut itself.
            int sites = sites(devices);
            Set<String> sitesOut = java.util.concurrent.ConcurrentHashMap.newKeySet();
            Thread outageReader = reader(c, c.config.topics().outages(), r -> {
                if (r.value().getState() == OutageState.STARTED) {
                    sitesOut.add(r.key());
                }
            });
            try (SlaApplication application = new SlaApplication(c.config).start()) {
                application.awaitRunning(Duration.ofMinutes(5));
                long deadline = System.currentTimeMillis() + 300_000;
                while (states.values().stream().filter(st -> st == HealthState.DOWN).count() < devices || sitesOut.size() < sites) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("not every device was found DOWN, and every site in an outage, within 5 minutes");
                    }
                    Thread.sleep(100);
                }
                // ... and once the application has read everything the cut left it: the heartbeats, and the silences
                // its liveness stage told the sites. Outages are published before the last of those are read: a
                // burst sent at once raced the cut's tail (2026-12-07: the site stage caught up 0.7 s into a burst).
                long quiet = System.nanoTime();
                c.awaitCommitted(app, Set.of(c.config.topics().heartbeats().name(), app + "-site-events-repartition"), Duration.ofMinutes(5));
                out.printf("  the cut judged: every device DOWN, every site's outage published, every input read (%.1f s after the outages)%n",
                        (System.nanoTime() - quiet) / 1e9);
                burstSent.set(true);
                long sendStart = System.nanoTime();
                long at = System.currentTimeMillis();
                for (int i = 0; i < devices; i++) {
                    c.send("device-heartbeats", "d-" + i, heartbeat(device(i), at), at);
                }
                c.flush();
                long written = System.currentTimeMillis();
                double sendSeconds = (System.nanoTime() - sendStart) / 1e9;
                deadline = written + 300_000;
                while (allUpAt.get() == 0) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("only " + backUp.size() + " of " + devices + " devices were UP again within 5 minutes");
                    }
                    Thread.sleep(20);
                }
                long tookMs = allUpAt.get() - written;
                row(String.format(Locale.ROOT, "reconnect burst, %,d devices: all UP again", devices),
                        String.format(Locale.ROOT, "%.1f s", tookMs / 1000.0),
                        String.format(Locale.ROOT, "after the last heartbeat was written (%.1f s to write them all); target < 5 s%s", sendSeconds,
                                allUpAt.get() - at >= silentAgainAfterMs ? "; NOT COMPARABLE: the devices were due to fall silent again during it" : ""));
            } finally {
                for (Thread r : List.of(reader, outageReader)) {
                    r.interrupt();
                    r.join(10_000);
                }
            }
        }
    }

    /** A read_committed reader of device-health from the beginning, on its own thread, until interrupted. */
    static Thread healthReader(BenchCluster c, java.util.function.Consumer<ConsumerRecord<String, DeviceHealthChange>> onRecord) {
        return reader(c, c.config.topics().health(), onRecord);
    }

    /** A read_committed reader of an output topic from the beginning, on its own thread, until interrupted. */
    static <V> Thread reader(BenchCluster c, TopicSpec<String, V> topic, java.util.function.Consumer<ConsumerRecord<String, V>> onRecord) {
        Thread reader = new Thread(() -> {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, c.broker.bootstrapServers());
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            // A low-latency reader, as an alerting consumer would be: a transaction's commit marker does not end
            // a broker's fetch wait, so the default 500 ms wait would be measured instead of the application.
            p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
            var consumer = new KafkaConsumer<>(p, Serdes.String().deserializer(), topic.valueSerde().deserializer());
            try {
                List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                        .map(i -> new TopicPartition(topic.name(), i.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (!Thread.currentThread().isInterrupted()) {
                    consumer.poll(Duration.ofMillis(10)).forEach(onRecord);
                }
            } catch (org.apache.kafka.common.errors.InterruptException stopped) {
                // the measurement is over
            } finally {
                Thread.interrupted(); // close without the interrupt, which it would report with a stack trace
                consumer.close();
            }
        }, topic.name() + "-reader");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    // 2: detection latency ---------------------------------------------------------------------------------

    public void latency(int devices) throws Exception {
        out.printf("%nDetection latency, %,d devices beating every second, then falling silent one after another ...%n", devices);
        Map<String, String> fast = Map.of("health.interval.CLOUD_TERMINAL", "1s", "site-outage.window", "1s");
        String app = "bench-latency";
        try (BenchCluster c = cluster(app, fast);
             SlaApplication application = new SlaApplication(c.config).start()) {
            application.awaitRunning(Duration.ofSeconds(60));
            List<Device> fleet = new ArrayList<>();
            for (int i = 0; i < devices; i++) {
                fleet.add(device(i));
                c.send("device-registry", "d-" + i, fleet.get(i), System.currentTimeMillis());
            }
            Map<String, Long> deadlines = new java.util.concurrent.ConcurrentHashMap<>();
            Map<String, Long> received = new java.util.concurrent.ConcurrentHashMap<>();
            // The reader runs from the start, so a DOWN record is timed when it becomes visible, not when we look.
            Thread reader = healthReader(c, r -> {
                if (r.value().getState() == HealthState.DOWN) {
                    received.putIfAbsent(r.key(), System.currentTimeMillis());
                }
            });
            long start = System.currentTimeMillis();
            // Everyone beats every second for 5 s; then device i stops after its beat at 5 s + (i mod 50) x 100 ms.
            long[] last = new long[devices];
            long[] stopAt = new long[devices];
            for (int i = 0; i < devices; i++) {
                stopAt[i] = start + 5000 + (i % 50) * 100L;
            }
            long end = start + 10_000;
            long[] next = new long[devices];
            while (System.currentTimeMillis() < end) {
                long now = System.currentTimeMillis();
                for (int i = 0; i < devices; i++) {
                    if (now >= next[i] && now <= stopAt[i]) {
                        c.send("device-heartbeats", "d-" + i, heartbeat(fleet.get(i), now), now);
                        last[i] = now;
                        next[i] = now + 1000;
                        deadlines.put("d-" + i, now + 3000); // 3 missed one-second intervals
                    }
                }
                c.flush();
                Thread.sleep(20);
            }
            long waitUntil = System.currentTimeMillis() + 30_000;
            while (received.size() < devices && System.currentTimeMillis() < waitUntil) {
                Thread.sleep(50);
            }
            reader.interrupt();
            List<Long> latencies = new ArrayList<>();
            received.forEach((device, at) -> latencies.add(at - deadlines.get(device)));
            Collections.sort(latencies);
            if (System.getenv("SLA_BENCH_DEBUG") != null && !latencies.isEmpty()) {
                out.println("  latencies (ms) min/p10/p25/p50/p75/p90/max: " + latencies.get(0) + " " + latencies.get(latencies.size() / 10) + " "
                        + latencies.get(latencies.size() / 4) + " " + latencies.get(latencies.size() / 2) + " " + latencies.get(latencies.size() * 3 / 4)
                        + " " + latencies.get(latencies.size() * 9 / 10) + " " + latencies.get(latencies.size() - 1));
            }
            if (latencies.isEmpty()) {
                row("detection latency", "no DOWN record seen", "");
                return;
            }
            row(String.format(Locale.ROOT, "detection latency past the deadline, %,d devices: p50", latencies.size()),
                    latencies.get(latencies.size() / 2) + " ms", "to a read_committed consumer");
            row(String.format(Locale.ROOT, "detection latency past the deadline, %,d devices: p99", latencies.size()),
                    latencies.get(Math.min(latencies.size() - 1, (int) Math.ceil(latencies.size() * 0.99) - 1)) + " ms", "target < 1000 ms");
            row(String.format(Locale.ROOT, "detection latency past the deadline, %,d devices: max", latencies.size()),
                    latencies.get(latencies.size() - 1) + " ms", "");
        }
    }

    // 3: punctuation tick cost against fleet size -----------------------------------------------------------

    /** @param report false for a warm-up round, which prints no row */
    public void tickCost(int devices, boolean report) throws Exception {
        out.printf("%n%s with %,d devices tracked and 20 due per tick ...%n", report ? "Tick cost" : "Warm-up round (not reported)", devices);
        Path state = Files.createTempDirectory("sla-bench-ttd");
        AppConfig config = AppConfig.from(Settings.defaults().with(Map.of("state.dir", state.toString(),
                        "kafka.processor.wrapper.class", PunctuationTimer.class.getName())),
                ValueSerdes.registry(InMemorySchemaRegistry.withKnownSchemas()));
        Instant t0 = Instant.parse("2026-03-02T00:00:00Z");
        try (TopologyTestDriver driver = new TopologyTestDriver(SlaTopology.build(config.topology()), config.streamsProperties(), t0)) {
            var key = Serdes.String().serializer();
            TestInputTopic<String, Device> registry = driver.createInputTopic("device-registry", key, config.topics().registry().valueSerde().serializer());
            TestInputTopic<String, DeviceHeartbeat> beats = driver.createInputTopic("device-heartbeats", key, config.topics().heartbeats().valueSerde().serializer());
            long t = System.nanoTime();
            for (int i = 0; i < devices; i++) {
                registry.pipeInput("d-" + i, device(i), t0);
            }
            // Onboarding judges every site it touched once, at the end of the outage window: a one-off, not a tick.
            driver.advanceWallClockTime(Duration.ofSeconds(20));
            Instant now = t0.plusSeconds(20);
            // 2,000 devices last heard at spread times: their deadlines fall 20 to a tick over the measured ticks.
            for (int i = 0; i < 2000; i++) {
                Instant heard = now.minusSeconds(85).plusMillis(i * 25L);
                beats.pipeInput("d-" + i, heartbeat(device(i), heard.toEpochMilli()), now);
            }
            out.printf("  loaded in %.1f s%n", (System.nanoTime() - t) / 1e9);
            List<Long> punctuations = new ArrayList<>();
            List<Long> advances = new ArrayList<>();
            long before = PunctuationTimer.NANOS.sum();
            for (int k = 0; k < 100; k++) {
                long s = System.nanoTime();
                driver.advanceWallClockTime(Duration.ofMillis(500));
                advances.add(System.nanoTime() - s);
                long after = PunctuationTimer.NANOS.sum();
                punctuations.add(after - before);
                before = after;
            }
            if (!report) {
                return;
            }
            Collections.sort(punctuations);
            Collections.sort(advances);
            row(String.format(Locale.ROOT, "tick cost, %,d devices tracked, ~20 due: tick work p50 / p99", devices),
                    String.format(Locale.ROOT, "%.2f / %.2f ms", punctuations.get(49) / 1e6, punctuations.get(98) / 1e6),
                    "the punctuations and the judging their read marks trigger, in one tick; must not grow with the fleet");
            row(String.format(Locale.ROOT, "tick cost, %,d devices tracked, ~20 due: whole advance p50", devices),
                    String.format(Locale.ROOT, "%.2f ms", advances.get(49) / 1e6), "TopologyTestDriver: punctuations plus its commit, which flushes RocksDB");
        } finally {
            try (var files = Files.walk(state)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    // 5: tickets -------------------------------------------------------------------------------------------

    public void tickets(int count) throws Exception {
        out.printf("%nTicket load: %,d tickets opened ...%n", count);
        String app = "bench-tickets";
        try (BenchCluster c = cluster(app, Map.of())) {
            long now = System.currentTimeMillis();
            for (int i = 0; i < count; i++) {
                c.send("fault-tickets", "T-" + i, TicketEvent.newBuilder().setTicketId("T-" + i).setType(TicketEventType.OPENED).setTimestamp(now)
                        .setSiteId("site-" + (i % 1000)).setDeviceId(null).setContractId("seed-003").setSeverity("GENERAL")
                        .setCategory(TicketCategory.HARDWARE).build(), now);
            }
            c.flush();
            long t = System.nanoTime();
            try (SlaApplication application = new SlaApplication(c.config).start()) {
                c.awaitCommitted(app, Set.of("fault-tickets", app + "-site-events-repartition"), Duration.ofMinutes(30));
                double seconds = (System.nanoTime() - t) / 1e9;
                row(String.format(Locale.ROOT, "tickets opened through the SLA engine, %,d open", count),
                        String.format(Locale.ROOT, "%,.0f tickets/s", count / seconds), String.format(Locale.ROOT, "%.1f s from start to last commit", seconds));
            }
            long disk = BenchCluster.directoryBytes(c.stateDir.resolve(app));
            long changelog = c.topicBytes(app + "-ticket-state-store-changelog") + c.topicBytes(app + "-sla-deadline-store-changelog");
            row(String.format(Locale.ROOT, "state per open ticket, %,d open: local disk", count), String.format(Locale.ROOT, "%,.0f bytes", (double) disk / count), "");
            row(String.format(Locale.ROOT, "state per open ticket, %,d open: changelogs", count), String.format(Locale.ROOT, "%,.0f bytes", (double) changelog / count), "");
        }
    }

    // 7: soak ---------------------------------------------------------------------------------------------

    /** Half an hour of a district with the instance in a JVM of its own: memory, state and detection over time. */
    public void soak(int devices, Duration length, java.nio.file.Path out) throws Exception {
        new SoakBench(this, brokerInProcess, out).run(devices, length);
    }

    // 8: storm ---------------------------------------------------------------------------------------------

    /** A district's schools lose power within a minute and come back: what notify sends, when, and to whom (issue 39). */
    public void storm(int schools, Duration outage, Duration groupInterval, int flooded) throws Exception {
        new StormBench(this, brokerInProcess).run(schools, outage, groupInterval, flooded);
    }

    // 9: alert to person ------------------------------------------------------------------------------------

    /** From a verdict's due time to the receiver's request, run and notify as deployed, while a district beats (issue 39). */
    public void alert(int devices, int verdicts, Duration spread) throws Exception {
        new AlertBench(this, brokerInProcess).run(devices, verdicts, spread);
    }

    // 6: whatif -------------------------------------------------------------------------------------------

    /** {@code whatif} over a month of a district: offline, no broker. */
    public void whatif(int devices, int tickets) throws Exception {
        WhatIfBench.run(this, out, devices, tickets);
    }

    public void printTable(String machine) {
        out.println();
        out.println("Results (" + machine + ")");
        out.printf("| %-62s | %-18s | %s |%n", "measure", "value", "note");
        out.println("|" + "-".repeat(64) + "|" + "-".repeat(20) + "|------|");
        for (String[] r : rows) {
            out.printf("| %-62s | %-18s | %s |%n", r[0], r[1], r[2]);
        }
    }
}
