package com.schoolops.sla.kpi;

import com.schoolops.sla.avro.KpiGranularity;
import com.schoolops.sla.avro.KpiScope;
import com.schoolops.sla.avro.SlaKpi;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.testing.HeldWatermark;
import com.schoolops.sla.testing.TopologyHarness;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * KPI windows on the real topology, the wall clock driven: a window closes at its end plus the 10 min grace with no
 * further input, gives one record per scope, and leaves the store; what is late for a closed window is not counted
 * there (a published window never changes) but still counts in the day, which is open.
 */
class KpiTopologyTest {
    // Monday 2 March 2026, 09:00 in Shanghai: the hour [01:00Z, 02:00Z), the day [1 March 16:00Z, 2 March 16:00Z).
    static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");
    TopologyHarness h = new TopologyHarness(T0, Map.of("health.check-interval", "1m"));

    @AfterEach
    void close() {
        h.close();
    }

    void at(Duration after, String ticket, TicketEventType type) {
        h.advanceTo(T0.plus(after));
        boolean opened = type == TicketEventType.OPENED;
        h.ticket(TicketEvent.newBuilder().setTicketId(ticket).setType(type).setTimestamp(T0.plus(after).toEpochMilli())
                .setSiteId("school-1").setContractId("seed-003").setSeverity(opened ? "GENERAL" : null)
                .setCategory(opened ? TicketCategory.HARDWARE : null).build());
    }

    List<TestRecord<String, SlaKpi>> published(KpiGranularity granularity) {
        return h.kpis.readRecordsToList().stream().filter(r -> r.value().getGranularity() == granularity).toList();
    }

    @Test
    void anHourClosesOnTheWallClockWithOneRecordPerScopeAndTheHandComputedFigures() {
        at(Duration.ZERO, "K-1", TicketEventType.OPENED);
        at(Duration.ofMinutes(10), "K-1", TicketEventType.ACKNOWLEDGED);
        at(Duration.ofMinutes(20), "K-2", TicketEventType.OPENED);
        at(Duration.ofMinutes(40), "K-1", TicketEventType.RESOLVED);
        h.advanceTo(Instant.parse("2026-03-02T02:09:00Z"));
        assertTrue(h.kpis.isEmpty(), "open until its end plus the grace");

        h.advanceTo(Instant.parse("2026-03-02T02:10:00Z"));
        List<TestRecord<String, SlaKpi>> hourly = published(KpiGranularity.HOURLY);
        assertEquals(List.of("CONTRACT seed-003", "SITE school-1"), hourly.stream()
                .map(r -> r.value().getScope() + " " + r.value().getScopeId()).sorted().toList(), "one record per scope, no partials");
        for (TestRecord<String, SlaKpi> r : hourly) {
            SlaKpi k = r.value();
            assertEquals(k.getScopeId() + "@" + T0.toEpochMilli(), r.key());
            assertEquals(Instant.parse("2026-03-02T02:10:00Z"), r.getRecordTime(), "stamped when published, not at the window");
            assertEquals(T0.toEpochMilli(), k.getWindowStart());
            assertEquals(T0.plusSeconds(3600).toEpochMilli(), k.getWindowEnd());
            assertEquals(2, k.getTicketsOpened());
            assertEquals(1, k.getTicketsResolved());
            assertEquals(50.0, k.getResponseCompliancePct(), "K-1 met at 10 min; K-2 missed at its 15 min deadline, 01:35");
            assertEquals(100.0, k.getRestoreCompliancePct(), "K-1 restored at 40 min of 8 h; K-2's RESTORE is not decided yet");
            assertEquals(Duration.ofMinutes(10).toMillis(), k.getMeanTimeToAcknowledgeMs());
            assertEquals(Duration.ofMinutes(40).toMillis(), k.getMeanTimeToRestoreMs());
            assertEquals(50.0, k.getRepairRatePct(), "of the 2 faults opened in the hour, 1 repaired in it");
            assertEquals(Map.of("RESPONSE", 1), k.getBreachesByClock());
            assertNull(k.getMeanSatisfaction());
        }

        h.advance(Duration.ofHours(2));
        assertTrue(published(KpiGranularity.HOURLY).isEmpty(), "exactly one record per window: nothing more for that hour, "
                + "and none for hours in which nothing counted");
        assertEquals(2, h.entries(KpiStores.WINDOWS), "the closed hours left the store; the two days are still open");
    }

    @Test
    void aWindowIsNotPublishedOnABacklogNotYetReadAfterARestartOnlyOnceTheInputHasBeenReadPastItsClose() {
        HeldWatermark watermark = new HeldWatermark();
        h.close();
        h = new TopologyHarness(T0, Map.of("health.check-interval", "1m"), watermark);
        at(Duration.ZERO, "K-1", TicketEventType.OPENED);
        at(Duration.ofMinutes(5), "K-1", TicketEventType.ACKNOWLEDGED);
        watermark.holdAt(T0.plus(Duration.ofMinutes(30)).toEpochMilli()); // e.g. restarted, its input read up to 01:30 only
        h.advanceTo(Instant.parse("2026-03-02T03:00:00Z"));
        assertTrue(h.kpis.isEmpty(), "02:10 has passed on the clock, but not in what has been read");

        watermark.release();
        h.advance(Duration.ofMinutes(1));
        assertEquals(List.of("CONTRACT 1", "SITE 1"), published(KpiGranularity.HOURLY).stream()
                .map(r -> r.value().getScope() + " " + r.value().getTicketsOpened()).sorted().toList());
    }

    @Test
    void aFactLateForAClosedHourIsNotCountedThereButStillCountsInTheOpenDayWhichThenLeavesTheStoreToo() {
        at(Duration.ZERO, "K-1", TicketEventType.OPENED);
        h.advanceTo(Instant.parse("2026-03-02T02:30:00Z"));
        assertEquals(2, published(KpiGranularity.HOURLY).size());
        // Entered late: acknowledged at 01:05, read at 02:30, after its hour closed at 02:10.
        h.ticket(TicketEvent.newBuilder().setTicketId("K-1").setType(TicketEventType.ACKNOWLEDGED)
                .setTimestamp(T0.plus(Duration.ofMinutes(5)).toEpochMilli()).setSiteId("school-1").build());
        assertEquals(2.0, h.counter("kpi-late-facts", Map.of("granularity", "HOURLY")),
                "counted as late for the closed hour of the site and of the contract");
        assertEquals(0.0, h.counter("kpi-late-facts", Map.of("granularity", "DAILY")));
        h.advanceTo(Instant.parse("2026-03-02T16:09:00Z"));
        assertEquals(List.of("HOURLY 2026-03-02T09:00:00Z {RESTORE=1}", "HOURLY 2026-03-02T09:00:00Z {RESTORE=1}"), h.kpis.readValuesToList().stream()
                        .map(k -> k.getGranularity() + " " + Instant.ofEpochMilli(k.getWindowStart()) + " " + k.getBreachesByClock()).toList(),
                "only the hour of the RESTORE breach (09:00Z); no second record for the closed hour of 01:00; the day still open");

        h.advanceTo(Instant.parse("2026-03-02T16:10:00Z"));
        List<SlaKpi> daily = h.kpis.readValuesToList();
        assertEquals(2, daily.size());
        for (SlaKpi k : daily) {
            assertEquals(KpiGranularity.DAILY, k.getGranularity());
            assertEquals(Instant.parse("2026-03-01T16:00:00Z").toEpochMilli(), k.getWindowStart(), "a Shanghai day");
            assertEquals(1, k.getTicketsOpened());
            assertEquals(Duration.ofMinutes(5).toMillis(), k.getMeanTimeToAcknowledgeMs(), "the late acknowledgement counts in the open day");
            assertEquals(0.0, k.getResponseCompliancePct(), "RESPONSE was missed at 01:15, before the acknowledgement was read");
            assertEquals(0.0, k.getRestoreCompliancePct(), "RESTORE missed at 8 h, 09:00Z");
            assertEquals(Map.of("RESPONSE", 1, "RESTORE", 1), k.getBreachesByClock());
            assertEquals(0.0, k.getRepairRatePct());
        }
        assertEquals(0, h.entries(KpiStores.WINDOWS), "closed windows leave the store");
        assertEquals(0, h.entries(KpiStores.DEADLINES), "and so do their timers");
    }

    @Test
    void aRestoreOnASpareUnitIsTheTicketsRestoreInTheDayItHappenedNotWhenTheOriginalUnitIsRepaired() {
        // The README's definitions: ticketsResolved counts a ticket in the window of its first RESOLVED or SPARE_INSTALLED,
        // meanTimeToRestoreMs is that first restore less OPENED. Opened 18:00Z (Shanghai's 3 March), service restored on
        // a spare at 20:00Z (2 h, RESTORE met), the original unit repaired (RESOLVED) at 18:00Z the next day (4 March).
        at(Duration.ofHours(17), "S-1", TicketEventType.OPENED);
        at(Duration.ofHours(17).plusMinutes(5), "S-1", TicketEventType.ACKNOWLEDGED);
        at(Duration.ofHours(18), "S-1", TicketEventType.SPARE_REQUESTED);
        at(Duration.ofHours(18).plusMinutes(20), "S-1", TicketEventType.SPARE_CONFIRMED);
        at(Duration.ofHours(19), "S-1", TicketEventType.SPARE_INSTALLED);
        at(Duration.ofHours(41), "S-1", TicketEventType.RESOLVED);
        h.advanceTo(Instant.parse("2026-03-04T16:10:00Z")); // both days closed

        List<SlaKpi> kpis = h.kpis.readValuesToList().stream().filter(k -> k.getScope() == KpiScope.CONTRACT).toList();
        SlaKpi restoreHour = kpis.stream().filter(k -> k.getGranularity() == KpiGranularity.HOURLY
                && k.getWindowStart() == Instant.parse("2026-03-02T20:00:00Z").toEpochMilli()).findFirst().orElseThrow();
        assertEquals(1, restoreHour.getTicketsResolved(), "restored in the hour of 20:00Z");
        assertEquals(Duration.ofHours(2).toMillis(), restoreHour.getMeanTimeToRestoreMs(), "20:00Z - 18:00Z");

        SlaKpi itsDay = day(kpis, "2026-03-02T16:00:00Z");
        assertEquals(1, itsDay.getTicketsOpened());
        assertEquals(1, itsDay.getTicketsResolved(), "its first restore, on the spare, is in its own day");
        assertEquals(Duration.ofHours(2).toMillis(), itsDay.getMeanTimeToRestoreMs());
        assertEquals(100.0, itsDay.getRestoreCompliancePct(), "RESTORE stopped at the spare's install, within 8 h");
        assertEquals(100.0, itsDay.getRepairRatePct(), "the fault was restored before its day closed");

        assertTrue(kpis.stream().noneMatch(k -> k.getWindowStart() >= Instant.parse("2026-03-03T16:00:00Z").toEpochMilli()
                        && k.getTicketsResolved() > 0),
                "the repair of the original unit on 4 March is not a second restore: " + kpis.stream()
                        .filter(k -> k.getTicketsResolved() > 0).map(k -> k.getGranularity() + "@" + Instant.ofEpochMilli(k.getWindowStart())).toList());
    }

    static SlaKpi day(List<SlaKpi> kpis, String start) {
        return kpis.stream().filter(k -> k.getGranularity() == KpiGranularity.DAILY && k.getWindowStart() == Instant.parse(start).toEpochMilli())
                .findFirst().orElseThrow(() -> new AssertionError("no day from " + start + " in " + kpis));
    }
}
