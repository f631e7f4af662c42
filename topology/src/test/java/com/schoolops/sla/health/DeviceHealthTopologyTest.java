package com.schoolops.sla.health;

import com.schoolops.sla.avro.AgentStatus;
import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.avro.OutageState;
import com.schoolops.sla.avro.ScheduleWindow;
import com.schoolops.sla.avro.SiteOutage;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.WindowKind;
import com.schoolops.sla.ingest.IngestStores;
import com.schoolops.sla.state.DeviceState;
import com.schoolops.sla.testing.TopologyHarness;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.schoolops.sla.testing.Fleet.device;
import static com.schoolops.sla.testing.Fleet.heartbeat;
import static org.junit.jupiter.api.Assertions.*;

/** specification section 3 on the real topology, with the wall clock driven by the test. */
class DeviceHealthTopologyTest {
    static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");
    static final String SITE = "school-1";

    final Device coreSwitch = device("sw-core", DeviceType.SWITCH).at(SITE).critical().build();
    final Device server = device("srv-1", DeviceType.CLOUD_SERVER).at(SITE).behind("sw-core").critical().build();
    final Device t1 = device("term-1", DeviceType.CLOUD_TERMINAL).at(SITE).behind("sw-core").build();
    final Device t2 = device("term-2", DeviceType.CLOUD_TERMINAL).at(SITE).behind("sw-core").build();
    final Device speaker = device("spk-1", DeviceType.BROADCAST_SPEAKER).at(SITE).behind("sw-core").build();
    final Device door = device("door-1", DeviceType.ACCESS_CONTROL).at(SITE).build();

    TopologyHarness h;

    @BeforeEach
    void start() {
        h = new TopologyHarness(T0);
        for (Device d : List.of(coreSwitch, server, t1, t2, speaker, door)) {
            h.register(d);
        }
    }

    @AfterEach
    void stop() {
        h.close();
    }

    void live(Duration duration, Collection<Device> alive) {
        h.live(duration, alive);
    }

    static Map<String, HealthState> states(List<KeyValue<String, DeviceHealthChange>> changes) {
        Map<String, HealthState> m = new HashMap<>();
        changes.forEach(kv -> m.put(kv.key, kv.value.getState()));
        return m;
    }

    KeyValueStore<DeviceKey, DeviceState> deviceStore() {
        return h.driver.getKeyValueStore(HealthStores.DEVICE_STATE);
    }

    @Test
    void everyDeviceIsReportedUpOnceOnItsFirstHeartbeatAndNothingMoreWhileHealthy() {
        live(Duration.ofMinutes(5), List.of(coreSwitch, server, t1, t2, speaker, door));

        List<KeyValue<String, DeviceHealthChange>> changes = h.healthChanges();
        assertEquals(6, changes.size(), "one UP per device, nothing on unchanged heartbeats: " + changes);
        for (KeyValue<String, DeviceHealthChange> kv : changes) {
            assertNull(kv.value.getPrevious());
            assertEquals(HealthState.UP, kv.value.getState());
            assertEquals(kv.key, kv.value.getDeviceId());
        }
        assertTrue(h.outages.isEmpty());
        assertTrue(h.escalations.isEmpty());
    }

    @Test
    void aFailedSwitchIsOneDownWithItsChildrenUnreachableAndOneSiteOutage() {
        List<Device> all = List.of(coreSwitch, server, t1, t2, speaker, door);
        live(Duration.ofMinutes(3), all);
        h.healthChanges();
        Instant failedAt = h.now();

        live(Duration.ofMinutes(3), List.of(door)); // the switch dies, and everything behind it falls silent

        List<KeyValue<String, DeviceHealthChange>> changes = h.healthChanges();
        assertEquals(5, changes.size(), "no DOWN-then-UNREACHABLE flicker: " + changes);
        DeviceHealthChange sw = changes.stream().filter(kv -> kv.key.equals("sw-core")).findFirst().orElseThrow().value;
        assertEquals(HealthState.UP, sw.getPrevious());
        assertEquals(HealthState.DOWN, sw.getState());
        assertNull(sw.getRootCauseDeviceId());
        // DOWN within one check interval of the switch's deadline: 3 × 30 s after its last heartbeat.
        Instant deadline = h.lastBeat.get("sw-core").plusSeconds(90);
        assertFalse(Instant.ofEpochMilli(sw.getAt()).isBefore(deadline));
        assertFalse(Instant.ofEpochMilli(sw.getAt()).isAfter(deadline.plusSeconds(1)));
        for (String child : List.of("srv-1", "term-1", "term-2", "spk-1")) {
            DeviceHealthChange c = changes.stream().filter(kv -> kv.key.equals(child)).findFirst().orElseThrow().value;
            assertEquals(HealthState.UP, c.getPrevious(), child);
            assertEquals(HealthState.UNREACHABLE, c.getState(), child);
            assertEquals("sw-core", c.getRootCauseDeviceId(), child);
        }

        // One outage: STARTED when the switch and the devices with short intervals are judged, UPDATED when the
        // speaker (60 s interval) reaches its own deadline.
        List<SiteOutage> outages = h.outages.readValuesToList();
        assertEquals(List.of(OutageState.STARTED, OutageState.UPDATED), outages.stream().map(SiteOutage::getState).toList(), outages.toString());
        SiteOutage started = outages.get(0);
        assertEquals("sw-core", started.getRootCauseDeviceId());
        assertEquals(4, started.getDevicesDown());
        assertEquals(6, started.getDevicesTotal());
        assertTrue(started.getStartedAt() > failedAt.toEpochMilli());
        SiteOutage updated = outages.get(1);
        assertEquals(5, updated.getDevicesDown());
        assertEquals(started.getStartedAt(), updated.getStartedAt());

        List<KeyValue<String, Escalation>> escalations = h.escalations.readKeyValuesToList();
        assertEquals(1, escalations.size());
        Escalation e = escalations.get(0).value;
        assertEquals(EscalationType.SITE_OUTAGE, e.getType());
        assertEquals(SITE, e.getSiteId());
        assertEquals("sw-core", e.getDeviceId());
        assertEquals(SITE, escalations.get(0).key, "one outage, one key: the site");
    }

    @Test
    void whenTheSwitchComesBackChildrenThatStaySilentBecomeDownInTheirOwnRightAndTheOutageEnds() {
        List<Device> all = List.of(coreSwitch, server, t1, t2, speaker, door);
        live(Duration.ofMinutes(3), all);
        live(Duration.ofMinutes(3), List.of(door));
        h.healthChanges();
        h.outages.readValuesToList();

        // The switch returns with the server and terminals; the speaker stays silent.
        live(Duration.ofMinutes(3), List.of(coreSwitch, server, t1, t2, door));

        Map<String, HealthState> after = states(h.healthChanges());
        assertEquals(Map.of("sw-core", HealthState.UP, "srv-1", HealthState.UP, "term-1", HealthState.UP,
                "term-2", HealthState.UP, "spk-1", HealthState.DOWN), after);
        List<SiteOutage> outages = h.outages.readValuesToList();
        assertEquals(OutageState.ENDED, outages.get(outages.size() - 1).getState(), outages.toString());
        assertEquals(0, h.entries(HealthStores.SITE_OUTAGES), "the ended outage is dropped");
    }

    @Test
    void aSpeakerThatGoesSilentWhileItsSwitchTalksIsFoundDownByTheClockAlone() {
        live(Duration.ofMinutes(2), List.of(coreSwitch, speaker));
        h.healthChanges();
        Instant last = h.lastBeat.get("spk-1");

        live(Duration.ofMinutes(4), List.of(coreSwitch)); // the switch keeps beating; nothing comes from the speaker

        List<DeviceHealthChange> spk = h.health.readValuesToList().stream().filter(c -> c.getDeviceId().equals("spk-1")).toList();
        assertEquals(1, spk.size(), spk.toString());
        assertEquals(HealthState.DOWN, spk.get(0).getState());
        assertEquals(last.plusSeconds(180).toEpochMilli(), spk.get(0).getAt(), 500, "DOWN 3 × 60 s after its last heartbeat");
        assertTrue(spk.get(0).getReason().startsWith("no heartbeat for 3m"), spk.get(0).getReason());
    }

    @Test
    void whenNothingArrivesAtAllTheSpeakerIsUnreachableBehindItsSilentSwitch() {
        live(Duration.ofMinutes(2), List.of(coreSwitch, speaker));
        h.healthChanges();

        h.advance(Duration.ofMinutes(5)); // no input at all: only the wall clock moves

        Map<String, DeviceHealthChange> last = new HashMap<>();
        h.healthChanges().forEach(kv -> last.put(kv.key, kv.value));
        assertEquals(HealthState.DOWN, last.get("sw-core").getState());
        assertEquals(HealthState.UNREACHABLE, last.get("spk-1").getState(), "its switch went silent first");
        assertEquals("sw-core", last.get("spk-1").getRootCauseDeviceId());
    }

    @Test
    void aFlappingDeviceRaisesOneFlappingRecordAndSettlesBack() {
        live(Duration.ofMinutes(1), List.of(door, coreSwitch));
        h.healthChanges();
        // The door unit alternates between FAULT and OK on every heartbeat: a change a minute.
        for (int i = 0; i < 8; i++) {
            AgentStatus status = i % 2 == 0 ? AgentStatus.FAULT : AgentStatus.OK;
            h.heartbeat(heartbeat("door-1", DeviceType.ACCESS_CONTROL, SITE, h.now(), status));
            live(Duration.ofMinutes(1), List.of(coreSwitch));
        }
        List<DeviceHealthChange> door = h.health.readValuesToList().stream().filter(c -> c.getDeviceId().equals("door-1")).toList();
        assertEquals(List.of(HealthState.DEGRADED, HealthState.UP, HealthState.DEGRADED, HealthState.FLAPPING),
                door.stream().map(DeviceHealthChange::getState).toList(), door.toString());

        // It settles: OK heartbeats for longer than the settle period bring it back, once.
        for (int i = 0; i < 7; i++) {
            h.heartbeat(heartbeat("door-1", DeviceType.ACCESS_CONTROL, SITE, h.now(), AgentStatus.OK));
            live(Duration.ofMinutes(1), List.of(coreSwitch));
        }
        List<DeviceHealthChange> settled = h.health.readValuesToList().stream().filter(c -> c.getDeviceId().equals("door-1")).toList();
        assertEquals(1, settled.size(), settled.toString());
        assertEquals(HealthState.FLAPPING, settled.get(0).getPrevious());
        assertEquals(HealthState.UP, settled.get(0).getState());
        assertTrue(deviceStore().get(DeviceKey.of(SITE, "door-1")).getChanges().isEmpty(), "flap history is cleared once settled");
    }

    @Test
    void anOutageInAMaintenanceWindowIsTrackedButNotEscalated() {
        h.schedule(SiteSchedule.newBuilder().setSiteId(SITE).setWindows(List.of(ScheduleWindow.newBuilder()
                .setKind(WindowKind.MAINTENANCE).setName("switch firmware upgrade")
                .setStart(T0.toEpochMilli()).setEnd(T0.plus(Duration.ofHours(2)).toEpochMilli()).build())).build());
        List<Device> all = List.of(coreSwitch, server, t1, t2, speaker, door);
        live(Duration.ofMinutes(3), all);
        live(Duration.ofMinutes(3), List.of(door));

        assertEquals(HealthState.DOWN, states(h.healthChanges()).get("sw-core"), "state is still tracked");
        assertEquals(OutageState.STARTED, h.outages.readValuesToList().get(0).getState());
        assertTrue(h.escalations.isEmpty(), "no escalation in maintenance");
    }

    @Test
    void aDecommissionedDeviceLeavesNoStateAndRaisesNothing() {
        live(Duration.ofMinutes(2), List.of(coreSwitch, t1));
        h.healthChanges();
        assertNotNull(deviceStore().get(DeviceKey.of(SITE, "term-1")));

        h.decommission("term-1");
        live(Duration.ofMinutes(5), List.of(coreSwitch));

        assertNull(deviceStore().get(DeviceKey.of(SITE, "term-1")), "device state dropped");
        assertEquals(5, h.entries(HealthStores.DEVICE_STATE), "the other five devices remain");
        assertNull(h.driver.<String, String>getKeyValueStore(IngestStores.DEVICE_SITES).get("term-1"), "registry entry dropped");
        assertTrue(h.healthChanges().stream().noneMatch(kv -> kv.key.equals("term-1")), "a removed device is never reported DOWN");
    }

    @Test
    void aDeviceMovedToAnotherSiteIsTrackedThereAndForgottenAtTheOldOne() {
        live(Duration.ofMinutes(1), List.of(coreSwitch, t1));
        Device moved = device("term-1", DeviceType.CLOUD_TERMINAL).at("school-2").build();
        h.register(moved);
        live(Duration.ofMinutes(1), List.of(coreSwitch, moved));

        assertNull(deviceStore().get(DeviceKey.of(SITE, "term-1")));
        DeviceState there = deviceStore().get(DeviceKey.of("school-2", "term-1"));
        assertNotNull(there);
        assertEquals(HealthState.UP, there.getState());
    }

    @Test
    void heartbeatsOutOfOrderOrTwiceChangeNothingAndUnregisteredDevicesAreTrackedAndReportedOnce() {
        live(Duration.ofMinutes(1), List.of(coreSwitch));
        h.healthChanges();
        Instant t = h.now();
        h.heartbeat(heartbeat("rogue-9", DeviceType.CLOUD_TERMINAL, SITE, t, AgentStatus.OK));
        h.heartbeat(heartbeat("rogue-9", DeviceType.CLOUD_TERMINAL, SITE, t, AgentStatus.FAULT)); // duplicate timestamp
        h.heartbeat(heartbeat("rogue-9", DeviceType.CLOUD_TERMINAL, SITE, t.minusSeconds(20), AgentStatus.FAULT)); // late

        List<DeviceHealthChange> rogue = h.health.readValuesToList();
        assertEquals(1, rogue.size(), rogue.toString());
        assertEquals(HealthState.UP, rogue.get(0).getState());
        assertTrue(rogue.get(0).getReason().contains("not in the registry"), rogue.get(0).getReason());
        DeviceState state = deviceStore().get(DeviceKey.of(SITE, "rogue-9"));
        assertFalse(state.getRegistered());
        assertEquals(t.toEpochMilli(), state.getLastSeen());
    }

    @Test
    void aHeartbeatStampedFarInTheFutureGoesToDeadLettersAndTheDeviceIsJudgedOnItsRealOnes() {
        live(Duration.ofMinutes(1), List.of(coreSwitch));
        h.heartbeat(heartbeat(coreSwitch, h.now().plus(Duration.ofDays(400))));

        var dead = h.deadLetters.readRecordsToList();
        assertEquals(1, dead.size());
        assertEquals("sw-core", new String(dead.get(0).key()));
        String reason = new String(dead.get(0).headers().lastHeader("__streams.errors.message").value());
        assertTrue(reason.contains("ahead of the processor's clock"), reason);
        assertEquals(h.lastBeat.get("sw-core").toEpochMilli(), deviceStore().get(DeviceKey.of(SITE, "sw-core")).getLastSeen());
    }

    @Test
    void unreadableBytesDoNotStopProcessing() {
        // TopologyTestDriver does not emit the deserialization handler's dead letters; the records themselves
        // are checked against a real broker in ApplicationIntegrationTest.
        h.rawHeartbeats.pipeInput("sw-core", new byte[]{0, 0, 0, 0, 42, 1, 2, 3}, h.now());
        live(Duration.ofSeconds(5), List.of(coreSwitch));

        assertEquals(Set.of("sw-core"), states(h.healthChanges()).keySet(), "later records are processed");
    }

    @Test
    void sustainedHighCpuOverTheMetricsWindowDegradesTheServer() {
        live(Duration.ofMinutes(1), List.of(coreSwitch, server));
        h.healthChanges();
        Instant end = h.now().plus(Duration.ofMinutes(11));
        List<Device> sw = List.of(coreSwitch);
        while (h.now().isBefore(end)) {
            var hot = heartbeat(server, h.now());
            hot.setCpuPct(97.0);
            h.heartbeat(hot);
            live(Duration.ofSeconds(15), sw);
        }
        List<DeviceHealthChange> srv = h.health.readValuesToList().stream().filter(c -> c.getDeviceId().equals("srv-1")).toList();
        assertEquals(1, srv.size(), srv.toString());
        assertEquals(HealthState.DEGRADED, srv.get(0).getState());
        assertTrue(srv.get(0).getReason().contains("average CPU 97.0% over 90%"), srv.get(0).getReason());
    }
}
