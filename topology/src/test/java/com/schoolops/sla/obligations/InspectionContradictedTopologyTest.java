package com.schoolops.sla.obligations;

import com.schoolops.sla.avro.AgentStatus;
import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.Findings;
import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.VisitKind;
import com.schoolops.sla.avro.VisitMode;
import com.schoolops.sla.avro.VisitType;
import com.schoolops.sla.escalation.EscalationIds;
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
 * INSPECTION_CONTRADICTED (SPEC section 11) on the real topology. Heartbeats every hour (an interval of 1 h: DOWN 3 h
 * after the last one); FLAPPING at 4 changes within 6 h, settled after 2 h without one. Two seed-003 schools, Shanghai
 * time, Monday 2026-03-09 08:00 to Tuesday 03-10 18:00:
 * <ul>
 *   <li>school-i: i-flap's agent warns at 16:00 and 18:00 on Monday, OK between and after: DEGRADED 16:00, UP 17:00,
 *       DEGRADED 18:00, UP 19:00, the fourth change: FLAPPING at 19:00, settled (UP) at 21:00. i-slow's agent warns from
 *       Tuesday 13:00 on: DEGRADED from 13:00. i-down's last heartbeat is Tuesday 11:00: DOWN from 14:00. i-ok is fine.</li>
 *   <li>school-h: h-ok is fine.</li>
 * </ul>
 * On Tuesday 17:00 the engineers write their visits of the day (and one of Monday noon): school-i inspected at 15:00
 * and found NORMAL contradicts i-down (DOWN then), i-slow (DEGRADED then) and i-flap (FLAPPING from 19:00 the evening
 * before, within 24 h); school-i at Monday 12:00 (all UP then), school-h at 15:00, and school-i's ISSUES_FOUND at 15:30
 * contradict nothing.
 */
class InspectionContradictedTopologyTest {
    final Device flap = Fleet.device("i-flap", DeviceType.CLOUD_TERMINAL).at("school-i").build();
    final Device slow = Fleet.device("i-slow", DeviceType.CLOUD_TERMINAL).at("school-i").build();
    final Device down = Fleet.device("i-down", DeviceType.CLOUD_TERMINAL).at("school-i").build();
    final Device ok = Fleet.device("i-ok", DeviceType.CLOUD_TERMINAL).at("school-i").build();
    final Device okH = Fleet.device("h-ok", DeviceType.CLOUD_TERMINAL).at("school-h").build();
    TopologyHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void anInspectionFoundNormalWhileDevicesWereNotListsThemAndOneOfAHealthySiteSaysNothing() {
        h = new TopologyHarness(sh("2026-03-09T08:00"), Map.of("health.check-interval", "10m", "health.interval.CLOUD_TERMINAL", "1h",
                "health.flapping.window", "6h", "health.flapping.settle", "2h"));
        h.site(Seeds.site("school-i", "seed-003", "2026-01-05T10:00", null));
        h.site(Seeds.site("school-h", "seed-003", "2026-01-05T10:00", null));
        List<Device> devices = List.of(flap, slow, down, ok, okH);
        devices.forEach(h::register);
        Set<Instant> flapWarns = Set.of(sh("2026-03-09T16:00"), sh("2026-03-09T18:00"));
        List<Escalation> raised = new ArrayList<>();
        for (Instant at = h.now(); !at.isAfter(sh("2026-03-10T18:00")); at = at.plus(Duration.ofHours(1))) {
            h.jumpTo(at);
            for (Device d : devices) {
                if (d == down && at.isAfter(sh("2026-03-10T11:00"))) {
                    continue;
                }
                boolean warns = d == flap && flapWarns.contains(at) || d == slow && !at.isBefore(sh("2026-03-10T13:00"));
                h.heartbeat(Fleet.heartbeat(d.getDeviceId(), d.getDeviceType(), d.getSiteId(), at, warns ? AgentStatus.WARN : AgentStatus.OK));
            }
            if (at.equals(sh("2026-03-10T17:00"))) {
                h.visit(inspection("insp-mon", "school-i", "2026-03-09T12:00", Findings.NORMAL));
                h.visit(inspection("insp-i", "school-i", "2026-03-10T15:00", Findings.NORMAL));
                h.visit(inspection("insp-h", "school-h", "2026-03-10T15:00", Findings.NORMAL));
                h.visit(inspection("insp-i-2", "school-i", "2026-03-10T15:30", Findings.ISSUES_FOUND));
            }
            h.escalations.readValuesToList().stream().filter(e -> e.getType() == EscalationType.INSPECTION_CONTRADICTED).forEach(raised::add);
        }

        assertEquals(1, raised.size(), "school-i's NORMAL of Tuesday 15:00 only: " + raised);
        Escalation e = raised.get(0);
        assertEquals(EscalationIds.of("school-i|insp-i", EscalationType.INSPECTION_CONTRADICTED, null, null), e.getEscalationId());
        assertEquals("school-i", e.getSiteId());
        assertNull(e.getDeviceId());
        assertEquals("seed-003", e.getContractId());
        assertEquals(2, e.getTier(), "on-site service: the engineers' lead");
        assertEquals(sh("2026-03-10T15:00").toEpochMilli(), e.getAt(), "the visit's time");
        assertEquals("学校 school-i 于 2026-03-10 15:00:00 Asia/Shanghai 的巡检（insp-i）记为正常，但当时 3 台设备不正常："
                + "i-down 离线（DOWN，自 2026-03-10 14:00:00 Asia/Shanghai），"
                + "i-flap 24 小时内状态频繁波动（FLAPPING，自 2026-03-09 19:00:00 Asia/Shanghai），"
                + "i-slow 运行异常（DEGRADED，自 2026-03-10 13:00:00 Asia/Shanghai），请核实巡检记录。 "
                + "The inspection insp-i of site school-i at 2026-03-10 15:00:00 Asia/Shanghai found NORMAL, but 3 device(s) said otherwise: "
                + "i-down DOWN since 2026-03-10 14:00:00 Asia/Shanghai, i-flap FLAPPING from 2026-03-09 19:00:00 Asia/Shanghai (in the 24 h before), "
                + "i-slow DEGRADED since 2026-03-10 13:00:00 Asia/Shanghai; check the inspection record.", e.getMessage());

        List<String> kept = new ArrayList<>();
        try (var all = h.driver.<String, Object>getKeyValueStore(InspectionCheck.RECENT_STATES).all()) {
            all.forEachRemaining(kv -> kept.add(com.schoolops.sla.serde.KeySerde.parts(kv.key, 2)[1]));
        }
        assertEquals(List.of("i-down", "i-flap", "i-slow"), kept.stream().sorted().toList(),
                "the devices UP all along keep no history: an UP contradicts nothing (i-flap's ends UP but holds its FLAPPING)");
    }

    static ServiceVisit inspection(String visitId, String siteId, String at, Findings findings) {
        return ServiceVisit.newBuilder().setVisitId(visitId).setSiteId(siteId).setKind(VisitKind.INSPECTION).setType(VisitType.COMPLETED)
                .setMode(VisitMode.ON_SITE).setTimestamp(sh(at).toEpochMilli()).setEngineers(List.of("wang")).setFindings(findings).build();
    }
}
