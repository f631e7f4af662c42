package com.schoolops.sla.trust;

import com.schoolops.sla.avro.Device;
import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.testing.HeldWatermark;
import com.schoolops.sla.testing.TopologyHarness;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.schoolops.sla.testing.Fleet.device;
import static com.schoolops.sla.testing.Fleet.heartbeat;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Verdicts wait for the input watermark (specification section 4, "nothing false is published"): with the watermark held,
 * as when an input partition's task is dead or restoring, the wall clock passes deadlines and nothing is judged;
 * input that arrives late is taken into account; once the watermark moves on, what is still due is published once.
 */
class WatermarkTopologyTest {
    static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z"); // 09:00 Shanghai, a Monday
    final HeldWatermark watermark = new HeldWatermark();
    final TopologyHarness h = new TopologyHarness(T0, Map.of(), watermark);

    @AfterEach
    void stop() {
        h.close();
    }

    List<String> changes() {
        return h.healthChanges().stream().map(kv -> kv.key + " " + kv.value.getPrevious() + "->" + kv.value.getState()).toList();
    }

    @Test
    void aDeviceWhoseHeartbeatsAreNotReadYetIsNotCalledDownAndOneThatReallyStoppedIsOnceTheyAre() {
        Device live = device("term-live", DeviceType.CLOUD_TERMINAL).at("school-1").build();
        Device stopped = device("term-stopped", DeviceType.CLOUD_TERMINAL).at("school-1").build();
        h.register(live);
        h.register(stopped);
        h.heartbeat(heartbeat(live, h.now()));
        h.heartbeat(heartbeat(stopped, h.now()));
        assertEquals(List.of("term-live null->UP", "term-stopped null->UP"), changes());

        // The heartbeat partition's task dies: nothing of it is read from 01:00:10 on. Silence is 3 × 30 s.
        watermark.holdAt(T0.plusSeconds(10).toEpochMilli());
        h.advance(Duration.ofMinutes(5));
        assertEquals(List.of(), changes(), "five minutes on the wall clock, but no verdict on input not read");

        // Taken over: the backlog arrives (the live device kept beating; the other stopped after 01:00:00).
        for (int s = 30; s <= 300; s += 30) {
            h.heartbeats.pipeInput(new TestRecord<>(live.getDeviceId(), heartbeat(live, T0.plusSeconds(s)), h.now()));
        }
        watermark.release();
        h.advance(Duration.ofSeconds(1));
        assertEquals(List.of("term-stopped UP->DOWN"), changes(), "only the device that really stopped, once");
        h.advance(Duration.ofMinutes(1));
        assertEquals(List.of(), changes());
    }

    @Test
    void aClockStoppedByAnEventReadLateRaisesOnlyWhatWasDueBeforeTheEvent() {
        // seed-003 GENERAL: RESPONSE 15 min, warnings at 50 % (7.5 min) and 80 % (12 min).
        h.ticket(ticket(TicketEventType.OPENED, T0));
        watermark.holdAt(T0.plusSeconds(60).toEpochMilli());
        h.advance(Duration.ofMinutes(20));
        assertEquals(List.of(), h.escalations.readValuesToList(), "the deadline passed on the wall clock only");

        // The acknowledgement, made at 10 min, is read now.
        h.tickets.pipeInput(new TestRecord<>("T-9", ticket(TicketEventType.ACKNOWLEDGED, T0.plusSeconds(600)), h.now()));
        watermark.release();
        h.advance(Duration.ofSeconds(1));
        List<Escalation> raised = h.escalations.readValuesToList();
        assertEquals(List.of("SLA_WARNING RESPONSE " + T0.plusSeconds(450)), raised.stream()
                .map(e -> e.getType() + " " + e.getClock() + " " + Instant.ofEpochMilli(e.getAt())).toList(),
                "the 50 % warning was due before the acknowledgement; the 80 % and the breach were not");
    }

    static TicketEvent ticket(TicketEventType type, Instant at) {
        boolean opened = type == TicketEventType.OPENED;
        return TicketEvent.newBuilder().setTicketId("T-9").setType(type).setTimestamp(at.toEpochMilli()).setSiteId("school-1")
                .setContractId(opened ? "seed-003" : null).setSeverity(opened ? "GENERAL" : null)
                .setCategory(opened ? TicketCategory.HARDWARE : null).build();
    }

}
