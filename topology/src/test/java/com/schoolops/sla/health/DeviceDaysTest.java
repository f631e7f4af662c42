package com.schoolops.sla.health;

import com.schoolops.sla.avro.DeviceDay;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.MetricDay;
import com.schoolops.sla.avro.ScheduleWindow;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.WindowKind;
import com.schoolops.sla.state.DayTelemetry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A device's day as published: telemetry and states joined, maintenance and what was expected. */
class DeviceDaysTest {
    static final long START = Instant.parse("2026-03-01T16:00:00Z").toEpochMilli(); // 2 March, 00:00 in Asia/Shanghai
    static final long HOUR = 3_600_000L;

    static DayTelemetry.Builder telemetry() {
        return DayTelemetry.newBuilder().setDeviceId("term-1").setSiteId("school-1").setDeviceType(DeviceType.CLOUD_TERMINAL)
                .setDay((int) LocalDate.parse("2026-03-02").toEpochDay()).setZone("Asia/Shanghai").setStart(START).setEnd(START + 24 * HOUR)
                .setRegisteredFrom(START).setRemovedAt(null).setHeartbeats(0).setMetrics(List.of()).setLossBuckets(List.of())
                .setFirmware(null).setFirmwareChanges(List.of());
    }

    static ScheduleWindow window(WindowKind kind, long from, long to, String deviceId) {
        return ScheduleWindow.newBuilder().setKind(kind).setStart(from).setEnd(to).setName("w").setDeviceId(deviceId).build();
    }

    @Test
    void maintenanceIsTheSitesWindowsAndTheDevicesOwnCountedOnceWithinTheDayAndLeftOutOfWhatIsExpected() {
        SiteSchedule schedule = SiteSchedule.newBuilder().setSiteId("school-1").setWindows(List.of(
                window(WindowKind.MAINTENANCE, START - 2 * HOUR, START + HOUR, null), // 00:00-01:00 of this day
                window(WindowKind.MAINTENANCE, START + 10 * HOUR, START + 12 * HOUR, "term-1"), // its own
                window(WindowKind.MAINTENANCE, START + 11 * HOUR, START + 13 * HOUR, null), // overlaps it: 10:00-13:00 in all
                window(WindowKind.MAINTENANCE, START + 14 * HOUR, START + 15 * HOUR, "term-2"), // another device's
                window(WindowKind.MAJOR_EVENT, START + 16 * HOUR, START + 18 * HOUR, null))).build(); // no maintenance
        // registered from 06:00: 18 h, less 10:00-13:00 (the 00:00-01:00 window is before it): 15 h / 30 s = 1,800
        DeviceDay day = DeviceDays.of(telemetry().setRegisteredFrom(START + 6 * HOUR).build(), null, "seed-003", schedule, Duration.ofSeconds(30));
        assertEquals(4 * 3_600, day.getSecondsMaintenance(), "00:00-01:00 and 10:00-13:00");
        assertEquals(1_800, day.getHeartbeatsExpected());
        assertEquals("term-1|2026-03-02", DeviceDays.key(telemetry().build()));
    }

    @Test
    void anUnregisteredDeviceIsExpectedNothingAndADayWithNoStatesCountedHasZeros() {
        DeviceDay day = DeviceDays.of(telemetry().setRegisteredFrom(null).setHeartbeats(7).build(), null, null, null, Duration.ofSeconds(30));
        assertEquals(0, day.getHeartbeatsExpected());
        assertEquals(7, day.getHeartbeatsReceived());
        assertEquals(0, day.getSecondsUp() + day.getSecondsDown() + day.getSecondsDegraded() + day.getSecondsUnreachable() + day.getSecondsFlapping());
        assertNull(day.getCpuPct(), "no sample: no metric");
        assertEquals(List.of(), day.getPacketLossBuckets());
    }

    @Test
    void metricsAreReadBackFromTenthsWithTheAverageToAHundredth() {
        // cpu 3 samples 10.0, 10.1, 10.1 (sum 302 tenths: avg 10.0667); memory none; temperature one of -5.5; loss none
        DeviceDay day = DeviceDays.of(telemetry().setHeartbeats(3).setMetrics(List.of(3L, 100L, 101L, 302L, 0L, 1L, -55L, -55L, -55L, 0L))
                .setLossBuckets(List.of(2)).build(), null, null, null, Duration.ofSeconds(30));
        assertEquals(new MetricDay(10.0, 10.07, 10.1, 3), day.getCpuPct());
        assertNull(day.getMemPct());
        assertEquals(new MetricDay(-5.5, -5.5, -5.5, 1), day.getTemperatureC());
        assertNull(day.getPacketLossPct());
        assertEquals(List.of(2, 0, 0, 0, 0, 0, 0, 0), day.getPacketLossBuckets(), "every bound, trailing zeros put back");
    }

    @Test
    void overlapCountsCoveredTimeOnce() {
        assertEquals(35, DeviceDays.overlap(List.of(new long[]{0, 20}, new long[]{10, 40}, new long[]{50, 60}), 5, 45));
        assertEquals(0, DeviceDays.overlap(List.of(new long[]{0, 5}), 5, 10));
    }
}
