package com.schoolops.sla.health;

import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.state.DeviceState;
import com.schoolops.sla.state.SiteDeviceCounts;
import com.schoolops.sla.state.SiteOutageState;
import com.schoolops.sla.text.LocalTimes;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Device health as readers outside the engine see it (the query API): the sites with their status, a site's devices,
 * one device, when devices were last heard, and which instance holds a site or a device's liveness. Reads this
 * instance's active tasks only, so an answer is never older than what was published; throws
 * InvalidStateStoreException while they move. Which stores hold it, how they are keyed and what their records mean
 * stay here.
 */
public final class HealthReadSide {
    /** The states a device is counted under: as published (FLAPPING included), UNKNOWN for a registered device never yet judged. */
    public static final List<String> DEVICE_STATES = List.of("UP", "DEGRADED", "DOWN", "UNREACHABLE", "FLAPPING", SiteCounts.UNKNOWN);

    /** A site at a glance: RED in an outage, AMBER with a device not UP, GREEN otherwise. */
    public record SiteSummary(String siteId, String status, int devices, Map<String, Integer> devicesByState, Outage outage) {
        public static final Set<String> STATUSES = Set.of("RED", "AMBER", "GREEN");
    }

    /** A site's open outage. */
    public record Outage(Instant startedAt, int devicesDown, int devicesTotal, String rootCauseDeviceId, boolean escalated) {
    }

    /** One site with its devices. */
    public record SiteDetail(SiteSummary site, List<DeviceView> devices) {
        /** With each device's newest heartbeat, where one was heard later than its verdict's. */
        public SiteDetail heard(Map<String, Instant> heard) {
            return new SiteDetail(site, devices.stream().map(d -> d.heardAt(heard.get(d.deviceId()))).toList());
        }
    }

    /**
     * A device as device health last judged it: {@code state} as published (FLAPPING included), {@code reason} why it
     * is not UP, {@code rootCauseDeviceId} the device it is unreachable behind.
     */
    public record DeviceView(String deviceId, String siteId, String deviceType, String contractId, String state, Instant lastSeen,
                             String reason, String rootCauseDeviceId, String parentDeviceId, boolean critical) {
        /** With its newest heartbeat, where the liveness stage heard one later than the verdict's. */
        public DeviceView heardAt(Instant heard) {
            return heard == null || (lastSeen != null && !heard.isAfter(lastSeen)) ? this
                    : new DeviceView(deviceId, siteId, deviceType, contractId, state, heard, reason, rootCauseDeviceId, parentDeviceId, critical);
        }
    }

    /** Where one site's stores are read: this instance's active tasks, or a test driver's. */
    public interface Stores {
        <K, V> ReadOnlyKeyValueStore<K, V> get(String name);
    }

    private final KafkaStreams streams;
    private final Stores stores;
    /** The topic the site task reads: its partitions are the site stores' partitions. */
    private final String siteEventsTopic;
    /** The zone of the reasons' times (a text for people). */
    private final ZoneId zone;

    public HealthReadSide(KafkaStreams streams, String siteEventsTopic, ZoneId zone) {
        this.streams = streams;
        this.stores = new Stores() {
            @Override
            public <K, V> ReadOnlyKeyValueStore<K, V> get(String name) {
                return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<K, V>keyValueStore()));
            }
        };
        this.siteEventsTopic = siteEventsTopic;
        this.zone = zone;
    }

    /** Over other stores (a test driver's): it answers about one site or device ({@link #site}, {@link #device}) only. */
    public HealthReadSide(Stores stores, ZoneId zone) {
        this.streams = null;
        this.stores = stores;
        this.siteEventsTopic = null;
        this.zone = zone;
    }

    /**
     * This instance's sites after {@code after} (null: from the first) that {@code admit} lets through, at most
     * {@code limit} from each of its site partitions: one list per partition, each in the stores' site-id order (the
     * stores of several tasks are not in order together, so the caller merges them). Read from the counts device
     * health keeps, one entry per site, never a device.
     */
    public List<List<SiteSummary>> sitesAfter(String after, int limit, Predicate<SiteSummary> admit) {
        ReadOnlyKeyValueStore<String, SiteOutageState> outages = store(HealthStores.SITE_OUTAGES);
        List<List<SiteSummary>> parts = new ArrayList<>();
        for (int partition : sitePartitions()) {
            ReadOnlyKeyValueStore<String, SiteDeviceCounts> counts = streams.store(StoreQueryParameters.fromNameAndType(HealthStores.SITE_COUNTS,
                    QueryableStoreTypes.<String, SiteDeviceCounts>keyValueStore()).withPartition(partition));
            List<SiteSummary> part = new ArrayList<>();
            try (KeyValueIterator<String, SiteDeviceCounts> it = after == null ? counts.all() : counts.range(after, null)) {
                while (it.hasNext() && part.size() < limit) {
                    SiteDeviceCounts c = it.next().value;
                    if (SiteCounts.isSite(c.getSiteId())) {
                        SiteSummary site = summary(c.getSiteId(), new TreeMap<>(c.getCounts()), outages.get(c.getSiteId()));
                        if (admit.test(site)) {
                            part.add(site);
                        }
                    }
                }
            }
            parts.add(part);
        }
        return parts;
    }

    /** One site with its devices, or null when no task of this instance holds it. */
    public SiteDetail site(String siteId) {
        List<DeviceView> devices = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        ReadOnlyKeyValueStore<DeviceKey, DeviceState> store = store(HealthStores.DEVICE_STATE);
        try (KeyValueIterator<DeviceKey, DeviceState> it = store.prefixScan(DeviceKey.sitePrefix(siteId), Serdes.String().serializer())) {
            it.forEachRemaining(kv -> {
                devices.add(device(kv.value));
                counts.merge(state(kv.value), 1, Integer::sum);
            });
        }
        SiteOutageState outage = this.<String, SiteOutageState>store(HealthStores.SITE_OUTAGES).get(siteId);
        if (devices.isEmpty() && outage == null) {
            return null;
        }
        return new SiteDetail(summary(siteId, counts, outage), devices);
    }

    /** One device of a site, or null. */
    public DeviceView device(String siteId, String deviceId) {
        DeviceState d = this.<DeviceKey, DeviceState>store(HealthStores.DEVICE_STATE).get(DeviceKey.of(siteId, deviceId));
        return d == null ? null : device(d);
    }

    /**
     * When each of these devices was last heard, for those whose liveness this instance holds (the liveness stage is
     * keyed by device, not by site): the newest heartbeat the stage has read, which the device-state store does not
     * follow (it is written only when a verdict may change).
     */
    public Map<String, Instant> lastHeard(List<String> deviceIds) {
        LastHeard view = streams.store(StoreQueryParameters.fromNameAndType(HealthStores.LIVENESS_VIEW, LivenessView.queryable()));
        Map<String, Instant> heard = new TreeMap<>();
        for (String id : deviceIds) {
            Long at = view.lastHeard(id);
            if (at != null) {
                heard.put(id, Instant.ofEpochMilli(at));
            }
        }
        return heard;
    }

    /** Which instance holds a site's devices (null or NOT_AVAILABLE while the group rebalances). */
    public KeyQueryMetadata holderOfSite(String siteId) {
        return streams.queryMetadataForKey(HealthStores.DEVICE_STATE, siteId, Serdes.String().serializer());
    }

    /** Which instance holds a device's liveness, its newest heartbeat (null or NOT_AVAILABLE while the group rebalances). */
    public KeyQueryMetadata holderOfLiveness(String deviceId) {
        return streams.queryMetadataForKey(HealthStores.DEVICE_LIVENESS, deviceId, Serdes.String().serializer());
    }

    /** The partitions of the site task this instance runs as active tasks. */
    private List<Integer> sitePartitions() {
        return streams.metadataForLocalThreads().stream().flatMap(thread -> thread.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream()).filter(tp -> tp.topic().equals(siteEventsTopic))
                .map(TopicPartition::partition).distinct().sorted().toList();
    }

    private static SiteSummary summary(String siteId, Map<String, Integer> counts, SiteOutageState outage) {
        int devices = counts.values().stream().mapToInt(Integer::intValue).sum();
        String status = outage != null ? "RED" : counts.getOrDefault("UP", 0) < devices ? "AMBER" : "GREEN";
        return new SiteSummary(siteId, status, devices, counts, outage == null ? null : new Outage(instant(outage.getStartedAt()),
                outage.getDevicesDown(), outage.getDevicesTotal(), outage.getRootCauseDeviceId(), outage.getEscalated()));
    }

    /** The state as published, or UNKNOWN for a registered device never yet judged. */
    private static String state(DeviceState d) {
        return d.getState() == null ? SiteCounts.UNKNOWN : d.getState().name();
    }

    private DeviceView device(DeviceState d) {
        return new DeviceView(d.getDeviceId(), d.getSiteId(), d.getDeviceType().name(), d.getContractId(), state(d),
                d.getHeard() ? instant(d.getLastSeen()) : null, reason(d), d.getRootCauseDeviceId(), d.getParentDeviceId(), d.getCritical());
    }

    /** Why a device is not UP, in words for people. */
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

    private <K, V> ReadOnlyKeyValueStore<K, V> store(String name) {
        return stores.get(name);
    }
}
