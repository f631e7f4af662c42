package com.schoolops.sla.app;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Says at INFO how restoring state from the changelogs goes (after a crash, on a new machine, when a task moves): when
 * it starts and how much, every {@link #EVERY_MS} how far, and when it is done, with the time it took. One line per
 * step for all stores together, not one per store.
 */
final class RestoreProgress implements StateRestoreListener {
    private static final Logger log = LoggerFactory.getLogger(RestoreProgress.class);
    static final long EVERY_MS = 10_000;

    private final AtomicInteger restoring = new AtomicInteger();
    private final AtomicLong toRestore = new AtomicLong();
    private final AtomicLong restored = new AtomicLong();
    private final AtomicLong startedAt = new AtomicLong();
    private final AtomicLong loggedAt = new AtomicLong();

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
        long records = Math.max(0, endingOffset - startingOffset);
        if (restoring.getAndIncrement() == 0) {
            startedAt.set(System.currentTimeMillis());
            loggedAt.set(System.currentTimeMillis());
            toRestore.set(0);
            restored.set(0);
        }
        toRestore.addAndGet(records);
        if (records > 0) {
            log.debug("Restoring {} from {}: {} records", store, partition, records);
        }
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        long done = restored.addAndGet(numRestored);
        long now = System.currentTimeMillis();
        long last = loggedAt.get();
        if (now - last >= EVERY_MS && loggedAt.compareAndSet(last, now)) {
            log.info("Restoring state from the changelogs: {} of {} records, {} s so far", done, toRestore.get(), (now - startedAt.get()) / 1000);
        }
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
        if (restoring.decrementAndGet() == 0 && restored.get() > 0) {
            log.info("State restored from the changelogs: {} records in {} s", restored.get(), (System.currentTimeMillis() - startedAt.get()) / 1000);
        }
    }
}
