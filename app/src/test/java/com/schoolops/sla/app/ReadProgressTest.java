package com.schoolops.sla.app;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ReadProgressTest {
    static final TopicPartition HB0 = new TopicPartition("device-heartbeats", 0);
    static final TopicPartition HB1 = new TopicPartition("device-heartbeats", 1);
    static final TopicPartition TICKETS = new TopicPartition("fault-tickets", 0);
    static final TopicPartition SITE0 = new TopicPartition("app-site-events-repartition", 0);
    static final TopicPartition SITE1 = new TopicPartition("app-site-events-repartition", 1);

    final ReadProgress progress = new ReadProgress("app-site-events-repartition");
    final Map<TopicPartition, Long> ends = new HashMap<>(Map.of(HB0, 0L, HB1, 0L, TICKETS, 0L, SITE0, 0L, SITE1, 0L));
    final Map<TopicPartition, Long> committed = new HashMap<>();

    /** A round at second {@code s}: ends seen at s, committed offsets seen 50 ms later. */
    Map<Integer, Long> round(long s) {
        return progress.observe(s * 1000, ends, s * 1000 + 50, committed);
    }

    void everythingRead() {
        committed.putAll(ends);
    }

    @Test
    void caughtUpInputMovesTheWatermarkWithTheRoundsOneRoundBehind() {
        everythingRead();
        assertEquals(Map.of(), round(1), "what the routers wrote before the first look may not be read at the sites yet");
        assertEquals(Map.of(0, 1000L, 1, 1000L), round(2));
        ends.put(HB0, 40L);
        ends.put(SITE0, 40L);
        everythingRead();
        assertEquals(Map.of(0, 2000L, 1, 2000L), round(3));
        assertEquals(Map.of(0, 3000L, 1, 3000L), round(4), "an idle input is caught up, and moves on");
    }

    @Test
    void anInputPartitionWhoseTaskIsNotRunningHoldsEverySitesWatermark() {
        everythingRead();
        round(1);
        round(2);
        ends.put(HB1, 100L); // heartbeats keep arriving on a partition whose router died: its committed offset stays
        assertEquals(Map.of(0, 2000L, 1, 2000L), round(3));
        assertEquals(Map.of(0, 2000L, 1, 2000L), round(4), "held where that partition was last read to its end");
        assertEquals(Map.of(0, 2000L, 1, 2000L), round(9));
        committed.put(HB1, 100L); // taken over, and its backlog processed
        assertEquals(Map.of(0, 2000L, 1, 2000L), round(10), "what its router wrote for the backlog may not be read at the sites yet");
        assertEquals(Map.of(0, 10_000L, 1, 10_000L), round(11));
    }

    @Test
    void aSitePartitionNotYetReadHoldsOnlyItsOwnWatermark() {
        everythingRead();
        round(1);
        round(2);
        ends.put(SITE1, 30L); // the routers wrote to site-events 1; its task is restoring
        assertEquals(Map.of(0, 2000L, 1, 1000L), round(3));
        assertEquals(Map.of(0, 3000L, 1, 1000L), round(4));
        committed.put(SITE1, 30L);
        assertEquals(Map.of(0, 4000L, 1, 4000L), round(5));
    }

    @Test
    void aPartitionNeverCommittedIsReadOnlyWhenItIsEmpty() {
        committed.putAll(Map.of(HB0, 0L, TICKETS, 0L, SITE0, 0L, SITE1, 0L)); // HB1: never committed
        round(1);
        assertEquals(Map.of(0, 1000L, 1, 1000L), round(2), "an empty partition has nothing to read");
        ends.put(HB1, 5L);
        round(3);
        assertEquals(Map.of(0, 2000L, 1, 2000L), round(4), "records nobody has read yet hold the watermark");
    }
}
