package com.schoolops.sla.timers;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Timers kept in a state store ordered by time: key = 8-byte big-endian deadline followed by the subject's
 * timer (its kind and id), so due timers are one range scan from the start of the store to now. A tick costs what is due, not what
 * is tracked. Entries are not updated in place: the owner keeps the time it last indexed a subject under
 * ({@link #scheduleIfEarlier}), and an entry whose time differs from that is stale ({@link #isCurrent}).
 */
public final class DeadlineIndex {
    /** At most this many entries per tick, so one tick never holds the stream thread for long; the rest follow. */
    public static final int MAX_DUE_PER_TICK = 50_000;
    private static final Logger log = LoggerFactory.getLogger(DeadlineIndex.class);
    private static final byte[] EMPTY = new byte[0];
    private final KeyValueStore<Bytes, byte[]> store;
    /**
     * No entry is due before this time: scans start here rather than at the head of the store, where the entries
     * already taken linger as RocksDB tombstones until compaction (a scan from the head would step over every one
     * of them, a cost that grows with the fleet). Derived, not state: a new instance starts at 0 and scans from
     * the head once.
     */
    private long scanFrom = 0;

    public DeadlineIndex(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    /** One due entry: when it was set for, and what for. */
    public record Due(long time, Timer timer) {
    }

    /** The store an index lives in: keys are (time, timer) bytes, values empty. */
    public static StoreBuilder<KeyValueStore<Bytes, byte[]>> storeBuilder(String name, boolean caching) {
        StoreBuilder<KeyValueStore<Bytes, byte[]>> builder =
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray());
        return caching ? builder.withCachingEnabled() : builder;
    }

    public void schedule(long time, Timer timer) {
        scanFrom = Math.min(scanFrom, Math.max(0, time));
        store.put(key(time, timer), EMPTY);
    }

    /**
     * Lazy rescheduling: indexes {@code subject} at {@code next} only when that is earlier than where it already
     * sits ({@code indexedAt}, null for nowhere); a later time is reached by re-judging at the earlier entry.
     * Returns where the subject sits now, for the owner to keep with its state.
     */
    public Long scheduleIfEarlier(Long indexedAt, Long next, Timer timer) {
        if (next != null && (indexedAt == null || next < indexedAt)) {
            schedule(next, timer);
            return next;
        }
        return indexedAt;
    }

    /** Whether a due entry is the one its subject still sits under ({@code indexedAt}), not a stale one. */
    public static boolean isCurrent(Due due, Long indexedAt) {
        return indexedAt != null && indexedAt == due.time();
    }

    /** {@link #takeDue(long, int)} with the per-tick limit; says so in the log when the limit cut a tick short. */
    public List<Due> takeDue(long now) {
        List<Due> due = takeDue(now, MAX_DUE_PER_TICK);
        if (due.size() == MAX_DUE_PER_TICK) {
            log.info("{}: {} deadlines were due in one tick; the rest follow on the next tick", store.name(), MAX_DUE_PER_TICK);
        }
        return due;
    }

    /**
     * Removes and returns up to {@code limit} entries due at or before {@code now}, earliest first. Removing them
     * here keeps a crash between the scan and the owner's work safe: Streams commits both or neither.
     */
    public List<Due> takeDue(long now, int limit) {
        List<Due> due = new ArrayList<>();
        List<Bytes> keys = new ArrayList<>();
        Bytes from = Bytes.wrap(ByteBuffer.allocate(8).putLong(scanFrom).array());
        Bytes to = Bytes.wrap(ByteBuffer.allocate(8).putLong(Math.max(0, now) + 1).array());
        try (KeyValueIterator<Bytes, byte[]> it = store.range(from, to)) {
            while (it.hasNext() && due.size() < limit) {
                KeyValue<Bytes, byte[]> entry = it.next();
                byte[] k = entry.key.get();
                if (k.length < 8) {
                    continue;
                }
                long time = ByteBuffer.wrap(k, 0, 8).getLong();
                if (time > now) {
                    break;
                }
                due.add(new Due(time, Timer.decode(k, 8)));
                keys.add(entry.key);
            }
        }
        keys.forEach(store::delete);
        // All that was due is taken, or (at the limit) the rest is due at or after the last one taken.
        scanFrom = due.size() < limit ? Math.max(scanFrom, Math.max(0, now) + 1) : due.get(due.size() - 1).time();
        return due;
    }

    /** The earliest time in an index store, or null when it is empty (for replay, which jumps from due time to due time). */
    public static Long earliest(KeyValueStore<Bytes, byte[]> store) {
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            return it.hasNext() ? ByteBuffer.wrap(it.next().key.get(), 0, 8).getLong() : null;
        }
    }

    static Bytes key(long time, Timer timer) {
        byte[] id = timer.encode();
        return Bytes.wrap(ByteBuffer.allocate(8 + id.length).putLong(Math.max(0, time)).put(id).array());
    }
}
