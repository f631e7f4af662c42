package com.schoolops.sla.health;

import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.avro.OutageState;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.state.DeviceState;
import com.schoolops.sla.state.SiteOutageState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SiteOutageDetectorTest {
    final SiteOutageDetector detector = new SiteOutageDetector(HealthPolicy.from(Settings.defaults()));

    static DeviceState d(String id, HealthState state, boolean critical, String root) {
        return DeviceState.newBuilder().setDeviceId(id).setSiteId("s").setDeviceType(DeviceType.CLOUD_TERMINAL).setLastSeen(0)
                .setUnderlying(state).setCritical(critical).setRootCauseDeviceId(root).build();
    }

    static List<DeviceState> site(int up, int down, int unreachableBehindSw) {
        List<DeviceState> list = new ArrayList<>();
        for (int i = 0; i < up; i++) list.add(d("up" + i, HealthState.UP, false, null));
        for (int i = 0; i < down; i++) list.add(d("down" + i, HealthState.DOWN, false, null));
        for (int i = 0; i < unreachableBehindSw; i++) list.add(d("un" + i, HealthState.UNREACHABLE, false, "sw"));
        return list;
    }

    @Test
    void thirtyPercentDownOrUnreachableStartsAnOutageAndTwentyNineDoesNot() {
        assertNull(detector.evaluate("s", site(71, 29, 0), null, 0).state());
        var outcome = detector.evaluate("s", site(70, 20, 10), null, 1_000);
        assertTrue(outcome.started());
        var record = outcome.record().orElseThrow();
        assertEquals(30, record.getDevicesDown());
        assertEquals(100, record.getDevicesTotal());
        assertEquals("sw", record.getRootCauseDeviceId(), "the device most others are unreachable behind");
        assertEquals(1_000, record.getStartedAt());
    }

    @Test
    void oneCriticalDeviceDownIsEnoughAndIsTheRootCause() {
        List<DeviceState> devices = site(20, 0, 0);
        devices.add(d("server", HealthState.DOWN, true, null));
        var record = detector.evaluate("s", devices, null, 0).record().orElseThrow();
        assertEquals(OutageState.STARTED, record.getState());
        assertEquals("server", record.getRootCauseDeviceId());
    }

    @Test
    void anUpdateOnlyWhenTheExtentChangesAndTheEndOnlyAfterTheClearPeriod() {
        SiteOutageState open = detector.evaluate("s", site(6, 4, 0), null, 0).state();
        assertTrue(detector.evaluate("s", site(6, 4, 0), open, 10_000).record().isEmpty(), "nothing new, nothing published");
        var updated = detector.evaluate("s", site(5, 5, 0), open, 20_000);
        assertEquals(OutageState.UPDATED, updated.record().orElseThrow().getState());

        var clearing = detector.evaluate("s", site(10, 0, 0), updated.state(), 30_000);
        assertTrue(clearing.record().isEmpty(), "not over until it has stayed over for a minute");
        assertEquals(90_000L, clearing.recheckAt());
        var back = detector.evaluate("s", site(5, 5, 0), clearing.state(), 60_000);
        assertNull(back.state().getClearSince(), "relapsed: the clear period starts again");
        var cleared = detector.evaluate("s", site(10, 0, 0), back.state(), 70_000);
        var ended = detector.evaluate("s", site(10, 0, 0), cleared.state(), 130_000);
        assertEquals(OutageState.ENDED, ended.record().orElseThrow().getState());
        assertEquals(0, ended.record().get().getStartedAt());
        assertNull(ended.state(), "nothing kept once ended");
    }
}
