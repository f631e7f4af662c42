package com.schoolops.sla.timers;

import com.schoolops.sla.metrics.ObservedContext;
import com.schoolops.sla.metrics.TaskCounters;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * Timers kept in a state store ordered by time: key = 8-byte big-endian deadline followed by the subject's
 * timer (its kind and id), so due timers are one range scan from the start of the store to now. A tick costs what is due, not what
 * is tracked. Entries are not updated in place: the owner keeps the time it last indexed a subject under
 * ({@link #scheduleIfEarlier}), and an entry whose time differs from that is stale ({@link #isCurrent}).
 */
public final class DeadlineIndex {
    /** At most this many entries per tick (a bound on the tick's memory); the rest follow on the next tick. */
    public static final int MAX_DUE_PER_TICK = 50_000;
    /**
     * A tick stops taking entries once it has worked this long; the rest follow on the next tick, one commit later.
     * Everything a tick does is in the task's open transaction, which the broker aborts (fencing the whole stream
     * thread) after {@code transaction.timeout.ms}, 5 s by default here: with 50,000 devices judged in one tick after a
     * district's power cut, the transaction stayed open longer than that on two cores, and the thread lost its tasks,
     * restored them and judged the cut again (BENCHMARKS, "The reconnect burst over ten runs"). A tick that runs out of time is a backlog the thread works off a quarter second at a time.
     */
    public static final long TICK_BUDGET_MS = 250;
    /** Entries are read this many at a time, so that a tick that runs out of time has not read many more. */
    static final int CHUNK = 1_000;
    /** A timer whose work keeps failing is set aside after this many tries (about 15 s with the default delay). */
    public static final int MAX_TRIES = 5;
    private static final long DEFAULT_RETRY_DELAY_MS = 1_000;
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

    private final long retryDelayMs;
    private final LongSupplier nanoClock;
    /** How long a tick may work, in nanoseconds ({@link #TICK_BUDGET_MS}, or unbounded {@link #offline}). */
    private long budgetNanos = TICK_BUDGET_MS * 1_000_000;
    /** Told how many entries each tick found due (metrics). */
    private IntConsumer onTick = due -> { };
    /** The store, and its task once known, for the log. */
    private String where;
    /** A backlog being worked off, for the log: when it began (nanos) and how much of it is done. Derived, not state. */
    private long backlogSince = -1;
    private long backlogTaken;
    private int backlogTicks;

    public DeadlineIndex(KeyValueStore<Bytes, byte[]> store) {
        this(store, DEFAULT_RETRY_DELAY_MS);
    }

    /** @param retryDelayMs the delay before a failed timer's first retry; it doubles with each further try */
    /**
     * Counts, per tick, how many entries were due ({@code timers-due} of the task's counters, tagged with the store)
     * when the owner's context is observed ({@link ObservedContext}); otherwise nothing is counted.
     */
    public DeadlineIndex observedBy(ProcessorContext<?, ?> context) {
        where = store.name() + " of task " + context.taskId();
        TaskCounters counters = ObservedContext.countersOf(context);
        if (counters != null) {
            Sensor due = counters.measure("timers-due", "looks at a deadline index (ticks and read marks), and the entries due at each",
                    "entries", "store", store.name());
            onTick = due::record;
        }
        return this;
    }

    /**
     * Offline (replay, tests: no transaction to outlive, and a clock that moves only when the driver moves it) a tick
     * takes everything due, up to {@link #MAX_DUE_PER_TICK}, so that what replay gives never depends on the machine's speed.
     */
    public DeadlineIndex offline() {
        budgetNanos = Long.MAX_VALUE;
        return this;
    }

    public DeadlineIndex(KeyValueStore<Bytes, byte[]> store, long retryDelayMs) {
        this(store, retryDelayMs, System::nanoTime);
    }

    /** @param nanoClock what a tick's time budget is measured on ({@link System#nanoTime} but in tests) */
    DeadlineIndex(KeyValueStore<Bytes, byte[]> store, long retryDelayMs, LongSupplier nanoClock) {
        this.store = store;
        this.retryDelayMs = retryDelayMs;
        this.nanoClock = nanoClock;
        this.where = store.name();
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

    /**
     * What an owner does when one of its timers is due. It may throw: the timer is then kept and tried again later
     * (unless Kafka threw: a fenced producer or a migrated task ends the task's work, not the timer).
     */
    @FunctionalInterface
    public interface Work {
        void run(Due due);
    }

    /** What an owner does with a timer whose work failed {@link #MAX_TRIES} times, before the index drops it. */
    @FunctionalInterface
    public interface GiveUp {
        void setAside(Due due, int tries, RuntimeException error);
    }

    /**
     * Runs the work of every entry due up to {@code upTo}, earliest first, for at most {@link #TICK_BUDGET_MS} (and
     * {@link #MAX_DUE_PER_TICK} entries); the rest follow on the next tick. An entry is deleted when its work has
     * returned, so Streams commits the deletion with the work's outputs and state, or neither. An entry whose work
     * throws stays in the index, moved to {@code upTo} plus a delay that doubles with each try; after
     * {@link #MAX_TRIES} tries it goes to {@code giveUp} and is dropped. The other entries go on either way.
     * (Work that throws half way may have forwarded records already; the owners compute first and write last.)
     * What the work schedules at or before {@code upTo} is taken on the next tick.
     */
    public void runDue(long upTo, Work work, GiveUp giveUp) {
        runDue(upTo, MAX_DUE_PER_TICK, work, giveUp);
    }

    /** {@link #runDue(long, Work, GiveUp)} with at most {@code limit} entries (tests use a small one). */
    void runDue(long upTo, int limit, Work work, GiveUp giveUp) {
        long started = nanoClock.getAsLong();
        long tickFrom = scanFrom;
        // While the tick runs, scanFrom only notes the earliest time its work schedules (schedule() lowers it).
        scanFrom = Long.MAX_VALUE;
        long resumeAt = tickFrom; // where the next tick starts; here if this one ends in an exception
        int taken = 0;
        Bytes last = null;
        boolean allTaken = false;
        try {
            Bytes from = timeKey(tickFrom);
            while (taken < limit) {
                int want = Math.min(CHUNK, limit - taken);
                List<Entry> chunk = scan(from, upTo, want);
                int ran = 0;
                for (Entry e : chunk) {
                    run(e, upTo, work, giveUp);
                    ran++;
                    last = e.key();
                    if (outOfTime(started)) {
                        break;
                    }
                }
                taken += ran;
                if (chunk.size() < want && ran == chunk.size()) {
                    allTaken = true;
                    break;
                }
                if (ran < chunk.size() || outOfTime(started)) {
                    break;
                }
                from = after(last);
            }
            // Entries may be left at the time of the last one taken (the same time, a later timer): resume there.
            resumeAt = allTaken ? Math.max(tickFrom, Math.max(0, upTo) + 1) : last == null ? tickFrom : timeOf(last);
        } finally {
            scanFrom = Math.min(scanFrom, resumeAt);
        }
        onTick.accept(taken);
        noteBacklog(taken, !allTaken, started);
    }

    private boolean outOfTime(long tickStarted) {
        return nanoClock.getAsLong() - tickStarted >= budgetNanos;
    }

    private void run(Entry e, long upTo, Work work, GiveUp giveUp) {
        try {
            work.run(e.due());
            store.delete(e.key());
        } catch (StreamsException framework) {
            throw framework; // Kafka's own (a fenced producer, a migrated task): the task's fate, not this timer's
        } catch (RuntimeException error) {
            store.delete(e.key());
            int tries = e.tries() + 1;
            if (tries >= MAX_TRIES) {
                log.error("{}: timer {} due {} failed {} times and is set aside (dead-letters): {}", store.name(), e.due().timer(),
                        Instant.ofEpochMilli(e.due().time()), tries, error.toString(), error);
                giveUp.setAside(e.due(), tries, error);
            } else {
                long retryAt = Math.max(upTo, e.due().time()) + (retryDelayMs << (tries - 1));
                log.warn("{}: timer {} due {} failed (try {} of {}), tried again at {}: {}", store.name(), e.due().timer(),
                        Instant.ofEpochMilli(e.due().time()), tries, MAX_TRIES, Instant.ofEpochMilli(retryAt), error.toString());
                store.put(key(retryAt, e.due().timer()), new Retry(tries, e.due().time()).encode());
            }
        }
    }

    /**
     * Logs a backlog when it is worked off: at INFO when that took a second or more (a district's power cut), at DEBUG
     * otherwise, and its start at DEBUG; not at every tick in between.
     */
    private void noteBacklog(int taken, boolean left, long tickStarted) {
        if (left && backlogSince < 0) {
            backlogSince = tickStarted;
            backlogTaken = 0;
            backlogTicks = 0;
            log.debug("{}: more deadlines are due than one tick takes ({} in {} ms); the rest follow, a tick at a time between commits",
                    where, taken, TICK_BUDGET_MS);
        }
        if (backlogSince >= 0) {
            backlogTaken += taken;
            backlogTicks++;
            if (!left) {
                long tookMs = (nanoClock.getAsLong() - backlogSince) / 1_000_000;
                String done = "{}: a backlog of due deadlines is worked off: {} over {} ticks of at most {} ms, in {} ms";
                if (tookMs >= 1_000) {
                    log.info(done, where, backlogTaken, backlogTicks, TICK_BUDGET_MS, tookMs);
                } else {
                    log.debug(done, where, backlogTaken, backlogTicks, TICK_BUDGET_MS, tookMs);
                }
                backlogSince = -1;
            }
        }
    }

    /** An entry as stored: a retried one carries its tries and the time it was first due in its value. */
    private record Entry(Bytes key, Due due, int tries) {
    }

    /**
     * The value of a retried entry: how often its work failed, and when it was first due (so the owner still sees the
     * time its subject sits under). A first try's value is empty. Stored as 4 + 8 bytes, big-endian.
     */
    record Retry(int tries, long firstDue) {
        private static final int SIZE = 12;

        byte[] encode() {
            return ByteBuffer.allocate(SIZE).putInt(tries).putLong(firstDue).array();
        }

        /** The retry state of an entry's value, or null for an entry not tried yet. */
        static Retry decode(byte[] value) {
            if (value == null || value.length == 0) {
                return null;
            }
            if (value.length != SIZE) {
                throw new IllegalStateException("a deadline entry's value is empty or a retry of " + SIZE + " bytes, not " + value.length);
            }
            ByteBuffer b = ByteBuffer.wrap(value);
            return new Retry(b.getInt(), b.getLong());
        }
    }

    /** Up to {@code limit} entries from {@code from} (a key) to {@code now}, earliest first. */
    private List<Entry> scan(Bytes from, long now, int limit) {
        List<Entry> due = new ArrayList<>();
        Bytes to = timeKey(Math.max(0, now) + 1);
        if (from.compareTo(to) >= 0) {
            return due;
        }
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
                Retry retry = Retry.decode(entry.value);
                due.add(new Entry(entry.key, new Due(retry != null ? retry.firstDue() : time, Timer.decode(k, 8)),
                        retry != null ? retry.tries() : 0));
            }
        }
        return due;
    }

    /** The first key at {@code time}. */
    private static Bytes timeKey(long time) {
        return Bytes.wrap(ByteBuffer.allocate(8).putLong(Math.max(0, time)).array());
    }

    /** The first key after {@code key}: itself with a zero byte appended. */
    private static Bytes after(Bytes key) {
        return Bytes.wrap(Arrays.copyOf(key.get(), key.get().length + 1));
    }

    private static long timeOf(Bytes key) {
        return ByteBuffer.wrap(key.get(), 0, 8).getLong();
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
