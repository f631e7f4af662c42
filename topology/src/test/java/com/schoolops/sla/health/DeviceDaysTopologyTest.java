package com.schoolops.sla.health;

import com.schoolops.sla.avro.AgentStatus;
import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceDay;
import com.schoolops.sla.avro.DeviceHeartbeat;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.DownEpisode;
import com.schoolops.sla.avro.FirmwareChange;
import com.schoolops.sla.avro.MetricDay;
import com.schoolops.sla.avro.ScheduleWindow;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.WindowKind;
import com.schoolops.sla.testing.Fleet;
import com.schoolops.sla.testing.TopologyHarness;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Device days on device-daily (SPEC section 11), on the real topology over two local days of Asia/Shanghai (the
 * engine's zone): one school with a server, a switch and a terminal behind it, registered at 08:00 on 2 March. The
 * intervals are long (10 min for the server and the switch, 20 min for the terminal; a tick a minute) so that two days
 * are a few hundred heartbeats; every number below follows from the script, by hand.
 * <ul>
 *   <li>2 March: the server's firmware goes from 1.0 to 1.1 at 12:00 and its CPU from 30 % to 50 %; the switch reports
 *       3 % packet loss at 10:00 and 10:10 and 12 % at 10:20 (its 5-minute window over 5 %: DEGRADED from the next
 *       heartbeat, 10:30, until the one after, 10:40); the terminal is silent from its 14:00 heartbeat until 16:00 (DOWN
 *       at 15:00, three of its intervals after, UP at 16:00); the school is in maintenance from 18:00 to 20:00.</li>
 *   <li>3 March: all beat; the terminal is decommissioned at 12:00.</li>
 * </ul>
 */
class DeviceDaysTopologyTest {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final String SITE = "school-1";
    static final Map<String, String> SETTINGS = Map.of("health.interval.CLOUD_SERVER", "10m", "health.interval.SWITCH", "10m",
            "health.interval.CLOUD_TERMINAL", "20m", "health.check-interval", "1m");
    static final Device SERVER = Fleet.device("srv-1", DeviceType.CLOUD_SERVER).at(SITE).build();
    static final Device SWITCH = Fleet.device("sw-1", DeviceType.SWITCH).at(SITE).build();
    static final Device TERMINAL = Fleet.device("term-1", DeviceType.CLOUD_TERMINAL).at(SITE).behind("sw-1").build();

    static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(ZONE).toInstant();
    }

    static long ms(String dateTime) {
        return local(dateTime).toEpochMilli();
    }

    /** The two days of the script, with restarts of the application at the instants given (none: one run). */
    static List<KeyValue<String, DeviceDay>> run(Set<Instant> restarts) {
        Instant start = local("2026-03-02T08:00");
        Instant end = local("2026-03-04T00:00");
        List<KeyValue<String, DeviceDay>> published = new ArrayList<>();
        Map<String, String> settings = new java.util.HashMap<>(SETTINGS);
        if (!restarts.isEmpty()) {
            settings.putAll(TopologyHarness.RESTARTABLE);
        }
        TopologyHarness h = new TopologyHarness(start, settings);
        try {
            h.register(SERVER);
            h.register(SWITCH);
            h.register(TERMINAL);
            h.schedule(SiteSchedule.newBuilder().setSiteId(SITE).setWindows(List.of(ScheduleWindow.newBuilder()
                    .setKind(WindowKind.MAINTENANCE).setStart(ms("2026-03-02T18:00")).setEnd(ms("2026-03-02T20:00"))
                    .setName("UPS replacement").build())).build());
            for (Instant t = start; !t.isAfter(end); t = t.plus(Duration.ofMinutes(10))) {
                h.advanceTo(t);
                if (restarts.contains(t)) {
                    published.addAll(h.deviceDays.readKeyValuesToList());
                    h.restart();
                }
                if (t.equals(local("2026-03-03T12:00"))) {
                    h.decommission(TERMINAL.getDeviceId());
                }
                h.heartbeat(serverBeat(t));
                h.heartbeat(switchBeat(t));
                boolean silent = t.isAfter(local("2026-03-02T14:00")) && t.isBefore(local("2026-03-02T16:00"));
                boolean removed = !t.isBefore(local("2026-03-03T12:00"));
                if (t.atZone(ZONE).getMinute() % 20 == 0 && !silent && !removed) {
                    h.heartbeat(beat(TERMINAL, t, 35.0, 0.0, "t-7"));
                }
            }
            h.advance(Duration.ofMinutes(1));
            published.addAll(h.deviceDays.readKeyValuesToList());
        } finally {
            h.close();
        }
        return published;
    }

    static DeviceHeartbeat serverBeat(Instant t) {
        boolean afterNoon = !t.isBefore(local("2026-03-02T12:00"));
        return beat(SERVER, t, afterNoon ? 50.0 : 30.0, 0.0, afterNoon ? "1.1" : "1.0");
    }

    static DeviceHeartbeat switchBeat(Instant t) {
        double loss = t.equals(local("2026-03-02T10:00")) || t.equals(local("2026-03-02T10:10")) ? 3.0
                : t.equals(local("2026-03-02T10:20")) ? 12.0 : 0.0;
        return beat(SWITCH, t, 10.0, loss, "s-2");
    }

    static DeviceHeartbeat beat(Device d, Instant t, double cpu, double loss, String firmware) {
        return DeviceHeartbeat.newBuilder(Fleet.heartbeat(d.getDeviceId(), d.getDeviceType(), SITE, t, AgentStatus.OK))
                .setCpuPct(cpu).setMemPct(40.0).setTemperatureC(45.0).setPacketLossPct(loss).setFirmware(firmware).build();
    }

    static MetricDay metric(double min, double avg, double max, int samples) {
        return new MetricDay(min, avg, max, samples);
    }

    /** A day's record with what every device of the script shares; the test sets what differs. */
    static DeviceDay.Builder day(Device d, String date, long heartbeats, int expected) {
        String next = java.time.LocalDate.parse(date).plusDays(1).toString();
        return DeviceDay.newBuilder().setDeviceId(d.getDeviceId()).setSiteId(SITE).setDeviceType(d.getDeviceType()).setContractId("seed-003")
                .setDay(date).setZone("Asia/Shanghai").setDayStart(ms(date + "T00:00")).setDayEnd(ms(next + "T00:00"))
                .setHeartbeatsReceived((int) heartbeats).setHeartbeatsExpected(expected)
                .setMemPct(metric(40.0, 40.0, 40.0, (int) heartbeats)).setTemperatureC(metric(45.0, 45.0, 45.0, (int) heartbeats))
                .setPacketLossPct(metric(0.0, 0.0, 0.0, (int) heartbeats)).setPacketLossBuckets(List.of((int) heartbeats, 0, 0, 0, 0, 0, 0, 0))
                .setFirmwareChanges(List.of()).setDownEpisodes(List.of())
                .setSecondsUp(0).setSecondsDegraded(0).setSecondsDown(0).setSecondsUnreachable(0).setSecondsFlapping(0)
                .setSecondsMaintenance(0).setRemovedAt(null);
    }

    /** Every record of the script, derived by hand. */
    static List<KeyValue<String, DeviceDay>> expected() {
        // 2 March: registered at 08:00, so 16 h of the day count; the maintenance window (2 h) is left out of what is
        // expected: (57,600 - 7,200) s / 600 s = 84 heartbeats of the server and the switch, / 1,200 s = 42 of the terminal.
        // The server and the switch beat at 08:00, 08:10, ... 23:50: 96 each. Each is UP from its first heartbeat (08:00).
        DeviceDay server1 = day(SERVER, "2026-03-02", 96, 84)
                // CPU 30 % for the 24 heartbeats before noon, 50 % for the 72 after: (24 x 30 + 72 x 50) / 96 = 45
                .setCpuPct(metric(30.0, 45.0, 50.0, 96))
                .setFirmware("1.1").setFirmwareChanges(List.of(new FirmwareChange(ms("2026-03-02T12:00"), "1.0", "1.1")))
                .setSecondsUp(16 * 3600).setSecondsMaintenance(7200).build();
        DeviceDay switch1 = day(SWITCH, "2026-03-02", 96, 84)
                .setCpuPct(metric(10.0, 10.0, 10.0, 96)).setFirmware("s-2")
                // loss: 93 samples of 0, two of 3 % (the bucket up to 5 %), one of 12 % (up to 20 %); 18 / 96 = 0.1875
                .setPacketLossPct(metric(0.0, 0.19, 12.0, 96)).setPacketLossBuckets(List.of(93, 0, 0, 0, 2, 0, 1, 0))
                // DEGRADED 10:30-10:40 (the 10:20 window's average, 12 %, judged at the 10:30 heartbeat)
                .setSecondsUp(16 * 3600 - 600).setSecondsDegraded(600).setSecondsMaintenance(7200).build();
        DeviceDay terminal1 = day(TERMINAL, "2026-03-02", 43, 42)
                // 08:00 ... 23:40 every 20 min is 48, less the five of 14:20 ... 15:40
                .setCpuPct(metric(35.0, 35.0, 35.0, 43)).setFirmware("t-7")
                // UP 08:00-15:00 and 16:00-24:00, DOWN 15:00-16:00 (last heartbeat 14:00 + 3 x 20 min), outside maintenance
                .setSecondsUp(7 * 3600 + 8 * 3600).setSecondsDown(3600)
                .setDownEpisodes(List.of(new DownEpisode(ms("2026-03-02T15:00"), ms("2026-03-02T16:00"), false)))
                .setSecondsMaintenance(7200).build();
        // 3 March: a whole day, no maintenance: 86,400 s / 600 s = 144 expected and received (00:00 ... 23:50).
        DeviceDay server2 = day(SERVER, "2026-03-03", 144, 144).setCpuPct(metric(50.0, 50.0, 50.0, 144)).setFirmware("1.1")
                .setSecondsUp(86_400).build();
        DeviceDay switch2 = day(SWITCH, "2026-03-03", 144, 144).setCpuPct(metric(10.0, 10.0, 10.0, 144)).setFirmware("s-2")
                .setSecondsUp(86_400).build();
        // The terminal leaves the registry at 12:00 (before its 12:00 heartbeat): its day ends there. 00:00 ... 11:40 is
        // 36 heartbeats, and 43,200 s / 1,200 s = 36 expected; UP all 12 hours.
        DeviceDay terminal2 = day(TERMINAL, "2026-03-03", 36, 36).setCpuPct(metric(35.0, 35.0, 35.0, 36)).setFirmware("t-7")
                .setDayEnd(ms("2026-03-03T12:00")).setRemovedAt(ms("2026-03-03T12:00")).setSecondsUp(12 * 3600).build();
        // In the order they are published: the first day's at its end, the terminal's second at its removal, the rest at the
        // second day's end (each day's records in the order of the liveness stage's entries: device ids in byte order).
        return List.of(KeyValue.pair("srv-1|2026-03-02", server1), KeyValue.pair("sw-1|2026-03-02", switch1),
                KeyValue.pair("term-1|2026-03-02", terminal1), KeyValue.pair("term-1|2026-03-03", terminal2),
                KeyValue.pair("srv-1|2026-03-03", server2), KeyValue.pair("sw-1|2026-03-03", switch2));
    }

    @Test
    void eachDeviceHasOneRecordPerLocalDayWithItsHeartbeatsMetricsFirmwareStatesAndMaintenance() {
        List<KeyValue<String, DeviceDay>> published = run(Set.of());
        List<KeyValue<String, DeviceDay>> expected = expected();
        assertEquals(expected.size(), published.size(), published.toString());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).key, published.get(i).key);
            assertEquals(expected.get(i).value, published.get(i).value, expected.get(i).key);
        }
    }

    @Test
    void restartsMidDayAndJustAfterMidnightGiveTheSameOneRecordPerDeviceAndDay() {
        // 20:00 on the first day (the day's counts come back from the stored entries); 00:00 on the second, right after the
        // day roll sent the first day for every device and before any was heard again: their stored entries still hold
        // the first day, which is not sent again.
        List<KeyValue<String, DeviceDay>> published = run(Set.of(local("2026-03-02T20:00"), local("2026-03-03T00:00")));
        assertEquals(expected().stream().map(kv -> kv.key).sorted().toList(), published.stream().map(kv -> kv.key).sorted().toList());
        for (KeyValue<String, DeviceDay> e : expected()) {
            assertEquals(e.value, published.stream().filter(p -> p.key.equals(e.key)).findFirst().orElseThrow().value, e.key);
        }
    }

    /**
     * Under at-least-once a restart reads the input again from the last committed offset. srv-1 beats every minute
     * (its checkpoint bucket 3 min, its metric window 5 min): 08:00:10 is written; 08:01:10 is not (same bucket and
     * window); 08:02:10 reports new firmware, which stores its day at once. After a restart the last two are read
     * again: the day must count each heartbeat once (3 by the removal at 08:10), so the day is never stored ahead of the
     * entry whose lastSeen tells a heartbeat read again from a new one. (It counted 5 when the day alone was written.)
     */
    @Test
    void heartbeatsReadAgainAfterARestartAreCountedOnceInTheDay() {
        Map<String, String> settings = new java.util.HashMap<>(SETTINGS);
        settings.putAll(TopologyHarness.RESTARTABLE);
        settings.put("health.interval.CLOUD_SERVER", "1m");
        try (TopologyHarness h = new TopologyHarness(local("2026-03-02T08:00"), settings)) {
            h.register(SERVER);
            List<DeviceHeartbeat> again = List.of(beat(SERVER, local("2026-03-02T08:01:10"), 30.0, 0.0, "1.0"),
                    beat(SERVER, local("2026-03-02T08:02:10"), 30.0, 0.0, "1.1"));
            h.advanceTo(local("2026-03-02T08:00:10"));
            h.heartbeat(beat(SERVER, local("2026-03-02T08:00:10"), 30.0, 0.0, "1.0"));
            for (DeviceHeartbeat hb : again) {
                h.advanceTo(Instant.ofEpochMilli(hb.getTimestamp()));
                h.heartbeat(hb);
            }
            h.restart();
            again.forEach(h::heartbeat); // read again from the offset committed before them
            h.advanceTo(local("2026-03-02T08:10"));
            h.decommission(SERVER.getDeviceId()); // its day is published at its removal
            h.advance(Duration.ofMinutes(1));
            DeviceDay day = h.deviceDays.readValuesToList().stream().filter(d -> d.getDeviceId().equals("srv-1")).findFirst().orElseThrow();
            assertEquals(3, day.getHeartbeatsReceived(), day.toString());
            assertEquals("1.1", day.getFirmware());
        }
    }

    @Test
    void aDayEndedEarlyByADeviceWhoseClockIsAheadWaitsForItsEndOnTheWallClock() {
        // The server's clock is 3 minutes fast: at 23:57 on the wall clock it stamps a heartbeat 00:00 of 3 March, which
        // ends its 2 March for the liveness stage. The record waits for 2 March's end, and counts its states to then.
        Instant start = local("2026-03-02T08:00");
        try (TopologyHarness h = new TopologyHarness(start, SETTINGS)) {
            h.register(SERVER);
            for (Instant t = start; t.isBefore(local("2026-03-02T23:57")); t = t.plus(Duration.ofMinutes(10))) {
                h.advanceTo(t);
                h.heartbeat(serverBeat(t));
            }
            h.advanceTo(local("2026-03-02T23:57"));
            h.heartbeat(serverBeat(local("2026-03-03T00:00")));
            h.advanceTo(local("2026-03-02T23:59:59"));
            assertTrue(h.deviceDays.isEmpty(), "2 March is not over on the wall clock");

            h.advanceTo(local("2026-03-03T00:01"));
            List<KeyValue<String, DeviceDay>> days = h.deviceDays.readKeyValuesToList();
            assertEquals(List.of("srv-1|2026-03-02"), days.stream().map(kv -> kv.key).toList());
            DeviceDay day = days.get(0).value;
            assertEquals(96, day.getHeartbeatsReceived(), "08:00 ... 23:50; the heartbeat stamped 00:00 is 3 March's");
            assertEquals(16 * 3600, day.getSecondsUp(), "UP from 08:00 to the day's end");
        }
    }
}
