package com.schoolops.sla.topology;

import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.SiteOutage;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.config.AppConfig;
import com.schoolops.sla.health.DeviceHealthProcessor;
import com.schoolops.sla.health.HealthStores;
import com.schoolops.sla.serde.StateSerde;
import com.schoolops.sla.state.DeviceState;
import com.schoolops.sla.state.SiteEvent;
import com.schoolops.sla.state.SiteOutageState;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The whole processing graph, as one pure function of the configuration (the application, {@code replay} and
 * the tests all call it). Read top to bottom:
 * <ol>
 *   <li>Each input is checked and re-keyed by siteId (heartbeats joined with the registry to find their site).</li>
 *   <li>All of them meet on one repartition topic, {@code site-events}: a site's devices, tickets and calendar
 *       live in one task, so a switch and the terminals behind it are judged together.</li>
 *   <li>Device health per site: device states, outages, escalations.</li>
 * </ol>
 */
public final class SlaTopology {
    public static final String SITE_EVENTS = "site-events";
    static final String DEVICE_HEALTH = "device-health-processor";

    private SlaTopology() {
    }

    public static Topology build(AppConfig config) {
        Topics topics = config.topics();
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(config.streamsProperties())));

        // 1. Inputs, checked and keyed by site.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HealthStores.DEVICE_REGISTRY),
                Serdes.String(), new StateSerde<>(Device.class)));
        KStream<String, SiteEvent> heartbeats = builder.stream(topics.heartbeats().name(), topics.heartbeats().consumed())
                .process(() -> new HeartbeatRouter(config.health().maxFutureSkew()), Named.as("heartbeat-router"), HealthStores.DEVICE_REGISTRY);
        KStream<String, SiteEvent> registry = builder.stream(topics.registry().name(), topics.registry().consumed())
                .process(RegistryRouter::new, Named.as("registry-router"), HealthStores.DEVICE_REGISTRY);
        KStream<String, SiteEvent> tickets = builder.stream(topics.tickets().name(), topics.tickets().consumed())
                .process(TicketRouter::new, Named.as("ticket-router"));
        KStream<String, SiteEvent> calendar = builder.stream(topics.calendar().name(), topics.calendar().consumed())
                .process(CalendarRouter::new, Named.as("calendar-router"));

        // 2. One stream per site.
        KStream<String, SiteEvent> siteEvents = heartbeats
                .merge(registry, Named.as("merge-registry"))
                .merge(tickets, Named.as("merge-tickets"))
                .merge(calendar, Named.as("merge-calendar"))
                .repartition(Repartitioned.<String, SiteEvent>as(SITE_EVENTS)
                        .withKeySerde(Serdes.String()).withValueSerde(new StateSerde<>(SiteEvent.class)));

        // 3. Device health.
        builder.addStateStore(kv(HealthStores.DEVICE_STATE, new StateSerde<>(DeviceState.class)));
        builder.addStateStore(kv(HealthStores.SITE_OUTAGES, new StateSerde<>(SiteOutageState.class)));
        builder.addStateStore(kv(HealthStores.SITE_CALENDAR, new StateSerde<>(SiteSchedule.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HealthStores.HEALTH_DEADLINES),
                Serdes.Bytes(), Serdes.ByteArray()));
        KStream<String, SpecificRecord> health = siteEvents.process(() -> new DeviceHealthProcessor(config.health()),
                Named.as(DEVICE_HEALTH), HealthStores.DEVICE_STATE, HealthStores.SITE_OUTAGES, HealthStores.SITE_CALENDAR,
                HealthStores.HEALTH_DEADLINES);
        health.split(Named.as(DEVICE_HEALTH + "-"))
                .branch((k, v) -> v instanceof DeviceHealthChange, Branched.withConsumer(s -> to(s, topics.health(), DeviceHealthChange.class), "health"))
                .branch((k, v) -> v instanceof SiteOutage, Branched.withConsumer(s -> to(s, topics.outages(), SiteOutage.class), "outages"))
                .branch((k, v) -> v instanceof Escalation, Branched.withConsumer(s -> to(s, topics.escalations(), Escalation.class), "escalations"));

        return builder.build();
    }

    private static <V> org.apache.kafka.streams.state.StoreBuilder<?> kv(String name, Serde<V> valueSerde) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), valueSerde);
    }

    /** Writes the records of one output type to its topic. */
    private static <V> void to(KStream<String, SpecificRecord> stream, TopicSpec<String, V> topic, Class<V> type) {
        stream.mapValues(type::cast, Named.as(DEVICE_HEALTH + "-as-" + topic.name()))
                .to(topic.name(), topic.produced(DEVICE_HEALTH));
    }
}
