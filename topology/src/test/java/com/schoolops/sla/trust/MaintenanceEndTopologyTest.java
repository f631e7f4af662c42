package com.schoolops.sla.trust;

import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.ScheduleWindow;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.WindowKind;
import com.schoolops.sla.testing.TopologyHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static com.schoolops.sla.testing.Fleet.device;
import static com.schoolops.sla.testing.Fleet.heartbeat;
import static org.junit.jupiter.api.Assertions.*;

/**
 * specification section 3: inside a MAINTENANCE window states are tracked but nothing escalates; what is still wrong when the
 * window ends escalates then, as if it had started at the window's end.
 */
class MaintenanceEndTopologyTest {
    static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");
    static final Instant WINDOW_END = T0.plus(Duration.ofMinutes(20));
    final TopologyHarness h = new TopologyHarness(T0);
    final Device coreSwitch = device("m-switch", DeviceType.SWITCH).at("school-m").critical().build();
    final List<Device> terminals = List.of(device("m-t1", DeviceType.CLOUD_TERMINAL).at("school-m").behind("m-switch").build(),
            device("m-t2", DeviceType.CLOUD_TERMINAL).at("school-m").behind("m-switch").build());
    final List<Escalation> raised = new ArrayList<>();

    @AfterEach
    void stop() {
        h.close();
    }

    /** Lets time pass to {@code until}, the terminals beating every 30 s and the switch only while {@code switchBeats}. */
    void liveUntil(Instant until, boolean switchBeats) {
        while (h.now().isBefore(until)) {
            terminals.forEach(t -> h.heartbeat(heartbeat(t, h.now())));
            if (switchBeats) {
                h.heartbeat(heartbeat(coreSwitch, h.now()));
            }
            h.advanceTo(h.now().plusSeconds(30).isAfter(until) ? until : h.now().plusSeconds(30));
            raised.addAll(h.escalations.readValuesToList());
        }
    }

    @Test
    void aCoreSwitchDownInMaintenanceAndStillDownAfterItEscalatesItsOutageAtTheWindowsEndAndItsSilenceAGraceLater() {
        h.register(coreSwitch);
        terminals.forEach(h::register);
        h.schedule(new SiteSchedule("school-m", List.of(new ScheduleWindow(WindowKind.MAINTENANCE,
                T0.plus(Duration.ofMinutes(1)).toEpochMilli(), WINDOW_END.toEpochMilli(), "switch firmware", null))));
        liveUntil(T0.plus(Duration.ofMinutes(2)), true);
        liveUntil(WINDOW_END.minusMillis(1), false); // the switch goes silent in the window, and stays silent

        assertEquals(List.of(), raised, "nothing escalates inside the window");
        assertTrue(h.outages.readValuesToList().stream().anyMatch(o -> o.getState().toString().equals("STARTED")),
                "the outage itself is tracked and published");

        liveUntil(WINDOW_END.plusSeconds(1), false);
        assertEquals(List.of("SITE_OUTAGE m-switch at " + WINDOW_END), describe(raised), "the outage outlasted the window");
        raised.clear();

        // sla.unticketed-grace (10 min) counted from the window's end.
        liveUntil(WINDOW_END.plus(Duration.ofMinutes(10)).minusSeconds(1), false);
        assertEquals(List.of(), raised);
        liveUntil(WINDOW_END.plus(Duration.ofMinutes(11)), false);
        assertEquals(List.of("UNTICKETED_OUTAGE m-switch"), raised.stream().map(e -> e.getType() + " " + e.getDeviceId()).toList());
    }

    @Test
    void aDeviceThatRecoversBeforeTheWindowEndsEscalatesNothing() {
        h.register(coreSwitch);
        terminals.forEach(h::register);
        h.schedule(new SiteSchedule("school-m", List.of(new ScheduleWindow(WindowKind.MAINTENANCE,
                T0.plus(Duration.ofMinutes(1)).toEpochMilli(), WINDOW_END.toEpochMilli(), "switch firmware", null))));
        liveUntil(T0.plus(Duration.ofMinutes(2)), true);
        liveUntil(T0.plus(Duration.ofMinutes(10)), false);
        liveUntil(WINDOW_END.plus(Duration.ofMinutes(15)), true); // back at 10 min, before the window ends
        assertEquals(List.of(), raised);
    }

    @Test
    void aDevicesOwnMaintenanceWindowHoldsBackOnlyItsOwnEscalation() {
        h.register(coreSwitch);
        terminals.forEach(h::register);
        // m-t1 alone is in maintenance (issue 24: an operator puts one device into a window); both terminals go silent at 2 min.
        h.schedule(new SiteSchedule("school-m", List.of(new ScheduleWindow(WindowKind.MAINTENANCE,
                T0.plus(Duration.ofMinutes(1)).toEpochMilli(), WINDOW_END.toEpochMilli(), "m-t1 swap", "m-t1"))));
        while (h.now().isBefore(WINDOW_END.plus(Duration.ofMinutes(12)))) {
            h.heartbeat(heartbeat(coreSwitch, h.now()));
            if (h.now().isBefore(T0.plus(Duration.ofMinutes(2)))) {
                terminals.forEach(t -> h.heartbeat(heartbeat(t, h.now())));
            }
            h.advanceTo(h.now().plusSeconds(30));
            h.escalations.readValuesToList().forEach(e -> raised.add(e));
        }
        List<String> unticketed = raised.stream().filter(e -> e.getType().toString().equals("UNTICKETED_OUTAGE"))
                .map(e -> e.getDeviceId() + (Instant.ofEpochMilli(e.getAt()).isBefore(WINDOW_END) ? " in the window" : " after it")).toList();
        assertEquals(List.of("m-t2 in the window", "m-t1 after it"), unticketed,
                "the other terminal escalates as ever; the one in maintenance only once its window is over and the grace has passed");
        assertTrue(raised.stream().anyMatch(e -> e.getType().toString().equals("SITE_OUTAGE") && e.getAt() < WINDOW_END.toEpochMilli()),
                "the site is judged as ever: two of its three devices down is an outage, whatever one device's window says");
    }

    static List<String> describe(List<Escalation> escalations) {
        return escalations.stream().map(e -> e.getType() + " " + e.getDeviceId() + " at " + Instant.ofEpochMilli(e.getAt())).toList();
    }
}
