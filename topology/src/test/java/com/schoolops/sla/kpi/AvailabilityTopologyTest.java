package com.schoolops.sla.kpi;

import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.KpiGranularity;
import com.schoolops.sla.avro.ScheduleWindow;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.SlaKpi;
import com.schoolops.sla.avro.WindowKind;
import com.schoolops.sla.testing.Fleet;
import com.schoolops.sla.testing.TopologyHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Device availability from device-health changes alone: two terminals (30 s interval) at one school are heard at
 * 01:00; one keeps beating, the other falls silent and is DOWN from 01:01:30 (three missed intervals).
 */
class AvailabilityTopologyTest {
    static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");
    final TopologyHarness h = new TopologyHarness(T0, Map.of("health.check-interval", "10s"));
    final Device beating = Fleet.device("av-1", DeviceType.CLOUD_TERMINAL).at("school-a").build();
    final Device silent = Fleet.device("av-2", DeviceType.CLOUD_TERMINAL).at("school-a").build();

    @AfterEach
    void close() {
        h.close();
    }

    void runTheHour() {
        h.register(beating);
        h.register(silent);
        h.heartbeat(Fleet.heartbeat(silent, T0));
        for (Instant t = T0; t.isBefore(T0.plus(Duration.ofMinutes(61))); t = t.plusSeconds(30)) {
            h.advanceTo(t);
            h.heartbeat(Fleet.heartbeat(beating, t));
        }
        h.advanceTo(Instant.parse("2026-03-02T02:10:00Z"));
    }

    SlaKpi hour(String scopeId) {
        return h.kpis.readValuesToList().stream().filter(k -> k.getGranularity() == KpiGranularity.HOURLY && k.getScopeId().equals(scopeId)
                && k.getWindowStart() == T0.toEpochMilli()).findFirst().orElseThrow(() -> new AssertionError("no hourly record for " + scopeId));
    }

    @Test
    void theShareOfDeviceTimeUpIsIntegratedFromHealthChangesForTheSiteAndItsContract() {
        runTheHour();
        List<SlaKpi> hourly = h.kpis.readValuesToList().stream().filter(k -> k.getWindowStart() == T0.toEpochMilli()).toList();
        assertEquals(2, hourly.size(), "the site and its contract: " + hourly);
        for (SlaKpi k : hourly) {
            // tracked 2 x 3,600 s; up: av-1 3,600 s + av-2 90 s = 3,690 s
            assertEquals(100.0 * 3690 / 7200, k.getDeviceAvailabilityPct(), 1e-9, k.getScope() + " " + k.getScopeId());
            assertEquals(0, k.getTicketsOpened(), "an hour with no ticket still has its record while devices are tracked");
        }
        h.advanceTo(Instant.parse("2026-03-02T03:10:00Z"));
        assertTrue(h.kpis.readValuesToList().stream().anyMatch(k -> k.getGranularity() == KpiGranularity.HOURLY
                        && k.getWindowStart() == T0.plusSeconds(3600).toEpochMilli() && k.getDeviceAvailabilityPct() != null),
                "the next hour follows, though nothing changed in it");
    }

    @Test
    void timeInAMaintenanceWindowOfTheSiteIsNotCounted() {
        h.schedule(SiteSchedule.newBuilder().setSiteId("school-a").setWindows(List.of(ScheduleWindow.newBuilder()
                .setKind(WindowKind.MAINTENANCE).setStart(T0.plus(Duration.ofMinutes(30)).toEpochMilli())
                .setEnd(T0.plus(Duration.ofMinutes(45)).toEpochMilli()).setName("cabling").build())).build());
        runTheHour();
        // 45 min counted: tracked 2 x 2,700 s; up: av-1 2,700 s + av-2 90 s = 2,790 s
        assertEquals(100.0 * 2790 / 5400, hour("school-a").getDeviceAvailabilityPct(), 1e-9);
    }

    @Test
    void aQuietSchoolHasItsAvailabilityFromTheFirstVerdictNotFromItsFirstChangeOfState() {
        // Registered and heard from 00:30Z, both UP; av-2 is silent after 02:18:30 and DOWN at 02:20 (three 30 s intervals).
        Instant first = Instant.parse("2026-03-02T00:30:00Z");
        try (TopologyHarness quiet = new TopologyHarness(first, Map.of("health.check-interval", "10s"))) {
            quiet.register(beating);
            quiet.register(silent);
            for (Instant t = first; t.isBefore(Instant.parse("2026-03-02T02:30:00Z")); t = t.plusSeconds(30)) {
                quiet.advanceTo(t);
                quiet.heartbeat(Fleet.heartbeat(beating, t));
                if (!t.isAfter(Instant.parse("2026-03-02T02:18:30Z"))) {
                    quiet.heartbeat(Fleet.heartbeat(silent, t));
                }
            }
            quiet.advanceTo(Instant.parse("2026-03-02T02:30:00Z"));
            List<SlaKpi> hourly = quiet.kpis.readValuesToList().stream().filter(k -> k.getGranularity() == KpiGranularity.HOURLY).toList();
            for (String scopeId : List.of("school-a", "seed-003")) {
                // 00:00Z: tracked from the first verdict at 00:30, 2 devices x 1,800 s, all of it UP
                SlaKpi midnight = hourOf(hourly, scopeId, "2026-03-02T00:00:00Z");
                assertEquals(2 * 1_800_000L, midnight.getTrackedDeviceMs(), scopeId);
                assertEquals(100.0, midnight.getDeviceAvailabilityPct(), 1e-9, scopeId);
                // 01:00Z: 2 devices x 3,600 s, all UP
                SlaKpi one = hourOf(hourly, scopeId, "2026-03-02T01:00:00Z");
                assertEquals(2 * 3_600_000L, one.getTrackedDeviceMs(), scopeId);
                assertEquals(100.0, one.getDeviceAvailabilityPct(), 1e-9, scopeId);
            }
        }
    }

    static SlaKpi hourOf(List<SlaKpi> hourly, String scopeId, String start) {
        return hourly.stream().filter(k -> k.getScopeId().equals(scopeId) && k.getWindowStart() == Instant.parse(start).toEpochMilli())
                .findFirst().orElseThrow(() -> new AssertionError("no hour from " + start + " for " + scopeId + "; published: "
                        + hourly.stream().map(k -> k.getScopeId() + "@" + Instant.ofEpochMilli(k.getWindowStart())).toList()));
    }
}
