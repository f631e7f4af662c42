package com.schoolops.sla.health;

import com.schoolops.sla.avro.AgentStatus;
import com.schoolops.sla.avro.DeviceHeartbeat;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.state.DeviceLiveness;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class MetricWindowTest {
    final MetricWindow window = new MetricWindow(HealthPolicy.from(Settings.defaults()));
    final DeviceLiveness state = DeviceLiveness.newBuilder().setSiteId("s").setDeviceType(DeviceType.CLOUD_SERVER)
            .setLastSeen(0).build();

    static DeviceHeartbeat hb(long at, Double cpu, Double loss, Double temp) {
        return DeviceHeartbeat.newBuilder().setDeviceId("srv").setDeviceType(DeviceType.CLOUD_SERVER).setSiteId("s").setTimestamp(at)
                .setStatus(AgentStatus.OK).setCpuPct(cpu).setPacketLossPct(loss).setTemperatureC(temp).build();
    }

    @Test
    void theAverageOfAClosedFiveMinuteWindowIsJudgedNotASinglePeak() {
        window.add(state, hb(60_000, 99.0, 0.0, 40.0));
        window.add(state, hb(120_000, 50.0, 0.0, 40.0));
        window.add(state, hb(300_000, 10.0, 0.0, 40.0)); // next window: the first closes with CPU average 74.5
        assertNull(state.getMetricAlarm());

        window.add(state, hb(360_000, 95.0, 6.0, 80.0));
        window.add(state, hb(420_000, 93.0, 8.0, 78.0));
        window.add(state, hb(600_000, 10.0, 0.0, 40.0)); // closes [300 s, 600 s): CPU 66, loss 4.7, temperature 66
        assertNull(state.getMetricAlarm());

        window.add(state, hb(900_000, 95.0, 6.0, 80.0));  // [600 s, 900 s) closed with one cool reading
        assertNull(state.getMetricAlarm());
        window.add(state, hb(960_000, 95.0, 6.0, 80.0));
        window.add(state, hb(1_200_000, 10.0, null, null)); // closes [900 s, 1200 s): everything over
        assertEquals("5m average CPU 95.0% over 90%, 5m average packet loss 6.0% over 5%, 5m average temperature 80.0 °C over 75 °C",
                state.getMetricAlarm());
    }

    @Test
    void aHeartbeatForAnAlreadyJudgedWindowIsIgnoredAndMissingMetricsDoNotCount() {
        window.add(state, hb(600_000, null, null, null));
        window.add(state, hb(100_000, 100.0, 100.0, 100.0));
        assertEquals(0, state.getCpuCount());
        window.add(state, hb(900_000, null, null, null));
        assertNull(state.getMetricAlarm());
    }
}
