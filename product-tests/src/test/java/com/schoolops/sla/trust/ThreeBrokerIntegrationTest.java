package com.schoolops.sla.trust;

import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.embedded.KafkaCluster;
import com.schoolops.sla.testing.AppProcess;
import com.schoolops.sla.testing.ChildApps;
import com.schoolops.sla.testing.Fleet;
import com.schoolops.sla.testing.Testbed;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * issue 26 #2: the application on a cluster as production runs it: three KRaft nodes (child JVMs), every topic and the
 * application's internal topics on 3 replicas, {@code min.insync.replicas=2}. While a fleet keeps beating and ticket
 * deadlines fall due, the leader of the input partitions is killed with SIGKILL, all three nodes are restarted one
 * after the other, and the active controller is killed. A {@code read_committed} reader then finds nothing lost,
 * nothing doubled by id, and nothing false: no live device DOWN, no breach of a clock stopped in time.
 */
class ThreeBrokerIntegrationTest {
    /** it-fast P1: RESPONSE 6 s, RESTORE 16 s, a warning at 50 %. */
    static final Map<EscalationType, Integer> UNWORKED = Map.of(EscalationType.SLA_WARNING, 2, EscalationType.SLA_BREACH, 2);

    @Test
    void leaderKillRollingRestartAndControllerFailoverPublishNothingFalseLostOrDoubled() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.start(ChildApps.workspace("three-brokers-cluster"), 3);
             Testbed testbed = Testbed.on("three-brokers-it", cluster.bootstrapServers(), Map.of("replication.factor", "3"),
                     Map.of("replication.factor", "3", "health.interval.CLOUD_TERMINAL", "1s", "sla.unticketed-grace", "1h"))) {
            List<Device> live = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                for (int i = 0; i < 3; i++) {
                    Device d = Fleet.device("tb-s" + s + "-t" + i, DeviceType.CLOUD_TERMINAL).at("tb-site-" + s).build();
                    testbed.kafka.send("device-registry", d.getDeviceId(), d);
                    live.add(d);
                }
            }
            testbed.pump.beating.addAll(live);
            List<String> topics = List.of("device-heartbeats", "device-registry", "fault-tickets", "sla-escalations", "device-health");
            try (AppProcess app = testbed.run("three-brokers", testbed.instance("three-brokers", "a", 0))) {
                app.awaitReady(Duration.ofSeconds(120));
                awaitAllUp(testbed, live);

                // 1. The leader of the inputs' first partitions dies while two tickets' clocks run.
                open(testbed, "TB-L1", "tb-site-0");
                openAndAcknowledge(testbed, "TB-L2", "tb-site-1");
                int leader = cluster.leaderOf("device-heartbeats", 0);
                cluster.kill(leader);
                awaitEscalations(testbed, "TB-L1", 4);
                cluster.restart(leader, topics);

                // 2. Every node restarted in turn (SIGTERM, start, wait until every partition is in sync again).
                open(testbed, "TB-R1", "tb-site-2");
                openAndAcknowledge(testbed, "TB-R2", "tb-site-0");
                for (int id = 1; id <= 3; id++) {
                    cluster.stop(id);
                    cluster.restart(id, topics);
                }

                // 3. The active controller dies.
                open(testbed, "TB-C1", "tb-site-1");
                int controller = cluster.activeController();
                cluster.kill(controller);
                openAndAcknowledge(testbed, "TB-C2", "tb-site-2");
                awaitEscalations(testbed, "TB-C1", 4);
                cluster.restart(controller, topics);
                awaitEscalations(testbed, "TB-R1", 4);
                awaitEscalations(testbed, "TB-C2", 2);
                Thread.sleep(5000); // anything doubled or false would be committed by now
                app.awaitReady(Duration.ofSeconds(5));
            } finally {
                testbed.pump.beating.clear();
            }

            List<Escalation> escalations = testbed.kafka.readAll("sla-escalations").stream().map(r -> (Escalation) testbed.kafka.decode(r))
                    .filter(e -> e.getTicketId() != null && e.getTicketId().startsWith("TB-")).toList();
            Map<String, Long> byId = escalations.stream().collect(Collectors.groupingBy(Escalation::getEscalationId, TreeMap::new, Collectors.counting()));
            assertEquals(Map.of(), byId.entrySet().stream().filter(e -> e.getValue() != 1).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                    "nothing doubled by id");
            for (String unworked : List.of("TB-L1", "TB-R1", "TB-C1")) {
                assertEquals(UNWORKED, kinds(escalations, unworked), unworked + ": its four escalations, none lost");
            }
            for (String acknowledged : List.of("TB-L2", "TB-R2", "TB-C2")) {
                assertEquals(List.of(), escalations.stream().filter(e -> e.getTicketId().equals(acknowledged) && e.getClock() == SlaClock.RESPONSE)
                        .map(e -> e.getType() + " " + e.getClock()).toList(), acknowledged + ": its RESPONSE clock stopped in time: no warning, no breach");
                assertEquals(Map.of(EscalationType.SLA_WARNING, 1, EscalationType.SLA_BREACH, 1), kinds(escalations, acknowledged), acknowledged + ": RESTORE ran on");
            }
            List<String> falseVerdicts = testbed.kafka.readAll("device-health").stream().map(r -> (DeviceHealthChange) testbed.kafka.decode(r))
                    .filter(c -> c.getDeviceId().startsWith("tb-") && c.getState() != HealthState.UP)
                    .map(c -> c.getDeviceId() + " " + c.getPrevious() + "->" + c.getState() + " (" + c.getReason() + ")").toList();
            assertEquals(List.of(), falseVerdicts, "no device that kept beating was judged silent");
        }
    }

    private static Map<EscalationType, Integer> kinds(List<Escalation> escalations, String ticket) {
        return escalations.stream().filter(e -> e.getTicketId().equals(ticket))
                .collect(Collectors.groupingBy(Escalation::getType, TreeMap::new, Collectors.summingInt(e -> 1)));
    }

    /** Opened now, as a service desk's producer writes it: buffered while its partition has no leader. */
    private static long open(Testbed testbed, String ticketId, String site) {
        long now = System.currentTimeMillis();
        testbed.kafka.sendBuffered("fault-tickets", ticketId, TicketEvent.newBuilder().setTicketId(ticketId).setType(TicketEventType.OPENED)
                .setTimestamp(now).setSiteId(site).setContractId("it-fast").setSeverity("P1").setCategory(TicketCategory.HARDWARE).build());
        return now;
    }

    /** Opened now and acknowledged a second later (stamped so, both buffered by the desk's producer until a leader takes them). */
    private static void openAndAcknowledge(Testbed testbed, String ticketId, String site) {
        long opened = open(testbed, ticketId, site);
        testbed.kafka.sendBuffered("fault-tickets", ticketId, TicketEvent.newBuilder().setTicketId(ticketId).setType(TicketEventType.ACKNOWLEDGED)
                .setTimestamp(opened + 1000).setSiteId(site).setActor("tb-engineer").build());
    }

    private static void awaitEscalations(Testbed testbed, String ticketId, int count) {
        testbed.kafka.readUntil("sla-escalations", rs -> rs.stream().map(r -> (Escalation) testbed.kafka.decode(r))
                .filter(e -> ticketId.equals(e.getTicketId())).map(Escalation::getEscalationId).distinct().count() >= count, Duration.ofSeconds(120));
    }

    private static void awaitAllUp(Testbed testbed, List<Device> devices) {
        testbed.kafka.readUntil("device-health", rs -> rs.stream().map(r -> (DeviceHealthChange) testbed.kafka.decode(r))
                .filter(c -> c.getState() == HealthState.UP).map(DeviceHealthChange::getDeviceId).distinct()
                .filter(id -> devices.stream().anyMatch(d -> d.getDeviceId().equals(id))).count() == devices.size(), Duration.ofSeconds(90));
    }
}
