package com.schoolops.sla.notify.planner;

import com.schoolops.sla.state.NotifyDigest;
import com.schoolops.sla.timers.TimerKeys;
import com.schoolops.sla.timers.TimerService;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.function.Consumer;
import java.util.function.LongUnaryOperator;

/**
 * The digest stage's digests in two changelogged stores: {@code notify-digests-store} by group key, and their timers in
 * {@code notify-digest-due-store} (the engine's {@link TimerService}, as the pages' are). A digest's timer is current while
 * the digest is due at its time.
 */
final class Digests {
    /** The one kind of the digests' timers: the next digest. Its tag is in the changelog: it never changes. */
    static final TimerKeys<String> TIMER_KEYS = TimerKeys.of(new TimerKeys.Kind<>('g', "digest", id -> id), id -> id);

    private final KeyValueStore<String, NotifyDigest> digests;
    private final TimerService<String> timers;

    Digests(ProcessorContext<?, ?> context, TimerService.DeadLetters deadLetters) {
        this.digests = context.getStateStore(PlannerStores.DIGESTS);
        this.timers = TimerService.open(context, PlannerStores.DIGEST_DUE, TIMER_KEYS, LongUnaryOperator.identity(), this::dueAt, deadLetters);
    }

    NotifyDigest get(String groupKey) {
        return digests.get(groupKey);
    }

    /** Writes the digest, with a timer at its due time when that changed ({@code previousDueAt}: when it was due before). */
    void save(NotifyDigest digest, Long previousDueAt) {
        if (digest.getDueAt() != null && !digest.getDueAt().equals(previousDueAt)) {
            timers.schedule(digest.getGroupKey(), digest.getDueAt());
        }
        digests.put(digest.getGroupKey(), digest);
    }

    /** Over: its timer, if any, is stale from now on. */
    void delete(NotifyDigest digest) {
        digests.delete(digest.getGroupKey());
    }

    /** Gives {@code step} each digest due at or before {@code now}, earliest first. */
    void runDue(long now, Consumer<NotifyDigest> step) {
        timers.runDue(now, upTo -> (key, time) -> step.accept(digests.get(key)));
    }

    private Long dueAt(String groupKey) {
        NotifyDigest d = digests.get(groupKey);
        return d == null ? null : d.getDueAt();
    }
}
