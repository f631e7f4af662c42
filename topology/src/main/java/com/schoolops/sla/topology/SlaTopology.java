package com.schoolops.sla.topology;

import com.schoolops.sla.avro.DeviceHeartbeat;
import com.schoolops.sla.deadletter.DeadLetter;
import com.schoolops.sla.deadletter.DeadLetterWriter;
import com.schoolops.sla.escalation.Escalations;
import com.schoolops.sla.health.DeviceLivenessProcessor;
import com.schoolops.sla.health.HealthStage;
import com.schoolops.sla.ingest.CalendarRouter;
import com.schoolops.sla.ingest.ContractRouter;
import com.schoolops.sla.ingest.ContractVersionsLoader;
import com.schoolops.sla.ingest.RegistryRouter;
import com.schoolops.sla.ingest.SiteRouter;
import com.schoolops.sla.ingest.TicketRouter;
import com.schoolops.sla.ingest.VisitRouter;
import com.schoolops.sla.kpi.KpiProcessor;
import com.schoolops.sla.kpi.ScopeKey;
import com.schoolops.sla.obligations.ExamDayStage;
import com.schoolops.sla.obligations.InspectionCheck;
import com.schoolops.sla.obligations.ObligationStage;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.PolicyStores;
import com.schoolops.sla.serde.StateSerde;
import com.schoolops.sla.site.SiteTask;
import com.schoolops.sla.tickets.TicketStage;
import com.schoolops.sla.state.KpiFact;
import com.schoolops.sla.state.SiteEvent;
import com.schoolops.sla.topics.Topics;
import com.schoolops.sla.wiring.Output;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

import java.util.List;

/**
 * The whole processing graph, as one pure function of its configuration (the application, {@code replay} and
 * the tests all call it). Read top to bottom:
 * <ol>
 *   <li>Contracts: new versions from {@code sla-contracts}, numbered, read by every instance into its {@link ContractBook}.</li>
 *   <li>Ingest: registry changes, tickets and calendars are checked and keyed by siteId.</li>
 *   <li>Liveness per device, keyed by deviceId (co-partitioned with the registry): heartbeats end here unless they
 *       change something a site judges; silences are found here on wall-clock ticks. Everything for the sites leaves
 *       through this stage, followed by a read mark to every site partition (an in-band watermark).</li>
 *   <li>All of it meets on one repartition topic, {@code site-events}: a site's devices, tickets and calendar
 *       live in one task, so a switch and the terminals behind it are judged together.</li>
 *   <li>The site task ({@link SiteTask}), one processor per site partition, and its stages in order: device health
 *       (device states, outages, outage escalations, availability), then the ticket SLA clocks, told every health
 *       change as it happens (same task: no lookups across partitions) and reading the sites through the site
 *       task's read-only view.</li>
 * </ol>
 * Processors forward each kind of output to a named, typed child ({@link Output}), checked here once the graph is built;
 * each declares the stores it owns.
 */
public final class SlaTopology {
    public static final String SITE_EVENTS = "site-events";
    public static final String KPI_FACTS = "kpi-facts";
    static final String DEVICE_LIVENESS = "device-liveness-processor";
    static final String SITE_TASK = "site-task";
    static final String KPI = "kpi-processor";

    private SlaTopology() {
    }

    public static Topology build(SlaTopologyConfig config) {
        Topics topics = config.topics();
        boolean caching = config.storeCaching();
        Escalations escalations = new Escalations(ContractBook.of(config.policies())); // site outages: the policies' tiers only
        StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(config.streamsProperties())));

        // 0. Contracts: a new version is checked and numbered, and every instance reads every version (a global store).
        builder.stream(topics.contracts().name(), topics.contracts().consumed())
                .process(ContractRouter.supplier(config.policies(), topics.contractVersions().valueSerde(), caching), Named.as("contract-router"))
                .to(topics.contractVersions().name(), topics.contractVersions().produced("contract-router"));
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PolicyStores.CONTRACT_VERSIONS), Serdes.String(),
                        topics.contractVersions().valueSerde()).withLoggingDisabled(),
                topics.contractVersions().name(), topics.contractVersions().consumed(), ContractVersionsLoader::new);

        // 1. Ingest: inputs checked and keyed by site (a site's record and its service visits are keyed by it already). The registry router keeps each device's site, to tell a site a device left.
        KStream<String, SiteEvent> registry = builder.stream(topics.registry().name(), topics.registry().consumed())
                .process(RegistryRouter.supplier(config.policies(), caching), Named.as("registry-router"));
        KStream<String, SiteEvent> tickets = builder.stream(topics.tickets().name(), topics.tickets().consumed())
                .process(() -> new TicketRouter(config.policies(), config.bounds()), Named.as("ticket-router"));
        KStream<String, SiteEvent> calendar = builder.stream(topics.calendar().name(), topics.calendar().consumed())
                .process(() -> new CalendarRouter(config.bounds()), Named.as("calendar-router"));
        KStream<String, SiteEvent> sitesRead = builder.stream(topics.sites().name(), topics.sites().consumed())
                .process(() -> new SiteRouter(config.policies(), config.bounds()), Named.as("site-router"));
        KStream<String, SiteEvent> visits = builder.stream(topics.visits().name(), topics.visits().consumed())
                .process(() -> new VisitRouter(config.bounds()), Named.as("visit-router"));
        KStream<String, DeviceHeartbeat> heartbeats = builder.stream(topics.heartbeats().name(), topics.heartbeats().consumed());

        // 2. Liveness per device; what the sites must hear, and the read marks, leave through it.
        KStream<String, Object> liveness = records(heartbeats)
                .merge(records(registry), Named.as("merge-registry"))
                .merge(records(tickets), Named.as("merge-tickets"))
                .merge(records(calendar), Named.as("merge-calendar"))
                .merge(records(sitesRead), Named.as("merge-sites"))
                .merge(records(visits), Named.as("merge-visits"))
                .process(DeviceLivenessProcessor.supplier(config.health(), config.bounds(), config.watermark(), caching), Named.as(DEVICE_LIVENESS));
        only(liveness, DeviceLivenessProcessor.DEAD_LETTERS)
                .process(() -> new DeadLetterWriter(originals(topics)), Named.as(DeviceLivenessProcessor.DEAD_LETTERS.node()))
                .to(topics.deadLetters().name(), topics.deadLetters().produced("device-liveness"));

        // 3. One stream per site.
        KStream<String, SiteEvent> siteEvents = only(liveness, DeviceLivenessProcessor.TO_SITES)
                .mapValues(v -> v, Named.as(DeviceLivenessProcessor.TO_SITES.node())) // the child the liveness stage forwards to
                .repartition(Repartitioned.<String, SiteEvent>as(SITE_EVENTS)
                        .withKeySerde(Serdes.String()).withValueSerde(new StateSerde<>(SiteEvent.class))
                        .withStreamPartitioner(new SiteEventPartitioner()));

        // 4. The site task: its stages, in the order they run (a new stage is a package and a line here), and its outputs.
        KStream<String, Object> sites = siteEvents.process(SiteTask.supplier(config.watermark(), config.health().checkInterval(), caching, List.of(
                        HealthStage.plan(config.health(), escalations), // first: device health tells the stages after it what changed
                        TicketStage.plan(config.policies(), config.unticketedGrace(), topics.tickets().name()),
                        ObligationStage.plan(config.policies()),
                        ExamDayStage.plan(config.policies()), // after the obligations stage: it reads the visit steps that one keeps
                        InspectionCheck.plan(config.policies()))),
                Named.as(SITE_TASK));
        sites.to(topics.health().name(), topics.health().producedAs(SiteTask.HEALTH_CHANGES.node()));
        sites.to(topics.outages().name(), topics.outages().producedAs(SiteTask.OUTAGES.node()));
        sites.to(topics.escalations().name(), topics.escalations().producedAs(SiteTask.ESCALATIONS.node()));
        sites.to(topics.ticketStatus().name(), topics.ticketStatus().producedAs(SiteTask.TICKET_STATUS.node()));
        sites.to(topics.deviceDays().name(), topics.deviceDays().producedAs(SiteTask.DEVICE_DAYS.node()));
        only(sites, SiteTask.DEAD_LETTERS)
                .process(() -> new DeadLetterWriter(originals(topics)), Named.as(SiteTask.DEAD_LETTERS.node()))
                .to(topics.deadLetters().name(), topics.deadLetters().produced("site-task"));

        // 5. KPIs: what counts, from each site to its site's and its contract's windows; one record per window when it closes.
        KStream<String, Object> kpis = only(sites, SiteTask.KPI_FACTS).flatMap((siteId, f) -> {
                    KeyValue<String, KpiFact> site = KeyValue.pair(ScopeKey.site(f.getSiteId()).text(), f);
                    return f.getContractId().isEmpty() ? List.of(site) // an unregistered device: its site only
                            : List.of(site, KeyValue.pair(ScopeKey.contract(f.getContractId()).text(), f));
                }, Named.as(SiteTask.KPI_FACTS.node()))
                .repartition(Repartitioned.<String, KpiFact>as(KPI_FACTS)
                        .withKeySerde(Serdes.String()).withValueSerde(new StateSerde<>(KpiFact.class)))
                .process(KpiProcessor.supplier(config.policies(), config.kpiGrace(), config.kpiHourly(), config.health().checkInterval(),
                                config.watermark(), caching),
                        Named.as(KPI));
        kpis.to(topics.kpis().name(), topics.kpis().producedAs(KpiProcessor.KPIS.node()));
        only(kpis, KpiProcessor.DEAD_LETTERS)
                .process(() -> new DeadLetterWriter(originals(topics)), Named.as(KpiProcessor.DEAD_LETTERS.node()))
                .to(topics.deadLetters().name(), topics.deadLetters().produced("kpi"));

        Topology topology = builder.build();
        // Each stage forwards to children by name: that every one is there is checked now, not at the first record.
        Output.checkWired(topology, DEVICE_LIVENESS, DeviceLivenessProcessor.OUTPUTS);
        Output.checkWired(topology, SITE_TASK, SiteTask.OUTPUTS);
        Output.checkWired(topology, KPI, KpiProcessor.OUTPUTS);
        return topology;
    }

    /**
     * What a processor forwards to one of its outputs, as that output's type: the processor sends only that type there
     * ({@link Output#send}), and the build checks that the child is there ({@link Output#checkWired}).
     */
    @SuppressWarnings("unchecked")
    private static <V> KStream<String, V> only(KStream<String, ?> stream, Output<V> output) {
        return (KStream<String, V>) stream;
    }

    /** How the dead-letter writers write a refused input back as it was on its own topic. */
    private static DeadLetter.Originals originals(Topics topics) {
        return new DeadLetter.Originals(topics.tickets().valueSerde().serializer(), topics.visits().name(), topics.visits().valueSerde().serializer());
    }

    /** A stream as one of records of any input type, for the stage that takes them all (no node, no copy). */
    @SuppressWarnings("unchecked")
    private static KStream<String, SpecificRecord> records(KStream<String, ? extends SpecificRecord> stream) {
        return (KStream<String, SpecificRecord>) stream;
    }
}
