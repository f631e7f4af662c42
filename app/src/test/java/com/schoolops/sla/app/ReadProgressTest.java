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

    final ReadProgress progress = new ReadProgress();
    final Map<TopicPartition, Long> ends = new HashMap<>(Map.of(HB0, 0L, HB1, 0L, TICKETS, 0L));
    final Map<TopicPartition, Long> committed = new HashMap<>();

    /** A round at second {@code s}. */
    long round(long s) {
        return progress.observe(s * 1000, ends, committed);
    }

    void everythingRead() {
        committed.putAll(ends);
    }

    @Test
    void caughtUpInputMovesTheWatermarkWithTheRounds() {
        everythingRead();
        assertEquals(1000L, round(1));
        ends.put(HB0, 40L);
        assertEquals(1000L, round(2), "records appended since the first round are not read yet");
        everythingRead();
        assertEquals(3000L, round(3));
        assertEquals(4000L, round(4), "an idle input is caught up, and moves on");
    }

    @Test
    void anInputPartitionWhoseTaskIsNotRunningHoldsTheWatermark() {
        everythingRead();
        round(1);
        round(2);
        ends.put(HB1, 100L); // heartbeats keep arriving on a partition whose task died: its committed offset stays
        assertEquals(2000L, round(3));
        assertEquals(2000L, round(9), "held where that partition was last read to its end");
        committed.put(HB1, 100L); // taken over, and its backlog processed
        assertEquals(10_000L, round(10));
    }

    @Test
    void aPartitionNeverCommittedIsReadOnlyWhenItIsEmpty() {
        committed.putAll(Map.of(HB0, 0L, TICKETS, 0L)); // HB1: never committed
        assertEquals(1000L, round(1), "an empty partition has nothing to read");
        ends.put(HB1, 5L);
        assertEquals(1000L, round(2), "records nobody has read yet hold the watermark");
        assertEquals(Long.MIN_VALUE, new ReadProgress().observe(1000, ends, committed), "nothing known before a round is reached");
    }
}
