package com.schoolops.sla.health;

import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.state.DeviceState;
import com.schoolops.sla.state.SiteDeviceCounts;
import com.schoolops.sla.testing.TopologyHarness;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static com.schoolops.sla.testing.Fleet.device;
import static com.schoolops.sla.testing.Fleet.heartbeat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * issue 26 #3: the site list and the fleet gauges read each site's counts, written when the site is judged at the end
 * of an outage window, instead of every device. Once a window has ended they equal what a scan of every device gives;
 * a window's worth of arrivals is one write, not one per device; state from before they existed gets them built at the
 * next tick.
 */
class SiteCountsTopologyTest {
    static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");
    final Device coreSwitch = device("sw-core", DeviceType.SWITCH).at("school-1").critical().build();
    final Device t1 = device("term-1", DeviceType.CLOUD_TERMINAL).at("school-1").behind("sw-core").build();
    final Device t2 = device("term-2", DeviceType.CLOUD_TERMINAL).at("school-1").behind("sw-core").build();
    final Device door = device("door-1", DeviceType.ACCESS_CONTROL).at("school-1").build();
    final Device b1 = device("b-term-1", DeviceType.CLOUD_TERMINAL).at("school-2").build();
    final Device b2 = device("b-term-2", DeviceType.CLOUD_TERMINAL).at("school-2").build();

    TopologyHarness h = new TopologyHarness(T0);

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void eachSitesCountsAreWhatAScanOfItsDevicesGivesAtEveryStep() {
        List<Device> all = List.of(coreSwitch, t1, t2, door, b1, b2);
        all.forEach(h::register);
        h.advance(Duration.ofSeconds(17)); // the sites are judged, and counted, when their window ends
        assertEquals(Map.of("school-1", Map.of("UNKNOWN", 4), "school-2", Map.of("UNKNOWN", 2)), counts(), "registered, not judged yet");
        assertEquals(scan(), counts());

        live(Duration.ofMinutes(3), all);
        assertEquals(Map.of("school-1", Map.of("UP", 4), "school-2", Map.of("UP", 2)), counts());

        live(Duration.ofMinutes(3), List.of(door, b1, b2)); // the switch fails: DOWN, its terminals UNREACHABLE
        assertEquals(Map.of("school-1", Map.of("UP", 1, "DOWN", 1, "UNREACHABLE", 2), "school-2", Map.of("UP", 2)), counts());
        assertEquals(scan(), counts());

        h.decommission(b2.getDeviceId());
        h.heartbeat(heartbeat("stray-1", DeviceType.CLOUD_TERMINAL, "school-3", h.now(), com.schoolops.sla.avro.AgentStatus.OK));
        live(Duration.ofMinutes(1), List.of(coreSwitch, t1, t2, door, b1));
        assertEquals(scan(), counts(), "a device gone, one heard at a new site, the switch back");
        assertEquals(Map.of("UP", 4), counts().get("school-1"));
        assertEquals(Map.of("UP", 1), counts().get("school-2"));
    }

    @Test
    void aWindowOfArrivalsAtASiteIsOneWriteOfItsCountsNotOnePerDevice() {
        List<Device> terminals = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            terminals.add(device("t-" + i, DeviceType.CLOUD_TERMINAL).at("school-9").build());
        }
        terminals.forEach(h::register);
        terminals.forEach(d -> h.heartbeat(heartbeat(d.getDeviceId(), DeviceType.CLOUD_TERMINAL, "school-9", h.now(),
                com.schoolops.sla.avro.AgentStatus.OK)));
        h.advance(Duration.ofSeconds(20));
        assertEquals(Map.of("school-9", Map.of("UP", 100)), counts());
        String changelog = h.driver.producedTopicNames().stream().filter(t -> t.endsWith(HealthStores.SITE_COUNTS + "-changelog"))
                .findFirst().orElseThrow();
        var written = h.driver.createOutputTopic(changelog, org.apache.kafka.common.serialization.Serdes.String().deserializer(),
                org.apache.kafka.common.serialization.Serdes.ByteArray().deserializer()).readKeyValuesToList();
        assertEquals(1, written.stream().filter(kv -> kv.key.equals("school-9")).count(),
                "200 records (100 registrations, 100 first heartbeats) in one window: the site's counts written once");
    }

    @Test
    void stateFromBeforeTheCountsGetsThemBuiltAtTheNextTick() {
        List<Device> all = List.of(coreSwitch, t1, t2, door, b1, b2);
        all.forEach(h::register);
        live(Duration.ofMinutes(2), all);
        KeyValueStore<String, SiteDeviceCounts> store = h.driver.getKeyValueStore(HealthStores.SITE_COUNTS);
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, SiteDeviceCounts> it = store.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        keys.forEach(store::delete); // as a release before them left the state
        h.advance(Duration.ofSeconds(1));
        assertEquals(Map.of("school-1", Map.of("UP", 4), "school-2", Map.of("UP", 2)), counts());
    }

    void live(Duration duration, Collection<Device> alive) {
        h.live(duration, alive);
    }

    Map<String, Map<String, Integer>> counts() {
        Map<String, Map<String, Integer>> out = new TreeMap<>();
        KeyValueStore<String, SiteDeviceCounts> store = h.driver.getKeyValueStore(HealthStores.SITE_COUNTS);
        try (KeyValueIterator<String, SiteDeviceCounts> it = store.all()) {
            it.forEachRemaining(kv -> {
                if (SiteCounts.isSite(kv.key)) {
                    out.put(kv.key, new TreeMap<>(kv.value.getCounts()));
                }
            });
        }
        return out;
    }

    Map<String, Map<String, Integer>> scan() {
        Map<String, Map<String, Integer>> out = new TreeMap<>();
        KeyValueStore<DeviceKey, DeviceState> devices = h.driver.getKeyValueStore(HealthStores.DEVICE_STATE);
        try (KeyValueIterator<DeviceKey, DeviceState> it = devices.all()) {
            it.forEachRemaining(kv -> out.computeIfAbsent(kv.value.getSiteId(), s -> new TreeMap<>())
                    .merge(kv.value.getState() == null ? "UNKNOWN" : kv.value.getState().name(), 1, Integer::sum));
        }
        return out;
    }
}
