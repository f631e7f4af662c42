package com.schoolops.sla.app;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * How far the application has read its inputs, from rounds of offsets the brokers report (pure: the polling is
 * {@link OffsetWatermark}'s). A round is the end offsets of every input partition, observed at {@code endsAt}. The
 * inputs are read up to {@code endsAt} of the newest round whose end offsets the group's committed offsets have all
 * reached: every record appended before it has been processed (and, exactly-once, what was made of it committed).
 * A partition whose task is not running (dead instance, rebalance, restore) holds its committed offset, and so the
 * watermark; an idle partition is caught up and moves with the rounds.
 * <p>
 * The sites need no round of their own: the reading tasks carry the watermark to them in band (read marks).
 */
final class ReadProgress {
    /** Rounds older than this are forgotten: a watermark then catches up from the rounds kept. */
    static final long HORIZON_MS = 10 * 60_000;

    private record Round(long endsAt, Map<TopicPartition, Long> ends) {
    }

    private final Deque<Round> rounds = new ArrayDeque<>();

    /**
     * Takes one round and returns how far the inputs are read, or {@link Long#MIN_VALUE} while nothing is known.
     *
     * @param ends      the log end offsets of every input partition
     * @param committed the group's committed offsets (a partition never committed counts as 0)
     */
    long observe(long endsAt, Map<TopicPartition, Long> ends, Map<TopicPartition, Long> committed) {
        rounds.addLast(new Round(endsAt, Map.copyOf(ends)));
        Round read = newestReached(committed);
        // Rounds older than the one reached are needed no more (the horizon bounds the rest).
        forgetBefore(Math.max(read == null ? Long.MIN_VALUE : read.endsAt(), endsAt - HORIZON_MS));
        return read == null ? Long.MIN_VALUE : read.endsAt();
    }

    private Round newestReached(Map<TopicPartition, Long> committed) {
        for (Iterator<Round> it = rounds.descendingIterator(); it.hasNext(); ) {
            Round r = it.next();
            if (r.ends().entrySet().stream().allMatch(e -> committed.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
                return r;
            }
        }
        return null;
    }

    private void forgetBefore(long instant) {
        while (rounds.size() > 1 && rounds.getFirst().endsAt() < instant) {
            rounds.removeFirst();
        }
    }
}
