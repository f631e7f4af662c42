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
import com.schoolops.sla.escalation.EscalationIds;
import com.schoolops.sla.testing.Fleet;
import com.schoolops.sla.testing.TopologyHarness;
import org.junit.jupiter.api.AfterEach;
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
 * REPEAT_FAILURE (SPEC section 11) on the real topology: a seed-003 terminal failing three times in March 2026 (3 in 30 d).
 * Heartbeats every hour (an interval of 1 h: DOWN 3 h after the last one), the month passing in hourly steps. What
 * happens to r-t1, Shanghai time, and what each is:
 * <ul>
 *   <li>03-02 10:00 ticket R-1 opened naming it: fault 1. Its last heartbeat 08:00: DOWN at 11:00, R-1 open: not a second fault.
 *       Heard again 14:00; R-1 resolved 14:00.</li>
 *   <li>03-05 last heartbeat 09:00, DOWN at 12:00 inside its own maintenance window (08:00 to 18:00): not a fault. Heard 14:00.</li>
 *   <li>03-10 last heartbeat 08:00, DOWN at 11:00, no ticket: fault 2; ticket R-2 opened 11:30 naming it, in that episode: the
 *       same fault. Heard 13:00; R-2 resolved 13:00.</li>
 *   <li>03-20 last heartbeat 08:00, DOWN at 11:00, no ticket: fault 3, REPEAT_FAILURE at 11:00. Heard 13:00.</li>
 *   <li>03-25 10:00 ticket R-4 opened naming it: a fourth fault within 30 days of the third: nothing.</li>
 * </ul>
 * Had the DOWN under R-1, the DOWN in maintenance or R-2 counted, the third fault would have come on 03-10 instead.
 */
class RepeatFailureTopologyTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    final Device t1 = Fleet.device("r-t1", DeviceType.CLOUD_TERMINAL).at("school-r").build(); // seed-003
    final Device t2 = Fleet.device("r-t2", DeviceType.CLOUD_TERMINAL).at("school-r").build();
    final Device t3 = Fleet.device("r-t3", DeviceType.CLOUD_TERMINAL).at("school-r").build();
    TopologyHarness h;

    static Instant sh(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void aTerminalFailingThreeTimesInAMonthIsARepeatFailureOnceAndNotAgainForAFourth() {
        h = new TopologyHarness(sh("2026-03-01T08:00"), Map.of("health.check-interval", "10m", "health.interval.CLOUD_TERMINAL", "1h"));
        List.of(t1, t2, t3).forEach(h::register);
        h.schedule(new SiteSchedule("school-r", List.of(new ScheduleWindow(WindowKind.MAINTENANCE, sh("2026-03-05T08:00").toEpochMilli(),
                sh("2026-03-05T18:00").toEpochMilli(), "r-t1 reimaged", "r-t1"))));
        // r-t1's hours without a heartbeat (from the one after its last, to the one before it is heard again)
        Set<Instant> silent = new java.util.HashSet<>();
        silentBetween(silent, "2026-03-02T08:00", "2026-03-02T14:00");
        silentBetween(silent, "2026-03-05T09:00", "2026-03-05T14:00");
        silentBetween(silent, "2026-03-10T08:00", "2026-03-10T13:00");
        silentBetween(silent, "2026-03-20T08:00", "2026-03-20T13:00");
        Map<Instant, TicketEvent> tickets = Map.of(
                sh("2026-03-02T10:00"), ticket("R-1", TicketEventType.OPENED, "2026-03-02T10:00"),
                sh("2026-03-02T14:00"), ticket("R-1", TicketEventType.RESOLVED, "2026-03-02T14:00"),
                sh("2026-03-10T11:30"), ticket("R-2", TicketEventType.OPENED, "2026-03-10T11:30"),
                sh("2026-03-10T13:00"), ticket("R-2", TicketEventType.RESOLVED, "2026-03-10T13:00"),
                sh("2026-03-25T10:00"), ticket("R-4", TicketEventType.OPENED, "2026-03-25T10:00"));

        List<Escalation> repeated = new ArrayList<>();
        for (Instant at = h.now(); at.isBefore(sh("2026-03-31T08:00")); at = at.plus(Duration.ofMinutes(30))) {
            h.jumpTo(at);
            if (at.atZone(SHANGHAI).getMinute() == 0) {
                for (Device d : List.of(t1, t2, t3)) {
                    if (d != t1 || !silent.contains(at)) {
                        h.heartbeat(Fleet.heartbeat(d, at));
                    }
                }
            }
            if (tickets.containsKey(at)) {
                h.ticket(tickets.get(at));
            }
            h.escalations.readValuesToList().stream().filter(e -> e.getType() == EscalationType.REPEAT_FAILURE).forEach(repeated::add);
        }

        assertEquals(1, repeated.size(), "once: " + repeated);
        Escalation e = repeated.get(0);
        assertEquals("r-t1", e.getDeviceId());
        assertEquals("school-r", e.getSiteId());
        assertEquals("seed-003", e.getContractId());
        assertNull(e.getTicketId());
        assertEquals(3, e.getTier(), "experts and management");
        assertEquals(sh("2026-03-20T11:00").toEpochMilli(), e.getAt(), "the third fault: the DOWN verdict 3 h after 08:00");
        // named by the device and its third fault, the silence that began in the checkpoint bucket (3 h) of 08:00: the same in every run
        assertEquals(EscalationIds.of("r-t1", EscalationType.REPEAT_FAILURE, null, "down:" + sh("2026-03-20T08:00").toEpochMilli()),
                e.getEscalationId());
        assertEquals("设备 r-t1（学校 school-r）30d 内故障 3 次：2026-03-02 10:00:00 Asia/Shanghai 报修（工单 R-1），"
                + "2026-03-10 11:00:00 Asia/Shanghai 离线（无工单），2026-03-20 11:00:00 Asia/Shanghai 离线（无工单），请排查根本原因。 "
                + "CLOUD_TERMINAL r-t1 of site school-r failed 3 times within 30d: ticket R-1 opened 2026-03-02 10:00:00 Asia/Shanghai, "
                + "down at 2026-03-10 11:00:00 Asia/Shanghai with no ticket, down at 2026-03-20 11:00:00 Asia/Shanghai with no ticket; "
                + "look for the root cause.", e.getMessage());
    }

    /** Every whole hour after {@code lastBeat} and before {@code heardAgain}. */
    static void silentBetween(Set<Instant> silent, String lastBeat, String heardAgain) {
        for (Instant at = sh(lastBeat).plus(Duration.ofHours(1)); at.isBefore(sh(heardAgain)); at = at.plus(Duration.ofHours(1))) {
            silent.add(at);
        }
    }

    static TicketEvent ticket(String id, TicketEventType type, String at) {
        boolean opened = type == TicketEventType.OPENED;
        return TicketEvent.newBuilder().setTicketId(id).setType(type).setTimestamp(sh(at).toEpochMilli()).setSiteId("school-r")
                .setDeviceId(opened ? "r-t1" : null).setContractId(opened ? "seed-003" : null).setSeverity(opened ? "GENERAL" : null)
                .setCategory(opened ? TicketCategory.HARDWARE : null).build();
    }
}
