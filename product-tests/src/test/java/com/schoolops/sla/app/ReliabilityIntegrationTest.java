package com.schoolops.sla.app;

import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.testing.AppProcess;
import com.schoolops.sla.testing.Fleet;
import com.schoolops.sla.testing.Testbed;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Exactly-once on a real broker when processes die: the application runs as its own `run` command in child
 * JVMs that are killed with SIGKILL. Every expected escalation must arrive once (counted by escalationId on a
 * read_committed reader): none lost, none twice, and timers that fell due while nothing ran fire afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReliabilityIntegrationTest {
    /** it-fast P1: RESPONSE 6 s and RESTORE 16 s, one warning at 50 %: four escalations per ticket never worked. */
    static final int PER_TICKET = 4;

    Testbed testbed;

    @BeforeAll
    void start() throws Exception {
        testbed = Testbed.start("reliability-it", Map.of("health.interval.SWITCH", "1s", "sla.unticketed-grace", "1h"));
    }

    @AfterAll
    void stop() {
        testbed.close();
    }

    void open(String ticketId, String site) {
        testbed.kafka.send("fault-tickets", ticketId, TicketEvent.newBuilder().setTicketId(ticketId).setType(TicketEventType.OPENED)
                .setTimestamp(System.currentTimeMillis()).setSiteId(site).setContractId("it-fast").setSeverity("P1")
                .setCategory(TicketCategory.HARDWARE).build());
    }

    List<Escalation> escalationsOf(String prefix, int expected, Duration timeout) throws InterruptedException {
        testbed.kafka.readUntil("sla-escalations", rs -> decode(rs, prefix).stream().map(Escalation::getEscalationId).distinct().count() >= expected, timeout);
        Thread.sleep(3000); // anything sent twice would be committed by now
        return decode(testbed.kafka.readAll("sla-escalations"), prefix);
    }

    List<Escalation> decode(List<ConsumerRecord<byte[], byte[]>> records, String prefix) {
        return records.stream().map(r -> (Escalation) testbed.kafka.decode(r))
                .filter(e -> e.getTicketId() != null && e.getTicketId().startsWith(prefix)).toList();
    }

    static void assertEachOnce(List<Escalation> escalations, int tickets) {
        Map<String, Long> counts = escalations.stream().collect(Collectors.groupingBy(Escalation::getEscalationId, Collectors.counting()));
        assertEquals(Map.of(), counts.entrySet().stream().filter(e -> e.getValue() != 1).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                "every escalation exactly once");
        assertEquals(tickets * PER_TICKET, counts.size(), "none lost: " + escalations.stream().map(e -> e.getTicketId() + " " + e.getType() + " " + e.getClock()).toList());
    }

    @Test
    void aCrashedInstanceRestartsAndEveryEscalationArrivesExactlyOnce() throws Exception {
        Map<String, String> settings = testbed.instance("sla-it-crash", "crash", 0);
        AppProcess first = testbed.run("crash-1", settings);
        first.awaitReady(Duration.ofSeconds(90));

        // Before the crash: a ticket whose RESPONSE deadline passes while the application runs, and a switch that beats.
        var sw = Fleet.device("crash-sw", DeviceType.SWITCH).at("crash-site-0").critical().build();
        testbed.kafka.send("device-registry", sw.getDeviceId(), sw);
        open("C-1", "crash-site-1");
        for (int i = 0; i < 8; i++) {
            testbed.kafka.send("device-heartbeats", sw.getDeviceId(), Fleet.heartbeat(sw, Instant.now()));
            Thread.sleep(500);
        }
        open("C-2", "crash-site-2");
        testbed.kafka.readUntil("sla-escalations", rs -> decode(rs, "C-1").stream().anyMatch(e -> e.getType() == EscalationType.SLA_BREACH),
                Duration.ofSeconds(30));
        first.crash(); // mid-stream: C-2's deadlines and the switch's silence fall while nothing runs

        open("C-3", "crash-site-3");               // input that arrives while the application is down
        Thread.sleep(6000);
        long restartedAt = System.currentTimeMillis();
        try (AppProcess second = testbed.run("crash-2", settings)) {
            second.awaitReady(Duration.ofSeconds(90));
            List<Escalation> escalations = escalationsOf("C-", 3 * PER_TICKET, Duration.ofSeconds(90));
            assertEachOnce(escalations, 3);
            Escalation c2Breach = escalations.stream().filter(e -> e.getTicketId().equals("C-2") && e.getType() == EscalationType.SLA_BREACH
                    && e.getClock() == SlaClock.RESPONSE).findFirst().orElseThrow();
            assertTrue(c2Breach.getDeadline() < restartedAt, "this deadline fell due while the application was down");

            List<DeviceHealthChange> down = testbed.kafka.readUntil("device-health", rs -> rs.stream().map(r -> (DeviceHealthChange) testbed.kafka.decode(r))
                            .anyMatch(c -> c.getDeviceId().equals("crash-sw") && c.getState() == HealthState.DOWN), Duration.ofSeconds(30))
                    .stream().map(r -> (DeviceHealthChange) testbed.kafka.decode(r)).filter(c -> c.getDeviceId().equals("crash-sw")).toList();
            assertEquals(List.of(HealthState.UP, HealthState.DOWN), down.stream().map(DeviceHealthChange::getState).toList(),
                    "the switch that fell silent during the outage is found DOWN once after the restart");

            String log = second.log();
            assertTrue(log.contains("The last stop of this instance was not clean"), "said once, plainly, at INFO:\n" + second.logTail());
            // What a first start warns about (e.g. a state.dir under /tmp, where a CI checkout may be) is not the crash's doing.
            java.util.Set<String> atFirstStart = warnings(first.log()).collect(java.util.stream.Collectors.toSet());
            assertEquals(List.of(), warnings(log).filter(w -> !atFirstStart.contains(w) || w.contains("TaskCorrupted")).toList(),
                    "a restart after a crash is the designed path: it logs nothing an operator must act on that a first start does not");
        }
    }

    /** The WARN and ERROR lines of a log, without their timestamps, and any line naming a corrupted task. */
    static java.util.stream.Stream<String> warnings(String log) {
        return log.lines().filter(l -> l.contains("[ERROR]") || l.contains("[WARN]") || l.contains("TaskCorrupted"))
                .map(l -> l.replaceFirst("^\\S+ ", ""));
    }

    @Test
    void sigtermCommitsFlushesStateAndStopsWithinTheBound() throws Exception {
        Map<String, String> settings = testbed.instance("sla-it-term", "term", 0);
        settings.put("shutdown.timeout", "20s");
        AppProcess app = testbed.run("term", settings);
        app.awaitReady(Duration.ofSeconds(90));
        open("S-1", "term-site");
        testbed.kafka.readUntil("sla-escalations", rs -> !decode(rs, "S-1").isEmpty(), Duration.ofSeconds(30));

        int code = app.terminate(Duration.ofSeconds(35));

        assertNotEquals(-1, code, "stopped within the bound:\n" + app.logTail());
        // Kafka Streams 4 keeps committed offsets inside the stores, so a clean close is what shows state was flushed.
        assertTrue(app.log().contains("PENDING_SHUTDOWN -> NOT_RUNNING"), app.logTail());
        assertTrue(app.log().contains("Stopped cleanly"), app.logTail());
    }

    @Test
    void whenOneOfTwoInstancesDiesTheOtherTakesOverWithNothingLostOrSentTwice() throws Exception {
        try (AppProcess a = testbed.run("pair-a", testbed.instance("sla-it-pair", "a", 1));
             AppProcess b = testbed.run("pair-b", testbed.instance("sla-it-pair", "b", 1))) {
            a.awaitReady(Duration.ofSeconds(90));
            b.awaitReady(Duration.ofSeconds(90));
            for (int i = 0; i < 6; i++) {
                open("P-" + i, "pair-site-" + i); // six sites: both instances own some
            }
            Thread.sleep(2000);
            b.crash();
            List<Escalation> escalations = escalationsOf("P-", 6 * PER_TICKET, Duration.ofSeconds(90));
            assertEachOnce(escalations, 6);
            a.awaitReady(Duration.ofSeconds(5)); // the survivor answers ready: it took over and is RUNNING
        }
    }
}
