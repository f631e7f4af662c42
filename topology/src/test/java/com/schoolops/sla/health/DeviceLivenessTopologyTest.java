package com.schoolops.sla.health;

import com.schoolops.sla.avro.AgentStatus;
import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.state.DeviceLiveness;
import com.schoolops.sla.state.LivenessChange;
import com.schoolops.sla.state.ReadMark;
import com.schoolops.sla.state.SiteEvent;
import com.schoolops.sla.testing.TopologyHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static com.schoolops.sla.testing.Fleet.device;
import static com.schoolops.sla.testing.Fleet.heartbeat;
import static org.junit.jupiter.api.Assertions.*;

/** Liveness per device, before the repartition: what reaches the sites, and what is written. */
class DeviceLivenessTopologyTest {
    static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");
    static final String SITE = "school-1";

    final Device uplink = device("sw-core", DeviceType.SWITCH).at(SITE).critical().build();
    final Device t1 = device("term-1", DeviceType.CLOUD_TERMINAL).at(SITE).behind("sw-core").build();
    final Device t2 = device("term-2", DeviceType.CLOUD_TERMINAL).at(SITE).behind("sw-core").build();

    TopologyHarness h;

    @BeforeEach
    void start() {
        h = new TopologyHarness(T0);
        for (Device d : List.of(uplink, t1, t2)) {
            h.register(d);
        }
    }

    @AfterEach
    void stop() {
        h.close();
    }

    /** The device ids of the liveness changes that crossed site-events since the last look (read marks aside). */
    List<String> toldSinceLastLook() {
        return h.siteEvents.readValuesToList().stream().map(SiteEvent::getEvent)
                .filter(e -> !(e instanceof ReadMark))
                .map(e -> e instanceof LivenessChange c ? c.getDeviceId() : e.getClass().getSimpleName())
                .toList();
    }

    void beatAll(Instant at, AgentStatus terminalStatus) {
        h.advanceTo(at);
        h.heartbeat(heartbeat(uplink, at));
        h.heartbeat(heartbeat(t1.getDeviceId(), t1.getDeviceType(), SITE, at, terminalStatus));
        h.heartbeat(heartbeat(t2, at));
    }

    @Test
    void aHealthyFleetsSteadyHeartbeatsStopBeforeTheSitesExceptTheUplinksAndWriteNoStatePerHeartbeat() {
        beatAll(T0.plusSeconds(1), AgentStatus.OK);
        assertEquals(List.of("Device", "Device", "Device", "sw-core", "term-1", "term-2"), toldSinceLastLook(),
                "the registrations and the first heartbeats reach the site");
        h.health.readValuesToList();

        for (int round = 1; round <= 7; round++) {
            beatAll(T0.plusSeconds(1 + 30L * round), AgentStatus.OK);
        }
        assertEquals(List.of("sw-core", "sw-core", "sw-core", "sw-core", "sw-core", "sw-core", "sw-core"), toldSinceLastLook(),
                "only the uplink's heartbeats cross site-events: the devices behind it are judged against it");
        assertTrue(h.health.isEmpty(), "nothing changed, nothing published");

        DeviceLiveness stored = h.driver.<String, DeviceLiveness>getKeyValueStore(HealthStores.DEVICE_LIVENESS).get("term-2");
        Instant newest = T0.plusSeconds(1 + 30 * 7); // 01:03:31, in the 90 s bucket that began at 01:03:00
        HealthPolicy policy = h.config.topology().health();
        long bucket = policy.checkpointBucket(DeviceType.CLOUD_TERMINAL, newest.toEpochMilli());
        assertEquals(bucket, policy.checkpointBucket(DeviceType.CLOUD_TERMINAL, stored.getLastSeen()), "the stored last-seen is in the newest heartbeat's bucket");
        assertTrue(stored.getLastSeen() < newest.toEpochMilli(), "and not rewritten by every heartbeat: stored "
                + Instant.ofEpochMilli(stored.getLastSeen()) + ", newest " + newest);

        // Issue 33: what the query API reads as "last heard" is the newest heartbeat all the same, from the task's view.
        LastHeard view = (LastHeard) h.driver.getStateStore(HealthStores.LIVENESS_VIEW);
        assertEquals(newest.toEpochMilli(), view.lastHeard("term-2"), "last heard: the newest heartbeat, not the stored one");
        assertNull(view.lastHeard("no-such-device"));
    }

    @Test
    void aRegisteredDeviceNeverHeardHasNoLastHeardAndADecommissionedOneIsForgotten() {
        LastHeard view = (LastHeard) h.driver.getStateStore(HealthStores.LIVENESS_VIEW);
        assertNull(view.lastHeard("term-1"), "registered, never heard");
        beatAll(T0.plusSeconds(1), AgentStatus.OK);
        assertEquals(T0.plusSeconds(1).toEpochMilli(), view.lastHeard("term-1"));
        h.decommission(t1.getDeviceId());
        assertNull(view.lastHeard("term-1"), "decommissioned: neither in the view nor in the store");
    }

    @Test
    void aStatusChangeReachesTheSiteAndASilenceIsJudgedAtItsDeadlineWithItsParentInMind() {
        beatAll(T0.plusSeconds(1), AgentStatus.OK);
        beatAll(T0.plusSeconds(31), AgentStatus.WARN);
        assertEquals(List.of("Device", "Device", "Device", "sw-core", "term-1", "term-2", "sw-core", "term-1"), toldSinceLastLook());
        DeviceHealthChange degraded = h.health.readValuesToList().stream().filter(c -> c.getState() == HealthState.DEGRADED).findFirst().orElseThrow();
        assertEquals("term-1", degraded.getDeviceId());

        // term-2 stops; the switch and term-1 go on: term-2 is DOWN on its own, 3 x 30 s after its last heartbeat.
        for (int s = 61; s <= 151; s += 30) {
            h.advanceTo(T0.plusSeconds(s));
            h.heartbeat(heartbeat(uplink, T0.plusSeconds(s)));
            h.heartbeat(heartbeat(t1.getDeviceId(), t1.getDeviceType(), SITE, T0.plusSeconds(s), AgentStatus.WARN));
        }
        h.advance(Duration.ofSeconds(2));
        DeviceHealthChange down = h.health.readValuesToList().stream().filter(c -> c.getState() == HealthState.DOWN).findFirst().orElseThrow();
        assertEquals("term-2", down.getDeviceId());
        assertEquals(T0.plusSeconds(31 + 90).toEpochMilli(), down.getAt(), 500, "published at its deadline's tick");
        assertEquals("no heartbeat for 1m 30s (3 × 30s expected)", down.getReason());
    }

    @Test
    void anUnticketedOutageIsIdentifiedByTheCheckpointBucketOfTheLastHeartbeatWhichARestartCannotLose() {
        Instant last = T0.plusSeconds(1);
        beatAll(last, AgentStatus.OK);
        h.heartbeat(heartbeat(uplink, T0.plusSeconds(31)));
        h.advanceTo(T0.plusSeconds(31 + 90 + 600 + 5)); // the switch is silent too: the terminals behind it are UNREACHABLE
        Escalation unticketed = h.escalations.readValuesToList().stream()
                .filter(e -> e.getType() == EscalationType.UNTICKETED_OUTAGE).findFirst().orElseThrow();
        assertEquals("sw-core", unticketed.getDeviceId());
        long bucket = h.config.topology().health().checkpointBucket(DeviceType.SWITCH, T0.plusSeconds(31).toEpochMilli());
        String expected = UUID.nameUUIDFromBytes(("sw-core|UNTICKETED_OUTAGE||" + bucket).getBytes(StandardCharsets.UTF_8)).toString();
        assertEquals(expected, unticketed.getEscalationId(), "the id of (device, type, bucket of its last heartbeat)");
    }

    @Test
    void aParentRegisteredAfterTheDevicesBehindItStillCarriesThemWhenItFallsSilentAndComesBack() {
        try (TopologyHarness late = new TopologyHarness(T0)) {
            Device child = device("term-9", DeviceType.CLOUD_TERMINAL).at("school-9").behind("sw-9").build();
            Device parent = device("sw-9", DeviceType.SWITCH).at("school-9").critical().build();
            late.register(child); // before its parent
            late.register(parent);
            late.advanceTo(T0.plusSeconds(1));
            late.heartbeat(heartbeat(parent, T0.plusSeconds(1)));
            late.heartbeat(heartbeat(child, T0.plusSeconds(1)));
            late.advanceTo(T0.plusSeconds(200)); // both silent: the switch DOWN, the terminal UNREACHABLE behind it
            late.heartbeat(heartbeat(parent, T0.plusSeconds(200))); // the switch is back, the terminal is not
            late.advanceTo(T0.plusSeconds(240));
            List<String> terminal = late.health.readValuesToList().stream().filter(c -> c.getDeviceId().equals("term-9"))
                    .map(c -> c.getState().toString()).toList();
            assertEquals(List.of("UP", "UNREACHABLE", "DOWN"), terminal,
                    "given one interval to be heard once its parent is back, then DOWN on its own");
        }
    }

    @Test
    void aFirstHeartbeatStampedBeforeTheRegistrationIsJudgedFromItsOwnTime() {
        h.advanceTo(T0.plusSeconds(20));
        h.heartbeat(heartbeat(uplink, T0.plusSeconds(20)));
        h.heartbeat(heartbeat(t1, T0.plusSeconds(20)));
        h.heartbeat(heartbeat(t2, T0.minusSeconds(60))); // sent before the registration was written, read after it
        h.advanceTo(T0.plusSeconds(32));
        DeviceHealthChange down = h.health.readValuesToList().stream().filter(c -> c.getState() == HealthState.DOWN).findFirst().orElseThrow();
        assertEquals("term-2", down.getDeviceId());
        assertEquals(T0.plusSeconds(30).toEpochMilli(), down.getAt(), 500, "3 x 30 s after its heartbeat, not after its registration");
    }
}
