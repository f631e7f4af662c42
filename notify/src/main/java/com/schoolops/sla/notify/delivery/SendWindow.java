package com.schoolops.sla.notify.delivery;

import com.schoolops.sla.notify.routes.RateLimit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * When one receiver may be sent its next message: the times of its latest requests, as many as its largest limit counts,
 * against each of its {@link RateLimit}s (a sliding window: no {@code per} holds more than {@code messages}). The delivery
 * worker writes it into the metadata of every offset it commits, in the same transaction as the delivery, so a restarted
 * worker, or another instance taking its partitions over, starts from it rather than from an empty window.
 * <p>
 * Instances of notify share a receiver's partitions, each with a window of its own: each keeps its share of every limit,
 * the limit times the part of the partitions it holds (at least one message a window), so that together they stay under it.
 */
public final class SendWindow {
    private static final String VERSION = "w1";

    private final List<RateLimit> limits;
    private final int kept;
    /** Request time (ms) to how many went at that ms, oldest first. */
    private final TreeMap<Long, Integer> sent = new TreeMap<>();
    private int size;
    private int held = 1;
    private int partitions = 1;
    /** A receiver that said "too fast" takes nothing before this (ms), whatever the window says. */
    private long refusedUntil;

    public SendWindow(List<RateLimit> limits) {
        this.limits = List.copyOf(limits);
        this.kept = limits.stream().mapToInt(RateLimit::messages).max().orElse(0);
    }

    /** The part of the receiver's partitions this worker holds: its share of each limit. */
    public void share(int held, int partitions) {
        this.held = Math.max(0, held);
        this.partitions = Math.max(1, partitions);
    }

    /** How many messages {@code limit} allows this worker, given its share. */
    int allowed(RateLimit limit) {
        return Math.max(1, (int) ((long) limit.messages() * Math.min(held, partitions) / partitions));
    }

    /** The earliest time at or after {@code now} at which a request keeps every limit. */
    public long nextAt(long now) {
        long at = Math.max(now, refusedUntil);
        List<Long> times = times();
        for (RateLimit limit : limits) {
            int allowed = allowed(limit);
            if (times.size() >= allowed) {
                at = Math.max(at, times.get(times.size() - allowed) + limit.per().toMillis());
            }
        }
        return at;
    }

    /** A request went at {@code at} (taken or not: the platform counts it). */
    public void sent(long at) {
        add(at, 1);
    }

    private void add(long at, int count) {
        if (kept == 0 || count <= 0) {
            return;
        }
        sent.merge(at, count, Integer::sum);
        size += count;
        while (size > kept) {
            Map.Entry<Long, Integer> oldest = sent.firstEntry();
            size--;
            if (oldest.getValue() == 1) {
                sent.pollFirstEntry();
            } else {
                sent.put(oldest.getKey(), oldest.getValue() - 1);
            }
        }
    }

    private List<Long> times() {
        List<Long> times = new ArrayList<>(size);
        sent.forEach((t, n) -> {
            for (int i = 0; i < n; i++) {
                times.add(t);
            }
        });
        return times;
    }

    /** The receiver said "too fast" at {@code at}: nothing more for one whole window (its longest), as the platform counts it. */
    public void refused(long at) {
        long longest = limits.stream().mapToLong(l -> l.per().toMillis()).max().orElse(0);
        refusedUntil = Math.max(refusedUntil, at + longest);
    }

    public boolean limited() {
        return kept > 0;
    }

    /** The window as offset metadata: {@code w1 <first ms> <delta>,<delta>...}, the deltas in base 36 (a few hundred bytes). */
    public String encode() {
        if (sent.isEmpty()) {
            return "";
        }
        List<Long> times = times();
        StringBuilder out = new StringBuilder(VERSION).append(' ').append(times.get(0)).append(' ');
        long previous = times.get(0);
        boolean first = true;
        for (long t : times) {
            if (!first) {
                out.append(Long.toString(t - previous, 36)).append(',');
            }
            first = false;
            previous = t;
        }
        return out.toString();
    }

    /**
     * Takes in the requests another committed window holds (metadata from {@link #encode}; anything else is left alone).
     * The same request in several partitions' metadata counts once: each instant keeps the larger of the two counts.
     */
    public void merge(String metadata) {
        if (metadata == null || !metadata.startsWith(VERSION + " ") || kept == 0) {
            return;
        }
        TreeMap<Long, Integer> other = new TreeMap<>();
        String[] parts = metadata.split(" ", 3);
        try {
            long t = Long.parseLong(parts[1]);
            other.merge(t, 1, Integer::sum);
            if (parts.length == 3) {
                for (String delta : parts[2].split(",")) {
                    if (!delta.isEmpty()) {
                        t += Long.parseLong(delta, 36);
                        other.merge(t, 1, Integer::sum);
                    }
                }
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return; // metadata of another shape: no window to take in
        }
        other.forEach((at, n) -> add(at, Math.max(0, n - sent.getOrDefault(at, 0))));
    }

    @Override
    public String toString() {
        return limits.stream().map(RateLimit::toString).reduce((a, b) -> a + " and " + b).orElse("no limit");
    }
}
