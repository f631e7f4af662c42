package com.schoolops.sla.health;

import com.schoolops.sla.avro.AgentStatus;
import com.schoolops.sla.avro.DeviceHeartbeat;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.state.DayTelemetry;
import com.schoolops.sla.state.FirmwareStep;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A device's day of telemetry as the liveness stage counts it, stores it in its entry and sends it. */
class TelemetryDayTest {
    static final LocalDays DAYS = new LocalDays(ZoneId.of("Asia/Shanghai"));
    static final int DAY = (int) LocalDate.parse("2026-03-02").toEpochDay();
    static final long START = Instant.parse("2026-03-01T16:00:00Z").toEpochMilli();

    static DeviceHeartbeat beat(long at, Double cpu, Double loss, String firmware) {
        return DeviceHeartbeat.newBuilder().setDeviceId("d-1").setDeviceType(DeviceType.SWITCH).setSiteId("s").setTimestamp(at)
                .setStatus(AgentStatus.OK).setCpuPct(cpu).setMemPct(null).setTemperatureC(40.04).setPacketLossPct(loss).setFirmware(firmware).build();
    }

    @Test
    void metricsAreKeptToATenthWithTheirSamplesMinMaxAndSumAndLossPerBucket() {
        TelemetryDay day = new TelemetryDay();
        day.startDay(DAY, true);
        day.add(beat(START + 1_000, 12.34, 0.0, "a"));
        day.add(beat(START + 2_000, 80.0, 0.5, "a"));
        day.add(beat(START + 3_000, null, 0.51, "a")); // no CPU sample; 0.51 % is over the 0.5 bound
        day.add(beat(START + 4_000, Double.NaN, 250.0, "a")); // NaN is no sample; over 100 % goes to the last bucket

        DayTelemetry t = day.telemetry("d-1", "s", DeviceType.SWITCH, DAYS, null);
        assertEquals(4, t.getHeartbeats());
        // cpu: 2 samples, 12.3 and 80.0 in tenths, sum 923; mem: none; temperature: 4 of 40.0; loss: 4 samples 0, 5, 5, 2500
        assertEquals(List.of(2L, 123L, 800L, 923L, 0L, 4L, 400L, 400L, 1600L, 4L, 0L, 2500L, 2510L), t.getMetrics());
        assertEquals(List.of(1, 1, 1, 0, 0, 0, 0, 1), t.getLossBuckets());
        assertEquals(START, t.getStart());
        assertEquals(START + 86_400_000L, t.getEnd());
        assertEquals(START, t.getRegisteredFrom(), "registered all day");
        assertNull(t.getRemovedAt());
    }

    @Test
    void aNewFirmwareIsAChangeButTheFirstOneReportedIsNot() {
        TelemetryDay day = new TelemetryDay();
        day.startDay(DAY, true);
        assertTrue(day.add(beat(START + 1_000, 1.0, 0.0, "1.0")), "the first firmware: the entry is worth a write");
        assertFalse(day.add(beat(START + 2_000, 1.0, 0.0, "1.0")));
        assertFalse(day.add(beat(START + 3_000, 1.0, 0.0, null)), "a heartbeat that names none changes nothing");
        assertTrue(day.add(beat(START + 4_000, 1.0, 0.0, "1.1")));
        DayTelemetry t = day.telemetry("d-1", "s", DeviceType.SWITCH, DAYS, null);
        assertEquals("1.1", t.getFirmware());
        assertEquals(List.of(new FirmwareStep(START + 4_000, "1.0", "1.1")), t.getFirmwareChanges());

        day.startDay(DAY + 1, true);
        DayTelemetry next = day.telemetry("d-1", "s", DeviceType.SWITCH, DAYS, null);
        assertEquals("1.1", next.getFirmware(), "the firmware goes on into the next day");
        assertEquals(List.of(), next.getFirmwareChanges());
        assertEquals(0, next.getHeartbeats());
        assertEquals(List.of(), next.getMetrics());
    }

    @Test
    void whatIsStoredReadsBackAsTheSameDay() {
        TelemetryDay day = new TelemetryDay();
        day.startDay(DAY, 8 * 3_600_000);
        day.add(beat(START + 9 * 3_600_000L, 33.3, 7.0, "x"));
        day.add(beat(START + 10 * 3_600_000L, null, null, "y"));
        day.add(beat(START + 11 * 3_600_000L, -4.2, 250.0, "固件-z"));
        org.apache.kafka.common.serialization.Serde<java.nio.ByteBuffer> stored = org.apache.kafka.common.serialization.Serdes.ByteBuffer();
        java.nio.ByteBuffer read = stored.deserializer().deserialize("t", stored.serializer().serialize("t", day.pack()));

        TelemetryDay back = TelemetryDay.unpack(read);
        DayTelemetry sent = back.telemetry("d-1", "s", DeviceType.SWITCH, DAYS, null);
        assertEquals(day.telemetry("d-1", "s", DeviceType.SWITCH, DAYS, null), sent);
        assertEquals(START + 8 * 3_600_000L, sent.getRegisteredFrom());
        assertEquals(List.of(new FirmwareStep(START + 10 * 3_600_000L, "x", "y"), new FirmwareStep(START + 11 * 3_600_000L, "y", "固件-z")),
                sent.getFirmwareChanges());
        assertEquals(List.of(2L, -42L, 333L, 291L, 0L, 3L, 400L, 400L, 1200L, 2L, 70L, 2500L, 2570L), sent.getMetrics());
        assertEquals(0, TelemetryDay.unpack(null).day, "a device whose day was never stored: none yet");
    }

    @Test
    void aDayOfSteadyHeartbeatsPacksIntoAFewDozenBytes() {
        TelemetryDay day = new TelemetryDay();
        day.startDay(DAY, true);
        for (int i = 0; i < 10; i++) { // as the bench's terminals beat: every metric in every heartbeat, a firmware
            day.add(DeviceHeartbeat.newBuilder(beat(START + i * 30_000L, 25.0, 0.1, "v2.4.1")).setMemPct(40.0).setTemperatureC(45.0).build());
        }
        // version 1, the day (days since 1970, 3 bytes), registered + 1, heartbeats, the every-heartbeat bits: 7; per
        // metric min (2 bytes but loss 1), max - min and the sum's excess (1 each): 15; 2 loss buckets kept, each: 3;
        // "v2.4.1": 7; no change: 1
        java.nio.ByteBuffer packed = day.pack();
        assertEquals(33, packed.remaining());
        assertEquals(day.telemetry("d-1", "s", DeviceType.SWITCH, DAYS, null),
                TelemetryDay.unpack(packed).telemetry("d-1", "s", DeviceType.SWITCH, DAYS, null));
    }

    @Test
    void aRemovalEndsTheDayThereAndAnUnregisteredDeviceHasNoRegisteredTime() {
        TelemetryDay day = new TelemetryDay();
        day.startDay(DAY, false);
        DayTelemetry t = day.telemetry("d-1", "s", DeviceType.SWITCH, DAYS, START + 5_000);
        assertEquals(START + 5_000, t.getEnd());
        assertEquals(START + 5_000, t.getRemovedAt());
        assertNull(t.getRegisteredFrom());
    }

    @Test
    void theBucketOfASampleIsTheFirstBoundAtOrAboveIt() {
        assertEquals(0, TelemetryDay.bucket(0));
        assertEquals(1, TelemetryDay.bucket(0.3));
        assertEquals(2, TelemetryDay.bucket(1));
        assertEquals(4, TelemetryDay.bucket(4.99));
        assertEquals(7, TelemetryDay.bucket(100));
        assertEquals(7, TelemetryDay.bucket(101));
    }

    @Test
    void localDaysFollowTheZoneAcrossAChangeOfTheClocks() {
        LocalDays berlin = new LocalDays(ZoneId.of("Europe/Berlin"));
        int day = (int) LocalDate.parse("2026-03-29").toEpochDay(); // clocks go forward: a day of 23 hours
        assertEquals(23 * 3_600_000L, berlin.end(day) - berlin.start(day));
        assertEquals(day, berlin.day(berlin.start(day)));
        assertEquals(day - 1, berlin.day(berlin.start(day) - 1));
        assertEquals(day + 1, berlin.day(berlin.end(day)));
    }
}
