package com.schoolops.sla.trust;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.TicketCategory;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.deadletter.DeadLetters;
import com.schoolops.sla.kpi.KpiStores;
import com.schoolops.sla.tickets.TicketStores;
import com.schoolops.sla.state.TicketState;
import com.schoolops.sla.testing.TopologyHarness;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A timer whose work throws is not lost and does not stop the others: among tickets due in one tick, one whose
 * contract is no longer in the policies fails; the others are raised on time, the failed one is tried again, and
 * after a few tries it is set aside on dead-letters with its reason.
 */
class PoisonedTimerTopologyTest {
    static final Instant T0 = Instant.parse("2026-03-02T01:00:00Z");
    final TopologyHarness h = new TopologyHarness(T0);

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void aTimerThatThrowsIsTriedAgainThenSetAsideWhileTheOthersOfItsTickAreRaised() {
        for (String id : List.of("T-1", "T-2", "T-3")) {
            h.ticket(TicketEvent.newBuilder().setTicketId(id).setType(TicketEventType.OPENED).setTimestamp(T0.toEpochMilli())
                    .setSiteId("school-1").setContractId("seed-003").setSeverity("GENERAL").setCategory(TicketCategory.HARDWARE).build());
        }
        // T-2's contract disappears from under it (as when a policies file loses a contract between releases).
        KeyValueStore<String, TicketState> tickets = h.driver.getKeyValueStore(TicketStores.TICKETS);
        TicketState t2 = tickets.get("T-2");
        t2.setContractId("withdrawn");
        tickets.put("T-2", t2);

        h.advanceTo(T0.plus(Duration.ofSeconds(451))); // seed-003 GENERAL: RESPONSE 15 min, first warning at 7.5 min
        List<String> raised = h.escalations.readValuesToList().stream().map(e -> e.getTicketId() + " " + e.getType()).toList();
        assertEquals(List.of("T-1 SLA_WARNING", "T-3 SLA_WARNING"), raised, "the others of the tick are raised on time");
        assertTrue(h.deadLetters.isEmpty(), "still being tried");

        h.advance(Duration.ofSeconds(20)); // tried again after 1, 2, 4 and 8 s
        List<TestRecord<byte[], byte[]>> dead = h.deadLetters.readRecordsToList();
        assertEquals(1, dead.size());
        assertEquals("T-2", new String(dead.get(0).key(), StandardCharsets.UTF_8));
        String message = new String(dead.get(0).headers().lastHeader(DeadLetters.HEADER_MESSAGE).value(), StandardCharsets.UTF_8);
        assertEquals("contract withdrawn version 1 of ticket T-2 is not known", message);
        String value = new String(dead.get(0).value(), StandardCharsets.UTF_8);
        assertTrue(value.startsWith("TICKET timer of T-2 due 2026-03-02T01:07:30Z set aside after 5 failed tries"), value);

        h.advanceTo(T0.plus(Duration.ofMinutes(16)));
        List<Escalation> later = h.escalations.readValuesToList();
        assertEquals(List.of("T-1 SLA_WARNING", "T-3 SLA_WARNING", "T-1 SLA_BREACH", "T-3 SLA_BREACH"),
                later.stream().map(e -> e.getTicketId() + " " + e.getType()).toList(), "the healthy tickets go on");
    }

    /** Issue 34: KPI windows' timers give up as every other timer does, on dead-letters, not only in the log. */
    @Test
    void aKpiWindowWhoseTimerKeepsFailingIsSetAsideOnDeadLetters() {
        // A window timer whose subject cannot be read (as after a bad release): its work throws at every try.
        byte[] id = "no window".getBytes(StandardCharsets.UTF_8);
        Bytes entry = Bytes.wrap(ByteBuffer.allocate(8 + 1 + id.length).putLong(T0.toEpochMilli()).put((byte) 'K').put(id).array());
        h.driver.<Bytes, byte[]>getKeyValueStore(KpiStores.DEADLINES).put(entry, new byte[0]);

        h.advance(Duration.ofSeconds(30)); // tried at once, then again after 1, 2, 4 and 8 s
        List<TestRecord<byte[], byte[]>> dead = h.deadLetters.readRecordsToList();
        assertEquals(1, dead.size(), "the failed KPI window is on dead-letters");
        assertEquals("no window", new String(dead.get(0).key(), StandardCharsets.UTF_8));
        String value = new String(dead.get(0).value(), StandardCharsets.UTF_8);
        assertTrue(value.startsWith("KPI_WINDOW timer of no window due 2026-03-02T01:00:00Z set aside after 5 failed tries"), value);
    }
}
