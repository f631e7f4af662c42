package com.schoolops.sla.tickets;

import com.schoolops.sla.avro.AgentStatus;
import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.ScheduleWindow;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.avro.WindowKind;
import com.schoolops.sla.deadletter.DeadLetters;
import com.schoolops.sla.deadletter.InvalidInputException;
import com.schoolops.sla.testing.Fleet;
import com.schoolops.sla.testing.TopologyHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Random but well-typed ticket lives and device behaviour through the real topology; whatever happens, the
 * invariants a user relies on hold. Seeds are fixed so that a failure can be replayed.
 */
class TicketSlaPropertyTest {
    static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
    static final Map<String, List<String>> SEVERITIES = Map.of(
            "seed-001", List.of("DEFAULT"), "seed-002", List.of("0", "1", "2", "3", "4", "5"),
            "seed-003", List.of("CONSULT", "GENERAL", "COMPLEX", "MAJOR"), "seed-004", List.of("A", "B", "C", "D"));
    static final TicketEventType[] LATER = {TicketEventType.ACKNOWLEDGED, TicketEventType.DISPATCHED, TicketEventType.ON_SITE,
            TicketEventType.AWAITING_PARTS, TicketEventType.PARTS_ARRIVED, TicketEventType.SPARE_REQUESTED, TicketEventType.SPARE_CONFIRMED,
            TicketEventType.SPARE_INSTALLED, TicketEventType.RESOLVED, TicketEventType.REPORT_SUBMITTED, TicketEventType.CALLBACK_DONE,
            TicketEventType.CLOSED, TicketEventType.REOPENED, TicketEventType.SEVERITY_CHANGED, TicketEventType.OPENED};
    static final String QUIET_SITE = "school-maintenance";

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void invariantsHoldForRandomTicketLives(long seed) {
        Random random = new Random(seed);
        List<TicketEvent> events = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            events.addAll(randomLife("T-" + seed + "-" + i, random));
        }
        events.sort(Comparator.comparingLong(TicketEvent::getTimestamp));

        List<Escalation> escalations = new ArrayList<>();
        List<String> unexpectedFailures = new ArrayList<>();
        try (TopologyHarness h = new TopologyHarness(T0, Map.of("health.check-interval", "1m"))) {
            h.schedule(SiteSchedule.newBuilder().setSiteId(QUIET_SITE).setWindows(List.of(ScheduleWindow.newBuilder()
                    .setKind(WindowKind.MAINTENANCE).setName("summer works").setStart(T0.toEpochMilli())
                    .setEnd(T0.plus(Duration.ofDays(30)).toEpochMilli()).build())).build());
            List<Device> quiet = new ArrayList<>();
            for (int d = 0; d < 10; d++) {
                // q-0 is the site's core switch; the terminals are behind it
                Device device = d == 0 ? Fleet.device("q-0", DeviceType.SWITCH).at(QUIET_SITE).critical().build()
                        : Fleet.device("q-" + d, DeviceType.CLOUD_TERMINAL).at(QUIET_SITE).behind("q-0").build();
                h.register(device);
                quiet.add(device);
            }
            for (TicketEvent e : events) {
                Instant at = Instant.ofEpochMilli(e.getTimestamp());
                if (at.isAfter(h.now())) {
                    h.advanceTo(at);
                }
                if (random.nextInt(4) == 0) { // the maintenance site's devices beat now and then, and fail and recover
                    Device d = quiet.get(random.nextInt(quiet.size()));
                    h.heartbeat(Fleet.heartbeat(d.getDeviceId(), d.getDeviceType(), QUIET_SITE, h.now(), AgentStatus.OK));
                }
                h.ticket(e);
                h.escalations.readValuesToList().forEach(escalations::add);
            }
            h.advance(Duration.ofDays(4));
            h.escalations.readValuesToList().forEach(escalations::add);
            for (var dead : h.deadLetters.readRecordsToList()) {
                String exception = new String(dead.headers().lastHeader(DeadLetters.HEADER_EXCEPTION).value(), StandardCharsets.UTF_8);
                if (!exception.equals(InvalidInputException.class.getName())) {
                    unexpectedFailures.add(exception + ": " + new String(dead.headers().lastHeader(DeadLetters.HEADER_MESSAGE).value(), StandardCharsets.UTF_8));
                }
            }
        }

        assertEquals(List.of(), unexpectedFailures, "no exception escapes the topology's own logic");
        assertTrue(escalations.size() > 1000, "the sequences exercise the clocks: " + escalations.size());

        Set<String> ids = new HashSet<>();
        for (Escalation e : escalations) {
            assertTrue(ids.add(e.getEscalationId()), "raised twice: " + e);
        }
        Map<String, Integer> breaches = new HashMap<>();
        for (Escalation e : escalations) {
            boolean checked = e.getClock() == SlaClock.RESPONSE
                    || e.getClock() == SlaClock.ON_SITE && (e.getContractId().equals("seed-001") || e.getContractId().equals("seed-003"));
            if (e.getType() == EscalationType.SLA_BREACH && checked) {
                assertEquals(1, breaches.merge(e.getTicketId() + "/" + e.getClock(), 1, Integer::sum), "one breach per ticket and clock: " + e);
                Long stoppedAt = firstStop(events, e.getTicketId(), e.getClock());
                assertTrue(stoppedAt == null || stoppedAt >= e.getDeadline(),
                        "no breach for a clock stopped before its deadline: " + e + " stopped at " + stoppedAt);
            }
            if (QUIET_SITE.equals(e.getSiteId())) {
                assertNotEquals(EscalationType.SITE_OUTAGE, e.getType(), "no health escalation in maintenance");
                assertNotEquals(EscalationType.UNTICKETED_OUTAGE, e.getType(), "no health escalation in maintenance");
            }
        }
    }

    /** OPENED, then up to a dozen later events in any order (some will be refused or ignored), minutes to hours apart. */
    static List<TicketEvent> randomLife(String id, Random random) {
        String contract = List.copyOf(SEVERITIES.keySet()).stream().sorted().toList().get(random.nextInt(SEVERITIES.size()));
        List<String> severities = SEVERITIES.get(contract);
        String site = random.nextInt(10) == 0 ? QUIET_SITE : "school-" + random.nextInt(20);
        long t = T0.toEpochMilli() + random.nextInt(24 * 60) * 60_000L;
        List<TicketEvent> life = new ArrayList<>();
        life.add(event(id, TicketEventType.OPENED, t, site, contract, severities.get(random.nextInt(severities.size())),
                TicketCategory.values()[random.nextInt(TicketCategory.values().length)]));
        int steps = random.nextInt(13);
        for (int i = 0; i < steps; i++) {
            t += (long) (Math.pow(random.nextDouble(), 3) * 6 * 3_600_000L); // mostly minutes, sometimes hours
            TicketEventType type = LATER[random.nextInt(LATER.length)];
            String severity = type == TicketEventType.SEVERITY_CHANGED || type == TicketEventType.OPENED
                    ? (random.nextInt(10) == 0 ? "BOGUS" : severities.get(random.nextInt(severities.size()))) : null;
            life.add(event(id, type, t, site, null, severity, null));
        }
        return life;
    }

    static TicketEvent event(String id, TicketEventType type, long at, String site, String contract, String severity, TicketCategory category) {
        return TicketEvent.newBuilder().setTicketId(id).setType(type).setTimestamp(at).setSiteId(site).setDeviceId(null)
                .setContractId(contract).setSeverity(severity).setCategory(category).build();
    }

    /**
     * An independent model of when a clock was first stopped after it started, from the events as sent: RESPONSE
     * runs from OPENED to ACKNOWLEDGED or RESOLVED; ON_SITE (for contracts where it starts at DISPATCHED) from
     * the first DISPATCHED of an unresolved ticket to ON_SITE or RESOLVED. Null: never stopped.
     */
    static Long firstStop(List<TicketEvent> events, String ticketId, SlaClock clock) {
        boolean running = clock == SlaClock.RESPONSE;
        boolean started = running;
        boolean resolved = false;
        for (TicketEvent e : events) {
            if (!e.getTicketId().equals(ticketId) || e.getType() == TicketEventType.OPENED) {
                continue;
            }
            TicketEventType type = e.getType();
            if (clock == SlaClock.ON_SITE && !started && type == TicketEventType.DISPATCHED && !resolved) {
                started = running = true;
                continue;
            }
            if (running && (type == TicketEventType.RESOLVED || type == (clock == SlaClock.RESPONSE ? TicketEventType.ACKNOWLEDGED : TicketEventType.ON_SITE))) {
                return e.getTimestamp();
            }
            if (type == TicketEventType.RESOLVED) {
                resolved = true;
            } else if (type == TicketEventType.REOPENED) {
                resolved = false;
            }
        }
        return null;
    }
}
