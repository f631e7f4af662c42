package com.schoolops.sla.trust;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.testing.TopologyHarness;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Clocks follow the events' own timestamps, whatever order they are read in: a stop entered before the event that
 * starts its clock (an ON_SITE typed in before its DISPATCHED) stops the clock when the start is read.
 */
class ReversedEventsTopologyTest {
    static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");
    final TopologyHarness h = new TopologyHarness(T0);

    @AfterEach
    void stop() {
        h.close();
    }

    void read(TicketEventType type, Duration stampedAfterOpening) {
        boolean opened = type == TicketEventType.OPENED;
        h.tickets.pipeInput(new TestRecord<>("T-7", TicketEvent.newBuilder().setTicketId("T-7").setType(type)
                .setTimestamp(T0.plus(stampedAfterOpening).toEpochMilli()).setSiteId("school-1")
                .setContractId(opened ? "seed-003" : null).setSeverity(opened ? "GENERAL" : null)
                .setCategory(opened ? TicketCategory.HARDWARE : null).build(), h.now()));
    }

    List<String> raised() {
        return h.escalations.readValuesToList().stream().map(e -> e.getType() + (e.getClock() == null ? "" : " " + e.getClock())).toList();
    }

    @Test
    void anOnSiteReadBeforeItsDispatchedStopsTheOnSiteClockWhenTheDispatchIsRead() {
        // seed-003 GENERAL: RESPONSE 15 min, ON_SITE 1 h from DISPATCHED, remote window 1 h, RESTORE 8 h.
        read(TicketEventType.OPENED, Duration.ZERO);
        read(TicketEventType.ACKNOWLEDGED, Duration.ofMinutes(5));
        h.advanceTo(T0.plus(Duration.ofMinutes(30)));
        read(TicketEventType.ON_SITE, Duration.ofMinutes(30));    // the engineer is there at 30 min ...
        h.advanceTo(T0.plus(Duration.ofMinutes(40)));
        read(TicketEventType.DISPATCHED, Duration.ofMinutes(10)); // ... dispatched at 10 min, entered late
        h.advanceTo(T0.plus(Duration.ofHours(3)));

        List<String> raised = raised();
        assertTrue(raised.stream().noneMatch(r -> r.endsWith(SlaClock.ON_SITE.toString())), "ON_SITE was met (20 min of 1 h): " + raised);
        assertFalse(raised.contains("DISPATCH_REQUIRED"), "dispatched within the remote window: " + raised);
    }

    @Test
    void aStopStampedBeforeItsStartDoesNotStopTheClock() {
        h.advanceTo(T0.plus(Duration.ofMinutes(10))); // all four read at 10 min, none stamped ahead of the clock
        read(TicketEventType.OPENED, Duration.ZERO);
        read(TicketEventType.ACKNOWLEDGED, Duration.ofMinutes(5));
        read(TicketEventType.ON_SITE, Duration.ofMinutes(8));      // stamped before the dispatch below: not its stop
        read(TicketEventType.DISPATCHED, Duration.ofMinutes(10));
        h.advanceTo(T0.plus(Duration.ofMinutes(71)));
        List<Escalation> raised = h.escalations.readValuesToList();
        assertEquals(List.of("SLA_WARNING ON_SITE", "SLA_WARNING ON_SITE", "SLA_BREACH ON_SITE"), raised.stream()
                .filter(e -> e.getClock() == SlaClock.ON_SITE).map(e -> e.getType() + " " + e.getClock()).toList());
    }
}
