package com.schoolops.sla.query;

import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.avro.SlaKpi;
import com.schoolops.sla.health.DeviceKey;
import com.schoolops.sla.health.HealthStores;
import com.schoolops.sla.health.LastHeard;
import com.schoolops.sla.health.LivenessView;
import com.schoolops.sla.health.SiteCounts;
import com.schoolops.sla.ingest.IngestStores;
import com.schoolops.sla.kpi.KpiAggregate;
import com.schoolops.sla.kpi.KpiProcessor;
import com.schoolops.sla.avro.ContractHistory;
import com.schoolops.sla.avro.ContractVersion;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.Policies;
import com.schoolops.sla.tickets.ClockReading;
import com.schoolops.sla.tickets.SlaStores;
import com.schoolops.sla.tickets.TicketLifecycle;
import com.schoolops.sla.state.DeviceState;
import com.schoolops.sla.state.KpiWindow;
import com.schoolops.sla.state.SiteDeviceCounts;
import com.schoolops.sla.state.SiteOutageState;
import com.schoolops.sla.state.TicketState;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import com.schoolops.sla.text.LocalTimes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The answers this instance can give from its own state stores (Kafka Streams interactive queries over the tasks it
 * runs): the API asks every instance for its part and puts them together ({@link ClusterQueries}). Reading only, and
 * only active tasks, so that an answer is never older than what was published.
 */
public final class LocalQueries {
    private final KafkaStreams streams;
    private final Policies policies;
    private final InstantSource clock;
    /** The topic the site stage reads: its partitions are the site stores' partitions. */
    private final String siteEventsTopic;
    /** The zone of the texts for people ({@code http.zone}). */
    private final ZoneId zone;

    public LocalQueries(KafkaStreams streams, Policies policies, InstantSource clock, String siteEventsTopic, ZoneId zone) {
        this.streams = streams;
        this.policies = policies;
        this.clock = clock;
        this.siteEventsTopic = siteEventsTopic;
        this.zone = zone;
    }

    /** The zone the console writes times in. */
    public ZoneId zone() {
        return zone;
    }

    /** The contracts and calendars through their versions, as this instance's copy of them (every instance holds all). */
    public ContractBook contracts() {
        return ContractBook.over(policies, store(ContractBook.STORE));
    }

    /** Every version of a contract or calendar, oldest first (the policies file's version 1 where the topic has none yet), or null. */
    public ContractHistory contractVersions(String id) {
        ContractHistory history = this.<String, ContractHistory>store(ContractBook.STORE).get(id);
        if (history != null) {
            return history;
        }
        return policies.documents().stream().filter(d -> d.id().equals(id)).findFirst()
                .map(d -> new ContractHistory(id, d.kind(), List.of(ContractVersion.newBuilder().setVersion(1).setInForceFrom(Long.MIN_VALUE)
                        .setDocument(d.json().toString()).setRecordedAt(0).setNote("the policies file").build())))
                .orElse(null);
    }

    /**
     * A page of this instance's sites, in site-id order, with their devices counted by state: read from the counts the
     * site stage keeps ({@link SiteCounts}), one entry per site, never a device. Each task's store is in order, but the
     * stores of several tasks are not in order together, so each is read from the page's {@code after} up to its limit
     * and the parts merged ({@link SitePage#first}).
     */
    public List<Views.SiteSummary> sites(SitePage page) {
        ReadOnlyKeyValueStore<String, SiteOutageState> outages = store(HealthStores.SITE_OUTAGES);
        List<List<Views.SiteSummary>> parts = new ArrayList<>();
        for (int partition : sitePartitions()) {
            ReadOnlyKeyValueStore<String, SiteDeviceCounts> counts = streams.store(StoreQueryParameters.fromNameAndType(HealthStores.SITE_COUNTS,
                    QueryableStoreTypes.<String, SiteDeviceCounts>keyValueStore()).withPartition(partition));
            List<Views.SiteSummary> part = new ArrayList<>();
            try (KeyValueIterator<String, SiteDeviceCounts> it = page.after() == null ? counts.all() : counts.range(page.after(), null)) {
                while (it.hasNext() && part.size() < page.limit()) {
                    SiteDeviceCounts c = it.next().value;
                    if (SiteCounts.isSite(c.getSiteId())) {
                        Views.SiteSummary site = summary(c.getSiteId(), new TreeMap<>(c.getCounts()), outages.get(c.getSiteId()));
                        if (page.admits(site.siteId(), site.status())) {
                            part.add(site);
                        }
                    }
                }
            }
            parts.add(part);
        }
        return page.first(parts, Views.SiteSummary::siteId);
    }

    /** The partitions of the site stage this instance runs as active tasks. */
    private List<Integer> sitePartitions() {
        return streams.metadataForLocalThreads().stream().flatMap(thread -> thread.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream()).filter(tp -> tp.topic().equals(siteEventsTopic))
                .map(org.apache.kafka.common.TopicPartition::partition).distinct().sorted().toList();
    }

    /** One site with its devices, or null when no task of this instance holds it. */
    public Views.SiteDetail site(String siteId) {
        List<Views.DeviceView> devices = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        ReadOnlyKeyValueStore<DeviceKey, DeviceState> store = store(HealthStores.DEVICE_STATE);
        try (KeyValueIterator<DeviceKey, DeviceState> it = store.prefixScan(DeviceKey.sitePrefix(siteId),
                org.apache.kafka.common.serialization.Serdes.String().serializer())) {
            it.forEachRemaining(kv -> {
                devices.add(device(kv.value));
                counts.merge(state(kv.value), 1, Integer::sum);
            });
        }
        SiteOutageState outage = this.<String, SiteOutageState>store(HealthStores.SITE_OUTAGES).get(siteId);
        if (devices.isEmpty() && outage == null) {
            return null;
        }
        return new Views.SiteDetail(summary(siteId, counts, outage), devices);
    }

    /** The site a device is registered at, if this instance holds the device's registry partition. */
    public String siteOfDevice(String deviceId) {
        return this.<String, String>store(IngestStores.DEVICE_SITES).get(deviceId);
    }

    /** One device, or null. */
    public Views.DeviceView device(String siteId, String deviceId) {
        DeviceState d = this.<DeviceKey, DeviceState>store(HealthStores.DEVICE_STATE).get(DeviceKey.of(siteId, deviceId));
        return d == null ? null : device(d);
    }

    /**
     * When each of these devices was last heard, for those whose liveness this instance holds (the liveness stage is
     * keyed by device, not by site): the newest heartbeat the stage has read, which the device-state store does not
     * follow (it is written only when a verdict may change).
     */
    public Map<String, Instant> lastHeard(List<String> deviceIds) {
        LastHeard view = streams.store(StoreQueryParameters.fromNameAndType(LivenessView.NAME, LivenessView.queryable()));
        Map<String, Instant> heard = new TreeMap<>();
        for (String id : deviceIds) {
            Long at = view.lastHeard(id);
            if (at != null) {
                heard.put(id, Instant.ofEpochMilli(at));
            }
        }
        return heard;
    }

    /** The tickets not yet closed, with their clocks as they stand now. */
    public List<Views.TicketView> openTickets() {
        long now = clock.millis();
        List<Views.TicketView> tickets = new ArrayList<>();
        TicketLifecycle lifecycle = new TicketLifecycle(contracts());
        forEach(SlaStores.TICKETS, (TicketState t) -> {
            if (!t.getClosed() && lifecycle.judgeable(t)) {
                tickets.add(new Views.TicketView(t.getTicketId(), t.getSiteId(), t.getDeviceId(), t.getContractId(), t.getSeverity(),
                        t.getCategory() == null ? null : t.getCategory().name(), instant(t.getOpenedAt()), instant(t.getAcknowledgedAt()),
                        instant(t.getResolvedAt()), t.getDispatched(), t.getReopened(), lifecycle.read(t, now)));
            }
        });
        return tickets;
    }

    /** Every clock still running towards a breach. */
    public List<ClockReading> runningClocks() {
        List<ClockReading> clocks = new ArrayList<>();
        for (Views.TicketView t : openTickets()) {
            t.clocks().stream().filter(c -> c.deadline() != null).forEach(clocks::add);
        }
        return clocks;
    }

    /** The KPI windows still open: their values so far (provisional: a window is final when published on sla-kpis). */
    public List<SlaKpi> openKpiWindows() {
        List<SlaKpi> kpis = new ArrayList<>();
        forEach(KpiProcessor.WINDOWS, (KpiWindow w) -> kpis.add(KpiAggregate.kpi(w)));
        return kpis;
    }

    private static Views.SiteSummary summary(String siteId, Map<String, Integer> counts, SiteOutageState outage) {
        int devices = counts.values().stream().mapToInt(Integer::intValue).sum();
        String status = outage != null ? "RED" : counts.getOrDefault("UP", 0) < devices ? "AMBER" : "GREEN";
        return new Views.SiteSummary(siteId, status, devices, counts, outage == null ? null : new Views.Outage(instant(outage.getStartedAt()),
                outage.getDevicesDown(), outage.getDevicesTotal(), outage.getRootCauseDeviceId(), outage.getEscalated()));
    }

    /** The state as published, or UNKNOWN for a registered device never yet judged. */
    private static String state(DeviceState d) {
        return d.getState() == null ? "UNKNOWN" : d.getState().name();
    }

    private Views.DeviceView device(DeviceState d) {
        return new Views.DeviceView(d.getDeviceId(), d.getSiteId(), d.getDeviceType().name(), d.getContractId(), state(d),
                d.getHeard() ? instant(d.getLastSeen()) : null, reason(d), d.getRootCauseDeviceId(), d.getParentDeviceId(), d.getCritical());
    }

    private String reason(DeviceState d) {
        HealthState s = d.getUnderlying();
        if (s == null || s == HealthState.UP) {
            return d.getState() == HealthState.FLAPPING ? "changing state too often" : null;
        }
        return switch (s) {
            case DEGRADED -> d.getMetricAlarm() != null ? d.getMetricAlarm()
                    : d.getAgentStatus() != null ? "agent reports " + d.getAgentStatus() : "degraded";
            case DOWN -> d.getSilentAt() != null ? "silent since " + LocalTimes.format(d.getSilentAt(), zone)
                    : d.getAgentStatus() != null ? "agent reports " + d.getAgentStatus() : "down";
            case UNREACHABLE -> d.getRootCauseDeviceId() == null ? "unreachable" : "unreachable behind " + d.getRootCauseDeviceId();
            default -> s.name().toLowerCase();
        };
    }

    private static Instant instant(Long epochMs) {
        return epochMs == null ? null : Instant.ofEpochMilli(epochMs);
    }

    private <V> void forEach(String storeName, Consumer<V> each) {
        ReadOnlyKeyValueStore<Object, V> store = store(storeName);
        try (KeyValueIterator<Object, V> it = store.all()) {
            it.forEachRemaining(kv -> each.accept(kv.value));
        }
    }

    /** A store of this instance's active tasks; throws InvalidStateStoreException while they move (the API answers 503). */
    private <K, V> ReadOnlyKeyValueStore<K, V> store(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<K, V>keyValueStore()));
    }
}
