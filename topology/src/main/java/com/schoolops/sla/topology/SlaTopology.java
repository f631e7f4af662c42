package com.schoolops.sla.topology;

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
import com.schoolops.sla.state.Rejected;
import com.schoolops.sla.state.TicketState;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.sla.SlaStores;
import com.schoolops.sla.sla.TicketSlaProcessor;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The whole processing graph, as one pure function of the configuration (the application, {@code replay} and
 * the tests all call it). Read top to bottom:
 * <ol>
 *   <li>Each input is checked and re-keyed by siteId (heartbeats joined with the registry to find their site).</li>
 *   <li>All of them meet on one repartition topic, {@code site-events}: a site's devices, tickets and calendar
 *       live in one task, so a switch and the terminals behind it are judged together.</li>
 *   <li>Device health per site: device states, outages, escalations.</li>
 *   <li>Ticket SLA clocks per site, joined with the site's device-health changes.</li>
 * </ol>
 */
public final class SlaTopology {
    public static final String SITE_EVENTS = "site-events";
    static final String DEVICE_HEALTH = "device-health-processor";
    static final String TICKET_SLA = "ticket-sla-processor";

    private SlaTopology() {
    }

    public static Topology build(AppConfig config) {
        Topics topics = config.topics();
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(config.streamsProperties())));

        // 1. Inputs, checked and keyed by site.
        builder.addStateStore(cached(config, kv(HealthStores.DEVICE_SITES, Serdes.String())));
        KStream<String, SiteEvent> heartbeats = builder.stream(topics.heartbeats().name(), topics.heartbeats().consumed())
                .process(() -> new HeartbeatRouter(config.health().maxFutureSkew()), Named.as("heartbeat-router"), HealthStores.DEVICE_SITES);
        KStream<String, SiteEvent> registry = builder.stream(topics.registry().name(), topics.registry().consumed())
                .process(RegistryRouter::new, Named.as("registry-router"), HealthStores.DEVICE_SITES);
        KStream<String, SiteEvent> tickets = builder.stream(topics.tickets().name(), topics.tickets().consumed())
                .process(() -> new TicketRouter(config.policies()), Named.as("ticket-router"));
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
        builder.addStateStore(cached(config, kv(HealthStores.DEVICE_STATE, new StateSerde<>(DeviceState.class))));
        builder.addStateStore(cached(config, kv(HealthStores.SITE_OUTAGES, new StateSerde<>(SiteOutageState.class))));
        builder.addStateStore(cached(config, kv(HealthStores.SITE_CALENDAR, new StateSerde<>(SiteSchedule.class))));
        builder.addStateStore(cached(config, Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HealthStores.HEALTH_DEADLINES),
                Serdes.Bytes(), Serdes.ByteArray())));
        KStream<String, SpecificRecord> health = siteEvents.process(() -> new DeviceHealthProcessor(config.health()),
                Named.as(DEVICE_HEALTH), HealthStores.DEVICE_STATE, HealthStores.SITE_OUTAGES, HealthStores.SITE_CALENDAR,
                HealthStores.HEALTH_DEADLINES);
        KStream<String, DeviceHealthChange> healthChanges = ofType(health, DeviceHealthChange.class, DEVICE_HEALTH);
        healthChanges.to(topics.health().name(), topics.health().produced(DEVICE_HEALTH));
        ofType(health, SiteOutage.class, DEVICE_HEALTH).to(topics.outages().name(), topics.outages().produced(DEVICE_HEALTH));
        ofType(health, Escalation.class, DEVICE_HEALTH).to(topics.escalations().name(), topics.escalations().produced(DEVICE_HEALTH));

        // 4. Ticket SLA clocks, per site, joined with the site's device health (same task: no lookups across partitions).
        builder.addStateStore(cached(config, kv(SlaStores.TICKETS, new StateSerde<>(TicketState.class))));
        builder.addStateStore(cached(config, kv(SlaStores.OPEN_TICKETS_BY_DEVICE, Serdes.String())));
        builder.addStateStore(cached(config, Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SlaStores.DEADLINES),
                Serdes.Bytes(), Serdes.ByteArray())));
        KStream<String, SpecificRecord> slaInput = siteEvents
                .filter((site, e) -> e.getEvent() instanceof TicketEvent, Named.as("tickets-of-site"))
                .mapValues(e -> (SpecificRecord) e, Named.as("tickets-as-records"))
                .merge(healthChanges.mapValues(c -> (SpecificRecord) c, Named.as("health-changes-as-records")), Named.as("merge-health-changes"));
        KStream<String, SpecificRecord> sla = slaInput.process(() -> new TicketSlaProcessor(config.policies(),
                        config.health().checkInterval(), config.unticketedGrace(), topics.tickets().name()),
                Named.as(TICKET_SLA), SlaStores.TICKETS, SlaStores.OPEN_TICKETS_BY_DEVICE, SlaStores.DEADLINES,
                HealthStores.DEVICE_STATE, HealthStores.SITE_CALENDAR);
        ofType(sla, Escalation.class, TICKET_SLA).to(topics.escalations().name(), topics.escalations().produced(TICKET_SLA));
        ofType(sla, Rejected.class, TICKET_SLA)
                .process(() -> new RejectionWriter(topics.tickets().valueSerde().serializer()), Named.as("ticket-rejection-writer"))
                .to(topics.deadLetters().name(), topics.deadLetters().produced(TICKET_SLA));

        return builder.build();
    }

    private static <V> org.apache.kafka.streams.state.StoreBuilder<KeyValueStore<String, V>> kv(String name, Serde<V> valueSerde) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), valueSerde);
    }

    /** Processor API stores have no record cache unless asked: the cache spares RocksDB and the changelog repeated writes. */
    private static <K, V> org.apache.kafka.streams.state.StoreBuilder<KeyValueStore<K, V>> cached(
            AppConfig config, org.apache.kafka.streams.state.StoreBuilder<KeyValueStore<K, V>> store) {
        return config.storeCaching() ? store.withCachingEnabled() : store;
    }

    /** The records of one type from a processor's mixed output. */
    private static <V> KStream<String, V> ofType(KStream<String, SpecificRecord> stream, Class<V> type, String from) {
        String name = from + "-" + type.getSimpleName();
        return stream.filter((k, v) -> type.isInstance(v), Named.as(name + "-filter"))
                .mapValues(type::cast, Named.as(name + "-cast"));
    }
}
