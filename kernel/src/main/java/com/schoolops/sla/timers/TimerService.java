package com.schoolops.sla.timers;

import com.schoolops.sla.deadletter.DeadLetter;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.util.function.LongFunction;
import java.util.function.LongUnaryOperator;

/**
 * A stage's timers, typed by the stage's own key, as Flink's {@code TimerService} hides its queue: the stage only
 * schedules and handles {@link OnTimer#onTimer}. Built in, the same for every stage: the time-ordered
 * {@link DeadlineIndex} (at most {@link DeadlineIndex#TICK_BUDGET_MS} of work a tick, live), the watermark gate (nothing is due
 * past what has been read), the staleness rule (an entry other than the one its subject sits under is dropped
 * unread), retry, and the give-up on dead-letters.
 *
 * @param <K> the stage's timer key; its {@link TimerKeys} writes it as the stage's own tag byte and its id in UTF-8
 */
public final class TimerService<K> {
    /** What a stage does when a timer is due at {@code time}; it may throw (then it is tried again, and set aside). */
    @FunctionalInterface
    public interface OnTimer<K> {
        void onTimer(K key, long time);
    }

    /**
     * Where a subject's entry sits now: its time, null when it sits nowhere (gone; every entry of it is stale), or
     * {@link #EVERY_ENTRY} for a subject whose entries are never moved (each one counts).
     */
    @FunctionalInterface
    public interface Placement<K> {
        Long indexedAt(K key);
    }

    /** A subject whose every entry counts. */
    public static final Long EVERY_ENTRY = Long.MIN_VALUE;

    /** Where a set-aside timer goes: the owner's dead-letters output. */
    @FunctionalInterface
    public interface DeadLetters {
        void setAside(String key, DeadLetter letter, long now);
    }

    private final String store;
    private final DeadlineIndex index;
    private final TimerKeys<K> keys;
    private final LongUnaryOperator watermark;
    private final Placement<K> placement;
    private final DeadLetters deadLetters;

    private TimerService(String store, DeadlineIndex index, TimerKeys<K> keys, LongUnaryOperator watermark, Placement<K> placement,
                         DeadLetters deadLetters) {
        this.store = store;
        this.index = index;
        this.keys = keys;
        this.watermark = watermark;
        this.placement = placement;
        this.deadLetters = deadLetters;
    }

    /** The store of a stage's timers (its name names the changelog: it never changes). */
    public static StoreBuilder<KeyValueStore<Bytes, byte[]>> store(String name, boolean caching) {
        return DeadlineIndex.storeBuilder(name, caching);
    }

    /**
     * The stage's timers in its task: in {@code store}, keyed by {@code keys}, due up to {@code watermark} (the
     * instant up to which the input is read, at a wall-clock time), stale as {@code placement} says, and set aside
     * on {@code deadLetters} when their work keeps failing.
     */
    public static <K> TimerService<K> open(ProcessorContext<?, ?> context, String store, TimerKeys<K> keys, LongUnaryOperator watermark,
                                           Placement<K> placement, DeadLetters deadLetters) {
        KeyValueStore<Bytes, byte[]> index = context.getStateStore(store);
        return new TimerService<>(store, new DeadlineIndex(index).observedBy(context), keys, watermark, placement, deadLetters);
    }

    /**
     * Live, a tick works at most {@link DeadlineIndex#TICK_BUDGET_MS} inside the task's transaction; offline (replay,
     * tests: {@code live} false) it takes everything due, so that replay never depends on the machine's speed.
     */
    public TimerService<K> live(boolean live) {
        if (!live) {
            index.offline();
        }
        return this;
    }

    /** A timer at {@code time}; one at the same time for the same key is the same entry. */
    public void schedule(K key, long time) {
        index.schedule(time, keys.timer(key));
    }

    /**
     * Lazy rescheduling: sets {@code key}'s timer at {@code next} only when that is earlier than where it already sits
     * ({@code indexedAt}, null for nowhere); returns where it sits now, for the stage to keep with its state (its
     * {@link Placement}).
     */
    public Long scheduleIfEarlier(Long indexedAt, Long next, K key) {
        return index.scheduleIfEarlier(indexedAt, next, keys.timer(key));
    }

    /**
     * Runs every timer due up to the watermark at {@code now}, earliest first; {@code handler} is given that watermark
     * (what fell due is judged as of what has been read). Returns the watermark it ran up to.
     */
    public long runDue(long now, LongFunction<OnTimer<K>> handler) {
        long upTo = watermark.applyAsLong(now);
        OnTimer<K> onTimer = handler.apply(upTo);
        index.runDue(upTo, due -> {
            K key = keys.key(due.timer());
            Long at = placement.indexedAt(key);
            if (at != null && (at.longValue() == EVERY_ENTRY || DeadlineIndex.isCurrent(due, at))) {
                onTimer.onTimer(key, due.time());
            } // else stale: its subject sits elsewhere now, or is gone
        }, (due, tries, error) -> deadLetters.setAside(due.timer().id(),
                DeadLetter.SetAsideTimer.of(store, keys.kind(due.timer()), due.timer().id(), due.time(), tries, error), now));
        return upTo;
    }
}
