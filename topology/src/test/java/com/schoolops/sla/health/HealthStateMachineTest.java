package com.schoolops.sla.health;

import com.schoolops.sla.avro.AgentStatus;
import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.state.DeviceState;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class HealthStateMachineTest {
    final HealthPolicy policy = HealthPolicy.from(Settings.defaults());
    final HealthStateMachine machine = new HealthStateMachine(policy);
    final Map<String, DeviceState> site = new HashMap<>();

    DeviceState device(String id, DeviceType type, String parent, long lastSeen) {
        DeviceState d = DeviceState.newBuilder().setDeviceId(id).setSiteId("s").setDeviceType(type).setParentDeviceId(parent)
                .setLastSeen(lastSeen).setHeard(true).setAgentStatus(AgentStatus.OK)
                .setSilentAt(lastSeen + policy.silenceMs(type)).build(); // as the liveness stage tells it, once due

        site.put(id, d);
        return d;
    }

    Assessment assess(DeviceState d, long now) {
        return machine.assess(d, site::get, now);
    }

    @Test
    void aTerminalIsUpUntilThreeIntervalsPassWithoutAHeartbeatThenDown() {
        DeviceState t = device("t", DeviceType.CLOUD_TERMINAL, null, 1_000);
        Assessment up = assess(t, 90_999);
        assertEquals(HealthState.UP, up.state());
        assertEquals(91_000L, up.recheckAt(), "looked at again exactly at the deadline");
        Assessment down = assess(t, 91_000);
        assertEquals(HealthState.DOWN, down.state());
        assertEquals("no heartbeat for 1m 30s (3 × 30s expected)", down.reason());
    }

    @Test
    void theAgentsOwnWarningOrAMetricAlarmMakesItDegraded() {
        DeviceState t = device("t", DeviceType.CLOUD_SERVER, null, 0);
        t.setAgentStatus(AgentStatus.WARN);
        assertEquals(new Assessment(HealthState.DEGRADED, "agent reports WARN", null, 45_000L), assess(t, 1));
        t.setAgentStatus(AgentStatus.OK);
        t.setMetricAlarm("5m average CPU 93.0% over 90%");
        assertEquals(HealthState.DEGRADED, assess(t, 1).state());
        assertEquals("5m average CPU 93.0% over 90%", assess(t, 1).reason());
    }

    @Test
    void aRegisteredDeviceNeverHeardHasNoVerdictUntilItIsDue() {
        DeviceState t = device("t", DeviceType.SWITCH, null, 0);
        t.setHeard(false);
        assertFalse(assess(t, 10).decided());
        assertEquals(90_000L, assess(t, 10).recheckAt());
        assertEquals("no heartbeat since it was registered", assess(t, 90_000).reason());
    }

    @Test
    void silentBehindASilentParentIsUnreachableWithTheRootCauseFollowedUpTheChain() {
        DeviceState core = device("core", DeviceType.SWITCH, null, 0);
        DeviceState edge = device("edge", DeviceType.SWITCH, "core", 0);
        DeviceState term = device("term", DeviceType.CLOUD_TERMINAL, "edge", 0);
        core.setUnderlying(HealthState.DOWN);
        edge.setUnderlying(HealthState.UNREACHABLE);
        edge.setRootCauseDeviceId("core");

        Assessment a = assess(term, 100_000);
        assertEquals(HealthState.UNREACHABLE, a.state());
        assertEquals("core", a.rootCauseDeviceId());
    }

    @Test
    void aSilentChildWaitsForItsParentsVerdictWhenTheParentWasNotHeardAfterItWentQuiet() {
        DeviceState sw = device("sw", DeviceType.SWITCH, null, 10_000);          // deadline 100 s
        DeviceState srv = device("srv", DeviceType.CLOUD_SERVER, "sw", 12_000);  // deadline 57 s
        Assessment a = assess(srv, 57_000);
        assertFalse(a.decided(), "no DOWN now that might be UNREACHABLE a moment later");
        assertEquals(100_000L, a.recheckAt());
        assertEquals(HealthState.UNREACHABLE, assess(srv, 100_000).state());

        sw.setLastSeen(60_000); // the switch spoke after the server had missed beats: the server is down on its own
        sw.setSilentAt(null);
        assertEquals(HealthState.DOWN, assess(srv, 100_000).state());
    }

    @Test
    void aSilentChildOfAParentWhoseHeartbeatsAreNotToldWaitsAtMostUntilTheParentsSilenceWouldHaveBeenTold() {
        DeviceState door = device("door", DeviceType.ACCESS_CONTROL, null, 0);   // not an uplink: last told of it at 0
        door.setSilentAt(null);                                                  // still heard, untold
        DeviceState term = device("term", DeviceType.CLOUD_TERMINAL, "door", 100_000); // silent at 190 s
        Assessment a = assess(term, 190_000);
        assertFalse(a.decided(), "the parent may have gone quiet with it");
        assertEquals(130_000L + 180_000L, a.recheckAt(), "its first missed heartbeat plus the parent's silence period");
        assertEquals(HealthState.DOWN, assess(term, 310_000).state(), "the parent's silence was not told by then: it was heard");
    }

    @Test
    void aChildGivenGraceAfterItsParentCameBackHasNoVerdictUntilTheGraceEnds() {
        device("sw", DeviceType.SWITCH, null, 500_000).setSilentAt(null);
        DeviceState t = device("t", DeviceType.CLOUD_TERMINAL, "sw", 0);
        t.setGraceUntil(530_000L);
        assertFalse(assess(t, 510_000).decided());
        assertEquals(530_000L, assess(t, 510_000).recheckAt());
        assertEquals(HealthState.DOWN, assess(t, 530_000).state());
    }

    @Test
    void publishesOnlyChangesAndFlapsOnceAfterFourChangesInTheWindow() {
        DeviceState d = device("d", DeviceType.ACCESS_CONTROL, null, 0);
        Optional<DeviceHealthChange> first = machine.apply(d, new Assessment(HealthState.UP, "ok", null, null), 0);
        assertNull(first.orElseThrow().getPrevious());
        assertTrue(machine.apply(d, new Assessment(HealthState.UP, "ok", null, null), 1_000).isEmpty(), "no change, no record");

        HealthState[] sequence = {HealthState.DEGRADED, HealthState.UP, HealthState.DEGRADED, HealthState.UP, HealthState.DEGRADED};
        StringBuilder published = new StringBuilder();
        long t = 60_000;
        for (HealthState s : sequence) {
            machine.apply(d, new Assessment(s, "x", null, null), t).ifPresent(c -> published.append(c.getState()).append(' '));
            t += 60_000;
        }
        assertEquals("DEGRADED UP DEGRADED FLAPPING ", published.toString());
        assertEquals(HealthState.DEGRADED, d.getUnderlying());
        assertEquals(300_000L + 300_000L, machine.settleTime(d), "settles 5 min after the last change");

        assertTrue(machine.apply(d, new Assessment(HealthState.DEGRADED, "x", null, null), 599_999).isEmpty());
        DeviceHealthChange settled = machine.apply(d, new Assessment(HealthState.DEGRADED, "agent reports FAULT", null, null), 600_000).orElseThrow();
        assertEquals(HealthState.FLAPPING, settled.getPrevious());
        assertEquals(HealthState.DEGRADED, settled.getState());
        assertEquals("settled: agent reports FAULT", settled.getReason());
        assertTrue(d.getChanges().isEmpty());
    }

    @Test
    void changesOlderThanTheWindowDoNotCountTowardsFlapping() {
        DeviceState d = device("d", DeviceType.ACCESS_CONTROL, null, 0);
        machine.apply(d, new Assessment(HealthState.UP, "ok", null, null), 0);
        HealthState s = HealthState.UP;
        for (int i = 1; i <= 8; i++) {
            s = s == HealthState.UP ? HealthState.DOWN : HealthState.UP;
            machine.apply(d, new Assessment(s, "x", null, null), i * 4 * 60_000L); // one change every 4 minutes
        }
        assertNotEquals(HealthState.FLAPPING, d.getState(), "3 changes per 10 minutes at most");
        assertTrue(d.getChanges().size() <= 3);
    }
}
