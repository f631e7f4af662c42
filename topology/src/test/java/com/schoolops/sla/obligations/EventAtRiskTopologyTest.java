package com.schoolops.sla.obligations;

import com.schoolops.sla.avro.AgentStatus;
import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.ScheduleWindow;
import com.schoolops.sla.avro.Site;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.WindowKind;
import com.schoolops.sla.testing.Fleet;
import com.schoolops.sla.testing.TopologyHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.schoolops.sla.obligations.Seeds.sh;
import static org.junit.jupiter.api.Assertions.*;

/**
 * EVENT_AT_RISK (SPEC section 10) on the real topology: 24 h before an exam (Wednesday 2026-05-13 09:00 to 17:00, so
 * Tuesday 05-12 09:00), a school whose critical device is not UP is told so, with the devices DEGRADED or FLAPPING in the
 * 7 days before the start (from Wednesday 05-06 09:00 on). Heartbeats every hour here (an interval of 1 h: a device is
 * DOWN 3 h after its last), so that the week passes in hourly steps. Every instant is derived by hand.
 */
class EventAtRiskTopologyTest {
    static final Instant START = sh("2026-05-13T09:00");
    static final Instant END = sh("2026-05-13T17:00");
    static final Instant CHECK = sh("2026-05-12T09:00");

    final Device swCore = Fleet.device("sw-core", DeviceType.SWITCH).at("school-a").critical().build();
    final Device pc1 = Fleet.device("pc-1", DeviceType.CLOUD_TERMINAL).at("school-a").build();
    final Device pc2 = Fleet.device("pc-2", DeviceType.CLOUD_TERMINAL).at("school-a").build();
    final Device srvB = Fleet.device("srv-b", DeviceType.CLOUD_SERVER).at("school-b").critical().build();
    final Device pcB = Fleet.device("pc-b", DeviceType.CLOUD_TERMINAL).at("school-b").build();
    final Device srvC = Fleet.device("srv-c", DeviceType.CLOUD_SERVER).at("school-c").critical().build();

    TopologyHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void aSchoolWhoseCoreSwitchIsDownADayBeforeItsExamIsAtRisk() {
        h = new TopologyHarness(sh("2026-05-04T08:00"), Map.of("health.check-interval", "10m", "health.interval.SWITCH", "1h",
                "health.interval.CLOUD_TERMINAL", "1h", "health.interval.CLOUD_SERVER", "1h"));
        for (String school : List.of("school-a", "school-b", "school-c")) {
            h.site(Site.newBuilder().setSiteId(school).setContractId("seed-003").setAcceptedAt(sh("2026-02-02T10:00").toEpochMilli()).build());
        }
        List.of(swCore, pc1, pc2, srvB, pcB).forEach(h::register);
        h.schedule(exam("school-a"));
        h.schedule(exam("school-b"));

        // Every hour from Monday 05-04 08:00: pc-1's agent warns at 10:00 and 11:00 that Monday (DEGRADED 10:00 to 12:00,
        // before the week that counts); pc-2's on Saturday 05-09 14:00 (DEGRADED 14:00 to 15:00, inside it); pc-b's on
        // Sunday 05-10 10:00. sw-core sends its last heartbeat on Monday 05-11 20:00: DOWN at 23:00.
        Set<String> warns = Set.of("pc-1@" + sh("2026-05-04T10:00"), "pc-1@" + sh("2026-05-04T11:00"), "pc-2@" + sh("2026-05-09T14:00"),
                "pc-b@" + sh("2026-05-10T10:00"));
        for (Instant at = h.now(); at.isBefore(CHECK); at = at.plus(Duration.ofHours(1))) {
            h.jumpTo(at);
            for (Device d : List.of(swCore, pc1, pc2, srvB, pcB)) {
                if (d == swCore && at.isAfter(sh("2026-05-11T20:00"))) {
                    continue;
                }
                AgentStatus status = warns.contains(d.getDeviceId() + "@" + at) ? AgentStatus.WARN : AgentStatus.OK;
                h.heartbeat(Fleet.heartbeat(d.getDeviceId(), d.getDeviceType(), d.getSiteId(), at, status));
            }
        }
        h.jumpTo(CHECK.minusSeconds(1));
        assertEquals(List.of(), atRisk(), "not before 24 h ahead");

        // Tuesday 09:00: school-a's core switch is DOWN; school-b's server is UP (its terminal's warning alone is no risk).
        h.jumpTo(CHECK.plusSeconds(1));
        List<Escalation> risk = atRisk();
        assertEquals(1, risk.size(), risk.toString());
        Escalation a = risk.get(0);
        assertEquals("school-a", a.getSiteId());
        assertEquals(OccurrenceId.escalation("school-a|MAJOR_EVENT|" + START, ScheduledEscalation.EVENT_AT_RISK), a.getEscalationId());
        assertEquals(CHECK.toEpochMilli(), a.getAt());
        assertEquals(START.toEpochMilli(), a.getDeadline(), "the start: what it is at risk of");
        assertEquals(START.toEpochMilli(), a.getPeriodStart());
        assertEquals(END.toEpochMilli(), a.getPeriodEnd());
        assertEquals(3, a.getTier());
        assertEquals("sw-core", a.getDeviceId(), "the first critical device not UP");
        assertNull(a.getTicketId());
        assertTrue(a.getMessage().contains("not UP: sw-core (critical) DOWN; DEGRADED or FLAPPING in the 7 days before: pc-2."), a.getMessage());

        // school-c's exam is published Tuesday 15:00, less than a day ahead: its server, registered at 14:00 and never
        // heard (DOWN at 17:00, 3 h after its registration), is checked at once, not UP yet: EVENT_AT_RISK at 15:00.
        h.jumpTo(sh("2026-05-12T14:00"));
        h.register(srvC);
        h.jumpTo(sh("2026-05-12T15:00"));
        h.schedule(exam("school-c"));
        // judged once the inputs are known read past 15:00: the readers' next mark, at their next tick (every 10 minutes here)
        h.advanceTo(sh("2026-05-12T15:20"));
        List<Escalation> late = atRisk();
        assertEquals(1, late.size(), late.toString());
        assertEquals("school-c", late.get(0).getSiteId());
        assertEquals(sh("2026-05-12T15:00").toEpochMilli(), late.get(0).getAt());
        assertTrue(late.get(0).getMessage().contains("not UP: srv-c (critical) UNKNOWN; DEGRADED or FLAPPING in the 7 days before: none."),
                late.get(0).getMessage());

        // nothing twice
        h.jumpTo(END);
        assertEquals(List.of(), atRisk());
    }

    /**
     * Live, inputs are not read in the clock's order: school-d's exam, published at 15:00 (less than a day ahead, so
     * checked at once), is read after its critical server's registration stamped 15:05. At 15:00 the school had no
     * device, and replay, reading in time order, judges so: no EVENT_AT_RISK, live as in replay. (Seen in a live run:
     * live published one that replay did not give.)
     */
    @Test
    void aDeviceRegisteredAfterTheCheckButReadBeforeItIsNotJudgedAtIt() {
        h = new TopologyHarness(sh("2026-05-12T14:00"), Map.of("health.check-interval", "10m", "health.interval.CLOUD_SERVER", "1h"));
        h.site(Site.newBuilder().setSiteId("school-d").setContractId("seed-003").setAcceptedAt(sh("2026-02-02T10:00").toEpochMilli()).build());
        h.jumpTo(sh("2026-05-12T15:05"));
        h.register(Fleet.device("srv-d", DeviceType.CLOUD_SERVER).at("school-d").critical().build());
        h.schedule(exam("school-d"), sh("2026-05-12T15:00"));
        h.advanceTo(sh("2026-05-12T15:30"));
        assertEquals(List.of(), atRisk(), "judged as of 15:00, when school-d had no device");
    }

    static SiteSchedule exam(String school) {
        return SiteSchedule.newBuilder().setSiteId(school).setWindows(List.of(ScheduleWindow.newBuilder().setKind(WindowKind.MAJOR_EVENT)
                .setName("中考 entrance exam").setStart(START.toEpochMilli()).setEnd(END.toEpochMilli()).build())).build();
    }

    List<Escalation> atRisk() {
        List<Escalation> all = new ArrayList<>();
        for (Escalation e : h.escalations.readValuesToList()) {
            if (e.getType() == EscalationType.EVENT_AT_RISK) {
                all.add(e);
            }
        }
        return all;
    }
}
