package com.schoolops.sla.metrics;

import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.testing.TopologyHarness;
import com.schoolops.sla.tickets.TicketStores;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The application's own metrics, as Kafka Streams sensors of the real topology: what /metrics shows (through Micrometer). */
class ObservedProcessorsTest {
    static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");

    @Test
    void escalationsAreCountedByTypeAndTierAndTicksAreTimedPerStage() {
        try (TopologyHarness h = new TopologyHarness(T0, Map.of("health.check-interval", "1m"))) {
            h.ticket(TicketEvent.newBuilder().setTicketId("T-2").setType(TicketEventType.OPENED).setTimestamp(T0.toEpochMilli())
                    .setSiteId("school-1").setContractId("seed-002").setSeverity("2")
                    .setCategory(com.schoolops.sla.avro.TicketCategory.HARDWARE).build());
            h.advance(Duration.ofMinutes(15));
            assertEquals(1.0, h.metric("timers-due-max-entries", Map.of("store", TicketStores.DEADLINES)),
                    "the tick of the first RESPONSE warning (15 min) found the ticket's timer due");
            h.advance(Duration.ofHours(5).minusMinutes(15));
            // seed-002 level 2, never acknowledged: RESPONSE warned twice (tier 1) and breached (tier 2); RESTORE warned
            // twice (tier 1) and breached (tier 3). TicketSlaTopologyTest checks the escalations themselves.
            assertEquals(6, h.escalations.readValuesToList().size());
            assertEquals(4.0, h.counter("escalations", Map.of("escalation-type", "SLA_WARNING", "tier", "1")));
            assertEquals(1.0, h.counter("escalations", Map.of("escalation-type", "SLA_BREACH", "tier", "2")));
            assertEquals(1.0, h.counter("escalations", Map.of("escalation-type", "SLA_BREACH", "tier", "3")));
            assertEquals(0.0, h.counter("dead-letters", Map.of()));
            double ticks = h.counter("punctuation", Map.of("processor", "site-task"));
            assertTrue(ticks >= 5 * 60, "the site task, and so its ticket stage, ticked once a simulated minute: " + ticks);
            assertEquals(0.0, h.metric("input-lag-seconds", Map.of("task-id", "0_0")), "input always current in the driver");
            double looks = h.counter("timers-due", Map.of("store", TicketStores.DEADLINES));
            assertTrue(looks >= ticks, "every look at the index (each tick, and each read mark) says how many timers were due: " + looks);
        }
    }

    /** Issue 33 #10: the counters of what has not happened yet are there at 0 from the start: a dashboard reads 0, not "No data". */
    @Test
    void theDeadLetterAndLateFactCountersAreThereAtZeroBeforeTheFirst() {
        try (TopologyHarness h = new TopologyHarness(T0, Map.of())) {
            java.util.Set<String> there = h.driver.metrics().keySet().stream().filter(m -> m.group().equals(TaskCounters.GROUP))
                    .flatMap(m -> m.tags().entrySet().stream().filter(t -> !t.getKey().equals("task-id")).map(t -> m.name() + "{" + t + "}"))
                    .collect(java.util.stream.Collectors.toSet());
            for (String counter : java.util.List.of("dead-letters-total{kind=refused-ticket}", "dead-letters-total{kind=failed-timer}",
                    "kpi-late-facts-total{granularity=HOURLY}", "kpi-late-facts-total{granularity=DAILY}")) {
                assertTrue(there.contains(counter), counter + " among " + new java.util.TreeSet<>(there));
            }
            assertEquals(0.0, h.counter("dead-letters", Map.of()));
            assertEquals(0.0, h.counter("kpi-late-facts", Map.of()));
        }
    }

    @Test
    void eachTaskShowsHowFarBehindTheWallClockItsInputIsRead() {
        com.schoolops.sla.testing.HeldWatermark held = new com.schoolops.sla.testing.HeldWatermark();
        try (TopologyHarness h = new TopologyHarness(T0, Map.of(), held)) {
            h.advance(Duration.ofSeconds(10));
            assertEquals(0.0, h.metric("input-lag-seconds", Map.of("task-id", "0_0")), "current");
            held.holdAt(h.now().toEpochMilli()); // input read up to here, as after a restart with a backlog
            h.advance(Duration.ofSeconds(90));
            // The driver runs the whole topology as one task (0_0): the reading stage and the site stage, by its read
            // marks, both say 90 s. Live, they are tasks of their own (0_n and 1_n).
            assertEquals(90.0, h.metric("input-lag-seconds", Map.of("task-id", "0_0")), 1.0);
            held.release();
            h.advance(Duration.ofSeconds(10));
            assertEquals(0.0, h.metric("input-lag-seconds", Map.of("task-id", "0_0")), 1.0);
        }
    }

    @Test
    void inputThatCannotBeReadIsCountedByKafkaStreamsDroppedRecords() {
        try (TopologyHarness h = new TopologyHarness(T0)) {
            // (TopologyTestDriver does not write the handler's dead letters; ApplicationIntegrationTest reads them.)
            h.rawHeartbeats.pipeInput("d-1", new byte[]{1, 2, 3});
            double dropped = h.driver.metrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals("dropped-records-total") && e.getKey().group().equals("stream-task-metrics"))
                    .mapToDouble(e -> (Double) e.getValue().metricValue()).sum();
            assertEquals(1.0, dropped, "what the README's metrics table says of kafka_stream_task_dropped_records_total");
        }
    }

    @Test
    void aTicketEventRefusedByTheSiteStageIsCountedAsADeadLetter() {
        try (TopologyHarness h = new TopologyHarness(T0)) {
            h.ticket(TicketEvent.newBuilder().setTicketId("T-9").setType(TicketEventType.ACKNOWLEDGED).setTimestamp(T0.toEpochMilli())
                    .setSiteId("school-1").build()); // no OPENED before it
            h.advance(Duration.ofSeconds(10));
            assertEquals(1, h.deadLetters.readValuesToList().size());
            assertEquals(1.0, h.counter("dead-letters", Map.of("kind", "refused-ticket")));
        }
    }
}
