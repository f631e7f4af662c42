package com.schoolops.sla.app;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How far the application has read its input, from rounds of offsets the brokers report (pure: the polling is
 * {@link OffsetWatermark}'s). A round is the end offsets of every partition the application consumes, observed at
 * {@code endsAt}, and the group's committed offsets, observed after them at {@code committedAt}.
 * <ul>
 *   <li>The inputs are read up to {@code endsAt} of the newest round whose end offsets the committed offsets have
 *       all reached: every record appended before it is processed, and (exactly-once) what the routers wrote for
 *       it to {@code site-events} was committed before {@code committedAt}.</li>
 *   <li>Site partition {@code k} is read up to the newest such instant whose {@code committedAt} is not after a
 *       round whose end of {@code site-events-k} the site task has reached: those records have been processed there too.</li>
 * </ul>
 * A partition whose task is not running (dead instance, rebalance, restore) holds its committed offset, and so every
 * site's watermark; an idle partition is caught up and moves with the rounds.
 */
final class ReadProgress {
    /** Rounds older than this are forgotten: a watermark then catches up from the rounds kept. */
    static final long HORIZON_MS = 10 * 60_000;

    private record Round(long endsAt, long committedAt, Map<TopicPartition, Long> ends) {
    }

    /** Inputs read up to {@code upTo}, with their effect on site-events committed before {@code committedAt}. */
    private record InputsRead(long upTo, long committedAt) {
    }

    private final String siteEventsTopic;
    private final Deque<Round> rounds = new ArrayDeque<>();
    private final Deque<InputsRead> inputsRead = new ArrayDeque<>();

    ReadProgress(String siteEventsTopic) {
        this.siteEventsTopic = siteEventsTopic;
    }

    /**
     * Takes one round and returns the watermark of every site partition (absent: nothing known yet).
     *
     * @param ends      the log end offsets of every input partition and every site-events partition
     * @param committed the group's committed offsets (a partition never committed counts as 0)
     */
    Map<Integer, Long> observe(long endsAt, Map<TopicPartition, Long> ends, long committedAt, Map<TopicPartition, Long> committed) {
        rounds.addLast(new Round(endsAt, committedAt, Map.copyOf(ends)));
        Set<TopicPartition> inputs = ends.keySet().stream().filter(tp -> !tp.topic().equals(siteEventsTopic)).collect(Collectors.toSet());
        Round read = newestReached(inputs, committed);
        if (read != null && (inputsRead.isEmpty() || inputsRead.getLast().upTo() < read.endsAt())) {
            inputsRead.addLast(new InputsRead(read.endsAt(), committedAt));
        }
        Map<Integer, Long> watermarks = new HashMap<>();
        // Rounds older than every one still reached are needed no more (the horizon bounds the rest).
        long keepFrom = read == null ? Long.MIN_VALUE : read.endsAt();
        for (TopicPartition tp : ends.keySet()) {
            if (!tp.topic().equals(siteEventsTopic)) {
                continue;
            }
            Round site = newestReached(Set.of(tp), committed);
            if (site == null) {
                keepFrom = Long.MIN_VALUE;
                continue;
            }
            keepFrom = Math.min(keepFrom, site.endsAt());
            long upTo = Long.MIN_VALUE;
            for (InputsRead r : inputsRead) {
                if (r.committedAt() <= site.endsAt()) {
                    upTo = Math.max(upTo, r.upTo());
                }
            }
            if (upTo != Long.MIN_VALUE) {
                watermarks.put(tp.partition(), upTo);
            }
        }
        forgetBefore(Math.max(keepFrom, endsAt - HORIZON_MS));
        return watermarks;
    }

    /** The newest round whose end offsets of {@code partitions} the committed offsets have reached. */
    private Round newestReached(Set<TopicPartition> partitions, Map<TopicPartition, Long> committed) {
        for (Iterator<Round> it = rounds.descendingIterator(); it.hasNext(); ) {
            Round r = it.next();
            if (partitions.stream().allMatch(tp -> committed.getOrDefault(tp, 0L) >= r.ends().getOrDefault(tp, Long.MAX_VALUE))) {
                return r;
            }
        }
        return null;
    }

    private void forgetBefore(long instant) {
        while (rounds.size() > 1 && rounds.getFirst().endsAt() < instant) {
            rounds.removeFirst();
        }
        // Of the inputs' progress, the newest entry committed before the oldest round kept still answers for it.
        while (inputsRead.size() > 1) {
            InputsRead first = inputsRead.removeFirst();
            if (inputsRead.getFirst().committedAt() > rounds.getFirst().endsAt()) {
                inputsRead.addFirst(first);
                break;
            }
        }
    }
}
