package com.schoolops.sla.tickets;

import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.ScheduleWindow;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.avro.WindowKind;
import com.schoolops.sla.state.TicketState;
import com.schoolops.sla.testing.Fleet;
import com.schoolops.sla.testing.TopologyHarness;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** specification section 4 on the real topology, one scenario per bundled contract, with the wall clock driven by the test. */
class TicketSlaTopologyTest {
    /** Monday 2026-03-02 09:00 in Shanghai. */
    static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");

    TopologyHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    TopologyHarness start(Instant at) {
        // Ticket clocks are minutes to days long: tick once a minute so days of simulated time pass quickly.
        h = new TopologyHarness(at, Map.of("health.check-interval", "1m"));
        return h;
    }

    static TicketEvent event(String id, TicketEventType type, Instant at, String site, String device, String contract, String severity) {
        return TicketEvent.newBuilder().setTicketId(id).setType(type).setTimestamp(at.toEpochMilli()).setSiteId(site).setDeviceId(device)
                .setContractId(contract).setSeverity(severity).setCategory(type == TicketEventType.OPENED ? TicketCategory.HARDWARE : null).build();
    }

    void send(String id, TicketEventType type, String site, String device, String contract, String severity) {
        h.ticket(event(id, type, h.now(), site, device, contract, severity));
    }

    /** "TYPE CLOCK @at deadline=… tier=N" for each escalation, the form a reviewer reads. */
    static List<String> describe(List<KeyValue<String, Escalation>> escalations) {
        return escalations.stream().map(kv -> {
            Escalation e = kv.value;
            return e.getType() + (e.getClock() == null ? "" : " " + e.getClock()) + " @" + Instant.ofEpochMilli(e.getAt())
                    + (e.getDeadline() == null ? "" : " due " + Instant.ofEpochMilli(e.getDeadline())) + " tier " + e.getTier();
        }).toList();
    }

    static String at(Duration d) {
        return T0.plus(d).toString();
    }

    @Test
    void seed002LevelTwoNeverAcknowledged() {
        start(T0);
        send("T-2", TicketEventType.OPENED, "school-1", null, "seed-002", "2");
        h.advance(Duration.ofHours(5));

        List<KeyValue<String, Escalation>> escalations = h.escalations.readKeyValuesToList();
        Duration m = Duration.ofMinutes(1);
        assertEquals(List.of(
                "SLA_WARNING RESPONSE @" + at(m.multipliedBy(15)) + " due " + at(m.multipliedBy(30)) + " tier 1",
                "SLA_WARNING RESPONSE @" + at(m.multipliedBy(24)) + " due " + at(m.multipliedBy(30)) + " tier 1",
                "SLA_BREACH RESPONSE @" + at(m.multipliedBy(30)) + " due " + at(m.multipliedBy(30)) + " tier 2",
                "SLA_WARNING RESTORE @" + at(Duration.ofHours(2)) + " due " + at(Duration.ofHours(4)) + " tier 1",
                "SLA_WARNING RESTORE @" + at(m.multipliedBy(192)) + " due " + at(Duration.ofHours(4)) + " tier 1",
                "SLA_BREACH RESTORE @" + at(Duration.ofHours(4)) + " due " + at(Duration.ofHours(4)) + " tier 3"), describe(escalations));
        for (KeyValue<String, Escalation> kv : escalations) {
            assertEquals("T-2", kv.key);
            assertEquals("seed-002", kv.value.getContractId());
            assertEquals("2", kv.value.getSeverity());
            assertEquals("school-1", kv.value.getSiteId());
        }
        assertEquals(6, new HashSet<>(escalations.stream().map(kv -> kv.value.getEscalationId()).toList()).size(), "distinct ids");
        // Issue 33: a time in the sentence is the site's local time (seed-002's calendar, Asia/Shanghai), to the second, labelled.
        String missedAt = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(
                T0.plus(m.multipliedBy(30)).atZone(java.time.ZoneId.of("Asia/Shanghai")));
        assertEquals("Ticket T-2 (seed-002 2): RESPONSE target of 30m missed at " + missedAt + " Asia/Shanghai.",
                escalations.get(2).value.getMessage());
    }

    @Test
    void seed002LevelZeroConsultationOpenedFridayFivePmRunsOnWorkingTimeOverTheWeekend() {
        Instant friday17 = Instant.parse("2026-03-06T09:00:00Z"); // 17:00 in Shanghai
        start(friday17);
        send("T-0", TicketEventType.OPENED, "school-1", null, "seed-002", "0");
        h.advanceTo(Instant.parse("2026-03-09T10:00:00Z")); // Monday 18:00 in Shanghai

        assertEquals(List.of(
                "SLA_WARNING RESPONSE @2026-03-06T10:00:00Z due 2026-03-09T02:00:00Z tier 1",  // Fri 18:00: one working hour
                "SLA_WARNING RESPONSE @2026-03-09T01:36:00Z due 2026-03-09T02:00:00Z tier 1",  // Mon 09:36
                "SLA_BREACH RESPONSE @2026-03-09T02:00:00Z due 2026-03-09T02:00:00Z tier 2",   // Mon 10:00
                "SLA_WARNING RESTORE @2026-03-09T04:30:00Z due 2026-03-09T09:00:00Z tier 1",   // Mon 12:30: 4.5 of 9 working hours
                "SLA_WARNING RESTORE @2026-03-09T07:12:00Z due 2026-03-09T09:00:00Z tier 1",   // Mon 15:12
                "SLA_BREACH RESTORE @2026-03-09T09:00:00Z due 2026-03-09T09:00:00Z tier 3"),   // Mon 17:00
                describe(h.escalations.readKeyValuesToList()));
    }

    @Test
    void seed004OutOfWarrantyTicketAndItsUpgradeToAAfter24Hours() {
        start(T0);
        Device door = Fleet.device("door-4", DeviceType.ACCESS_CONTROL).at("school-4").build();
        door.setContractId("seed-004");
        door.setWarrantyUntil(T0.minus(Duration.ofDays(30)).toEpochMilli());
        h.register(door);
        send("T-4", TicketEventType.OPENED, "school-4", "door-4", null, "C"); // contract from the device
        h.advance(Duration.ofMinutes(50));
        send("T-4", TicketEventType.ACKNOWLEDGED, "school-4", "door-4", null, null);
        h.advanceTo(T0.plus(Duration.ofHours(25)));

        // Only the ticket's own escalations: the door unit never sent a heartbeat, so its site has an outage too.
        List<KeyValue<String, Escalation>> escalations = h.escalations.readKeyValuesToList().stream().filter(kv -> kv.key.equals("T-4")).toList();
        assertEquals(List.of(
                "SLA_WARNING ON_SITE @" + at(Duration.ofHours(2)) + " due " + at(Duration.ofHours(4)) + " tier 1",
                "SLA_WARNING ON_SITE @" + at(Duration.ofMinutes(192)) + " due " + at(Duration.ofHours(4)) + " tier 1",
                "SLA_BREACH ON_SITE @" + at(Duration.ofHours(4)) + " due " + at(Duration.ofHours(4)) + " tier 2",
                "SEVERITY_UPGRADED @" + at(Duration.ofHours(24)) + " tier 2"), describe(escalations),
                "out of warranty: RESPONSE 2 h (met at 50 min), ON_SITE 4 h from OPENED");
        assertEquals("C", escalations.get(2).value.getSeverity());
        assertEquals("A", escalations.get(3).value.getSeverity());
        assertEquals("seed-004", escalations.get(3).value.getContractId());
        assertEquals("A", h.driver.<String, TicketState>getKeyValueStore(TicketStores.TICKETS).get("T-4").getSeverity());
    }

    @Test
    void seed003TicketDuringAMajorEvent() {
        start(T0);
        h.schedule(SiteSchedule.newBuilder().setSiteId("school-3").setWindows(List.of(ScheduleWindow.newBuilder()
                .setKind(WindowKind.MAJOR_EVENT).setName("college entrance exam").setStart(T0.minus(Duration.ofHours(1)).toEpochMilli())
                .setEnd(T0.plus(Duration.ofHours(5)).toEpochMilli()).build())).build());
        send("T-3", TicketEventType.OPENED, "school-3", null, "seed-003", "GENERAL");
        List<KeyValue<String, Escalation>> atOnce = h.escalations.readKeyValuesToList();
        assertEquals(List.of("MAJOR_EVENT_FAULT @" + T0 + " tier 3"), describe(atOnce), "raised at once");
        assertTrue(atOnce.get(0).value.getMessage().contains("college entrance exam"));

        h.advance(Duration.ofMinutes(3));
        send("T-3", TicketEventType.ACKNOWLEDGED, "school-3", null, null, null);
        h.advance(Duration.ofMinutes(70));

        assertEquals(List.of(
                "SLA_WARNING RESPONSE @" + T0.plusSeconds(150) + " due " + at(Duration.ofMinutes(5)) + " tier 1",
                "SLA_WARNING RESTORE @" + at(Duration.ofMinutes(15)) + " due " + at(Duration.ofMinutes(30)) + " tier 1",
                "SLA_WARNING RESTORE @" + at(Duration.ofMinutes(24)) + " due " + at(Duration.ofMinutes(30)) + " tier 1",
                "SLA_BREACH RESTORE @" + at(Duration.ofMinutes(30)) + " due " + at(Duration.ofMinutes(30)) + " tier 3",
                "DISPATCH_REQUIRED @" + at(Duration.ofHours(1)) + " due " + at(Duration.ofHours(1)) + " tier 2"),
                describe(h.escalations.readKeyValuesToList()), "RESPONSE 5 min and RESTORE 30 min during the event");
    }

    @Test
    void seed003PartsPauseRestoreAndRepairAfterPartsRunsFromTheirArrival() {
        start(T0);
        send("T-5", TicketEventType.OPENED, "school-5", null, "seed-003", "GENERAL");
        h.advance(Duration.ofMinutes(5));
        send("T-5", TicketEventType.ACKNOWLEDGED, "school-5", null, null, null);
        h.advance(Duration.ofMinutes(5));
        send("T-5", TicketEventType.DISPATCHED, "school-5", null, null, null);
        h.advance(Duration.ofMinutes(25)); // on site within the hour, before its 50 % mark
        send("T-5", TicketEventType.ON_SITE, "school-5", null, null, null);
        h.advanceTo(T0.plus(Duration.ofHours(2)));
        send("T-5", TicketEventType.AWAITING_PARTS, "school-5", null, null, null); // RESTORE has used 2 of its 8 hours
        h.advanceTo(T0.plus(Duration.ofHours(24)));
        assertEquals(List.of(), describe(h.escalations.readKeyValuesToList()), "nothing while RESTORE is paused");

        send("T-5", TicketEventType.PARTS_ARRIVED, "school-5", null, null, null);
        h.advanceTo(T0.plus(Duration.ofHours(27)));
        send("T-5", TicketEventType.RESOLVED, "school-5", null, null, null);
        h.advanceTo(T0.plus(Duration.ofHours(29)));

        assertEquals(List.of(
                "SLA_WARNING REPAIR_AFTER_PARTS @" + at(Duration.ofHours(25)) + " due " + at(Duration.ofHours(26)) + " tier 1",
                "SLA_WARNING REPAIR_AFTER_PARTS @" + at(Duration.ofMinutes(25 * 60 + 36)) + " due " + at(Duration.ofHours(26)) + " tier 1",
                "SLA_WARNING RESTORE @" + at(Duration.ofHours(26)) + " due " + at(Duration.ofHours(30)) + " tier 1",
                "SLA_BREACH REPAIR_AFTER_PARTS @" + at(Duration.ofHours(26)) + " due " + at(Duration.ofHours(26)) + " tier 2"),
                describe(h.escalations.readKeyValuesToList()), "RESTORE resumes with 6 h left; resolved at 27 h, before its deadline");
    }

    @Test
    void reopenedRestartsRestoreFromTheReopeningAsANewClockWithNewEscalationIds() {
        start(T0);
        send("T-R", TicketEventType.OPENED, "school-1", null, "seed-002", "3");       // RESTORE 2 h
        send("T-R", TicketEventType.ACKNOWLEDGED, "school-1", null, null, null);
        h.advance(Duration.ofHours(3));                                               // RESTORE breached at 2 h
        send("T-R", TicketEventType.RESOLVED, "school-1", null, null, null);
        h.advance(Duration.ofHours(1));
        send("T-R", TicketEventType.REOPENED, "school-1", null, null, null);          // at 4 h, from the stored state
        h.advance(Duration.ofHours(3));

        List<Escalation> restore = h.escalations.readValuesToList().stream()
                .filter(e -> e.getClock() == com.schoolops.sla.avro.SlaClock.RESTORE).toList();
        assertEquals(List.of(
                "SLA_WARNING RESTORE @" + at(Duration.ofHours(1)) + " due " + at(Duration.ofHours(2)) + " tier 1",
                "SLA_WARNING RESTORE @" + at(Duration.ofMinutes(96)) + " due " + at(Duration.ofHours(2)) + " tier 1",
                "SLA_BREACH RESTORE @" + at(Duration.ofHours(2)) + " due " + at(Duration.ofHours(2)) + " tier 3",
                "SLA_WARNING RESTORE @" + at(Duration.ofHours(5)) + " due " + at(Duration.ofHours(6)) + " tier 1",
                "SLA_WARNING RESTORE @" + at(Duration.ofMinutes(336)) + " due " + at(Duration.ofHours(6)) + " tier 1",
                "SLA_BREACH RESTORE @" + at(Duration.ofHours(6)) + " due " + at(Duration.ofHours(6)) + " tier 3"),
                describe(restore.stream().map(e -> new KeyValue<>(e.getTicketId(), e)).toList()));
        assertNotEquals(restore.get(2).getEscalationId(), restore.get(5).getEscalationId(), "the reopened clock's breach is a new one");
    }

    @Test
    void aTicketIsForgottenOnceClosedAndItsLastClockIsSettled() {
        start(T0);
        Device speaker = Fleet.device("spk-6", DeviceType.BROADCAST_SPEAKER).at("school-6").build();
        h.register(speaker);
        for (TicketEventType type : List.of(TicketEventType.OPENED, TicketEventType.ACKNOWLEDGED, TicketEventType.RESOLVED, TicketEventType.CLOSED)) {
            h.heartbeat(Fleet.heartbeat(speaker, h.now()));
            send("T-6", type, "school-6", "spk-6", "seed-003", "GENERAL");
            h.advance(Duration.ofMinutes(2));
        }
        assertNotNull(h.driver.getKeyValueStore(TicketStores.TICKETS).get("T-6"), "CALLBACK (24 h from RESOLVED) still runs");
        assertEquals(0, h.entries(TicketStores.OPEN_TICKETS_BY_DEVICE), "a resolved ticket no longer counts as open for its device");
        send("T-6", TicketEventType.CALLBACK_DONE, "school-6", "spk-6", null, null);

        assertEquals(0, h.entries(TicketStores.TICKETS), "ticket state dropped");
        h.advance(Duration.ofDays(2));
        assertEquals(List.of(), describe(h.escalations.readKeyValuesToList().stream().filter(kv -> kv.key.equals("T-6")).toList()));
        assertEquals(0, h.entries(TicketStores.DEADLINES), "no timer left behind (the speaker's own outage check has fired)");
    }

    @Test
    void aDeviceDownWithNoTicketRaisesOneUnticketedOutageAfterTheGracePeriod() {
        start(T0);
        Device speaker = Fleet.device("spk-7", DeviceType.BROADCAST_SPEAKER).at("school-7").build();
        Device ticketed = Fleet.device("srv-7", DeviceType.CLOUD_SERVER).at("school-7").build();
        h.register(speaker);
        h.register(ticketed);
        h.heartbeat(Fleet.heartbeat(speaker, h.now()));
        h.heartbeat(Fleet.heartbeat(ticketed, h.now()));
        send("T-7", TicketEventType.OPENED, "school-7", "srv-7", "seed-003", "GENERAL");
        send("T-7", TicketEventType.ACKNOWLEDGED, "school-7", "srv-7", null, null);
        h.escalations.readKeyValuesToList();

        h.advance(Duration.ofMinutes(30)); // both fall silent: DOWN after 3 and 0.75 minutes; the grace is 10 minutes

        List<KeyValue<String, Escalation>> unticketed = h.escalations.readKeyValuesToList().stream()
                .filter(kv -> kv.value.getType() == EscalationType.UNTICKETED_OUTAGE).toList();
        assertEquals(1, unticketed.size(), "once, and not for the device that has a ticket");
        assertEquals("spk-7", unticketed.get(0).key);
        assertEquals("spk-7", unticketed.get(0).value.getDeviceId());
        assertEquals(1, unticketed.get(0).value.getTier());
        assertNull(unticketed.get(0).value.getTicketId());
    }

    @Test
    void aTicketResolvedWhileItsDeviceIsStillSilentIsFlagged() {
        start(T0);
        Device sw = Fleet.device("sw-8", DeviceType.SWITCH).at("school-8").critical().build();
        h.register(sw);
        h.heartbeat(Fleet.heartbeat(sw, h.now()));
        send("T-8", TicketEventType.OPENED, "school-8", "sw-8", "seed-003", "MAJOR");
        send("T-8", TicketEventType.ACKNOWLEDGED, "school-8", "sw-8", null, null);
        h.advance(Duration.ofMinutes(5));
        send("T-8", TicketEventType.RESOLVED, "school-8", "sw-8", null, null);

        List<KeyValue<String, Escalation>> flagged = h.escalations.readKeyValuesToList().stream()
                .filter(kv -> kv.value.getType() == EscalationType.RESOLVED_WHILE_DOWN).toList();
        assertEquals(1, flagged.size());
        assertEquals("T-8", flagged.get(0).key);
        assertEquals("sw-8", flagged.get(0).value.getDeviceId());
        assertTrue(flagged.get(0).value.getMessage().contains("still sends no heartbeat"));
    }

    @Test
    void theDeviceOfAnOpenTicketComingBackIsReportedAndBothRestoreTimesAreKept() {
        start(T0);
        Device srv = Fleet.device("srv-9", DeviceType.CLOUD_SERVER).at("school-9").critical().build();
        h.register(srv);
        h.heartbeat(Fleet.heartbeat(srv, h.now()));
        h.advance(Duration.ofMinutes(2)); // silent: DOWN
        send("T-9", TicketEventType.OPENED, "school-9", "srv-9", "seed-003", "COMPLEX");
        send("T-9", TicketEventType.ACKNOWLEDGED, "school-9", "srv-9", null, null);
        h.advance(Duration.ofMinutes(20));
        Instant back = h.now();
        h.heartbeat(Fleet.heartbeat(srv, back));
        h.advance(Duration.ofMinutes(10));
        send("T-9", TicketEventType.RESOLVED, "school-9", "srv-9", null, null);

        List<KeyValue<String, Escalation>> recovered = h.escalations.readKeyValuesToList().stream()
                .filter(kv -> kv.value.getType() == EscalationType.DEVICE_RECOVERED).toList();
        assertEquals(1, recovered.size());
        assertEquals("T-9", recovered.get(0).key);
        assertEquals(back.toEpochMilli(), recovered.get(0).value.getAt());
        TicketState t = h.driver.<String, TicketState>getKeyValueStore(TicketStores.TICKETS).get("T-9");
        assertEquals(back.toEpochMilli(), t.getTelemetryRestoredAt(), "restore time from telemetry");
        assertEquals(back.plus(Duration.ofMinutes(10)).toEpochMilli(), t.getResolvedAt(), "restore time from the engineer");
    }

    @Test
    void badTicketEventsGoToDeadLettersAsTheOriginalRecordAndRepeatsAreIgnored() {
        start(T0);
        Device odd = Fleet.device("odd-1", DeviceType.SWITCH).at("school-1").build();
        odd.setContractId("seed-999");
        h.register(odd);
        send("T-10", TicketEventType.ACKNOWLEDGED, "school-1", null, null, null);          // before its OPENED
        send("T-11", TicketEventType.OPENED, "school-1", "odd-1", null, "GENERAL");         // its device's contract is unknown
        send("T-12", TicketEventType.OPENED, "school-1", null, "seed-003", "URGENT");       // not a seed-003 severity
        send("T-13", TicketEventType.OPENED, "school-1", null, "seed-003", "CONSULT");
        send("T-13", TicketEventType.RESOLVED, "school-1", null, null, null);
        send("T-13", TicketEventType.RESOLVED, "school-1", null, null, null);                // repeated: ignored

        var dead = h.deadLetters.readRecordsToList();
        assertEquals(List.of("T-10", "T-11", "T-12"), dead.stream().map(r -> new String(r.key())).toList());
        var ticketSerde = h.config.topics().tickets().valueSerde().deserializer();
        TicketEvent original = ticketSerde.deserialize("fault-tickets", dead.get(0).value());
        assertEquals(TicketEventType.ACKNOWLEDGED, original.getType());
        assertEquals("fault-tickets", new String(dead.get(0).headers().lastHeader("__streams.errors.topic").value()));
        assertEquals(List.of("0/0", "0/1", "0/2"), dead.stream().map(r -> new String(r.headers().lastHeader("__streams.errors.partition").value())
                        + "/" + new String(r.headers().lastHeader("__streams.errors.offset").value())).toList(),
                "refused at the site stage, each still names where it was read on fault-tickets, not on the repartition topic");
        assertTrue(new String(dead.get(0).headers().lastHeader("__streams.errors.message").value()).contains("before its OPENED"));
        assertTrue(new String(dead.get(1).headers().lastHeader("__streams.errors.message").value()).contains("unknown contract 'seed-999'"));
        assertTrue(new String(dead.get(2).headers().lastHeader("__streams.errors.message").value())
                .contains("severity 'URGENT' is not one of seed-003's [CONSULT, GENERAL, COMPLEX, MAJOR]"));
        TicketState t13 = h.driver.<String, TicketState>getKeyValueStore(TicketStores.TICKETS).get("T-13");
        assertEquals(T0.toEpochMilli(), t13.getResolvedAt());
        assertEquals(1, t13.getClocks().stream().filter(c -> c.getClock() == com.schoolops.sla.avro.SlaClock.CALLBACK).count());
    }

    /**
     * ticket-status: one record per event the engine accepts, with where it leaves the ticket; nothing for a refused
     * event or an ignored repeat. A second ACKNOWLEDGED moves no status but is published (it answers a later breach).
     */
    @Test
    void eachAcceptedTicketEventIsPublishedWithTheStatusItLeavesAndNothingElseIs() {
        start(T0);
        send("T-20", TicketEventType.ACKNOWLEDGED, "school-1", null, null, null);          // before its OPENED: refused
        send("T-20", TicketEventType.OPENED, "school-1", null, "seed-003", "GENERAL");
        send("T-20", TicketEventType.ACKNOWLEDGED, "school-1", null, null, null);
        send("T-20", TicketEventType.DISPATCHED, "school-1", null, null, null);
        send("T-20", TicketEventType.SEVERITY_CHANGED, "school-1", null, null, "COMPLEX");
        send("T-20", TicketEventType.ACKNOWLEDGED, "school-1", null, null, null);
        send("T-20", TicketEventType.SPARE_INSTALLED, "school-1", null, null, null);
        send("T-20", TicketEventType.RESOLVED, "school-1", null, null, null);
        send("T-20", TicketEventType.RESOLVED, "school-1", null, null, null);               // repeated: ignored
        send("T-20", TicketEventType.CLOSED, "school-1", null, null, null);
        send("T-20", TicketEventType.REOPENED, "school-1", null, null, null);

        var changes = h.ticketStatus.readKeyValuesToList();
        assertEquals(List.of(
                "OPENED null>OPEN GENERAL", "ACKNOWLEDGED OPEN>ACKNOWLEDGED GENERAL", "DISPATCHED ACKNOWLEDGED>DISPATCHED GENERAL",
                "SEVERITY_CHANGED DISPATCHED>DISPATCHED COMPLEX", "ACKNOWLEDGED DISPATCHED>DISPATCHED COMPLEX",
                "SPARE_INSTALLED DISPATCHED>SPARE_INSTALLED COMPLEX", "RESOLVED SPARE_INSTALLED>RESOLVED COMPLEX", "CLOSED RESOLVED>CLOSED COMPLEX",
                "REOPENED CLOSED>REOPENED COMPLEX"),
                changes.stream().map(kv -> kv.value.getEvent() + " " + kv.value.getPrevious() + ">" + kv.value.getStatus() + " "
                        + kv.value.getSeverity()).toList());
        for (var kv : changes) {
            assertEquals("T-20", kv.key);
            assertEquals("school-1", kv.value.getSiteId());
            assertEquals("seed-003", kv.value.getContractId());
            assertEquals(1, kv.value.getContractVersion());
            assertEquals(T0.toEpochMilli(), kv.value.getAt());
        }
        assertEquals(1, h.deadLetters.readRecordsToList().size());
    }
}
