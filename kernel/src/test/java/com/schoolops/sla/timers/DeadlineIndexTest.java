package com.schoolops.sla.timers;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DeadlineIndexTest {
    KeyValueStore<Bytes, byte[]> store;
    DeadlineIndex index;

    /** Runs what is due up to {@code now} (at most {@code limit}) with work that only notes it, and returns it. */
    List<DeadlineIndex.Due> take(long now, int limit) {
        List<DeadlineIndex.Due> due = new ArrayList<>();
        index.runDue(now, limit, due::add, (d, tries, error) -> fail("nothing fails here"));
        return due;
    }

    @BeforeEach
    void setUp() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("deadlines"), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        index = new DeadlineIndex(store);
    }

    @Test
    void returnsWhatIsDueEarliestFirstAndRemovesIt() {
        index.schedule(3_000, device("c"));
        index.schedule(1_000, device("a"));
        index.schedule(2_000, device("b"));
        index.schedule(9_000, device("later"));

        assertEquals(List.of(new DeadlineIndex.Due(1_000, device("a")), new DeadlineIndex.Due(2_000, device("b")), new DeadlineIndex.Due(3_000, device("c"))),
                take(3_000, 100));
        assertEquals(List.of(), take(8_999, 100));
        assertEquals(1, store.approximateNumEntries(), "only the later entry is left");
    }

    @Test
    void ordersByTimeAcrossByteBoundariesAndKeepsTheLimit() {
        long[] times = {255, 256, 65_535, 65_536, 1_772_413_200_000L};
        for (long t : times) {
            index.schedule(t, site("s" + t));
        }
        assertEquals(List.of(255L, 256L), take(Long.MAX_VALUE - 1, 2).stream().map(DeadlineIndex.Due::time).toList());
        assertEquals(List.of(65_535L, 65_536L, 1_772_413_200_000L),
                take(Long.MAX_VALUE - 1, 10).stream().map(DeadlineIndex.Due::time).toList());
    }

    @Test
    void aScanStartsWhereTheLastEndedUnlessAnEarlierTimeIsScheduled() {
        index.schedule(1_000, device("a"));
        assertEquals(1, take(5_000, 10).size());
        // Written behind the index's back, before the last scan's end: a scan no longer looks there.
        store.put(DeadlineIndex.key(2_000, device("behind")), new byte[0]);
        assertEquals(List.of(), take(6_000, 10));
        // Scheduling an earlier time through the index moves the start back, so nothing scheduled is ever missed.
        index.schedule(1_500, device("late"));
        assertEquals(List.of(new DeadlineIndex.Due(1_500, device("late")), new DeadlineIndex.Due(2_000, device("behind"))), take(6_000, 10));
    }

    @Test
    void atTheLimitTheNextScanResumesAtTheLastTimeTaken() {
        index.schedule(7, site("a"));
        index.schedule(7, site("b"));
        index.schedule(8, site("c"));
        assertEquals(List.of(new DeadlineIndex.Due(7, site("a"))), take(100, 1));
        assertEquals(List.of(new DeadlineIndex.Due(7, site("b")), new DeadlineIndex.Due(8, site("c"))), take(100, 10));
    }

    @Test
    void aTickStopsWhenItsTimeIsUpAndTheNextTakesTheRestInOrder() {
        // A district's power cut: more is due than one tick may take inside the task's transaction.
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        index = new DeadlineIndex(store, 1_000, nanos::get);
        for (int i = 0; i < 10; i++) {
            index.schedule(1_000 + i / 2, device("d" + i)); // two at each time: a stop may fall between them
        }
        long workMs = 100;
        List<List<String>> ticks = new ArrayList<>();
        while (store.approximateNumEntries() > 0 && ticks.size() < 20) {
            List<String> tick = new ArrayList<>();
            index.runDue(5_000, due -> {
                tick.add(due.timer().id());
                nanos.addAndGet(workMs * 1_000_000);
            }, (d, tries, error) -> fail("nothing fails here"));
            ticks.add(tick);
        }
        long perTick = (DeadlineIndex.TICK_BUDGET_MS + workMs - 1) / workMs; // the entry that uses the budget up is the last
        assertEquals(List.of("d0", "d1", "d2"), ticks.get(0), "the first tick stops once its " + DeadlineIndex.TICK_BUDGET_MS + " ms are used");
        assertEquals(perTick, ticks.get(0).size());
        assertEquals(java.util.stream.IntStream.range(0, 10).mapToObj(i -> "d" + i).toList(),
                ticks.stream().flatMap(List::stream).toList(), "every entry once, earliest first, across the ticks");
        assertEquals(4, ticks.size());
    }

    @Test
    void offlineATickTakesEverythingDueHoweverLongItWorks() {
        // Replay and tests: no transaction, and what replay gives must not depend on the machine's speed.
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        index = new DeadlineIndex(store, 1_000, nanos::get).offline();
        for (int i = 0; i < 10; i++) {
            index.schedule(1_000 + i, device("d" + i));
        }
        List<String> tick = new ArrayList<>();
        index.runDue(5_000, due -> {
            tick.add(due.timer().id());
            nanos.addAndGet(DeadlineIndex.TICK_BUDGET_MS * 1_000_000);
        }, (d, tries, error) -> fail("nothing fails here"));
        assertEquals(10, tick.size());
    }

    @Test
    void aTickWithTimeLeftReadsOnPastOneChunk() {
        int due = DeadlineIndex.CHUNK * 2 + 500;
        for (int i = 0; i < due; i++) {
            index.schedule(1_000 + i % 7, device(String.format("d%05d", i)));
        }
        index.schedule(9_000, device("later"));
        List<DeadlineIndex.Due> taken = take(5_000, DeadlineIndex.MAX_DUE_PER_TICK);
        assertEquals(due, taken.size());
        assertEquals(due, taken.stream().map(DeadlineIndex.Due::timer).distinct().count(), "none twice");
        assertEquals(taken.stream().map(DeadlineIndex.Due::time).sorted().toList(), taken.stream().map(DeadlineIndex.Due::time).toList());
        assertEquals(1, store.approximateNumEntries(), "only the later entry is left");
    }

    @Test
    void aSubjectIsIndexedAgainOnlyForAnEarlierTimeAndOnlyItsCurrentEntryCounts() {
        Long at = index.scheduleIfEarlier(null, 5_000L, device("x"));
        assertEquals(5_000L, at);
        assertEquals(5_000L, index.scheduleIfEarlier(at, 9_000L, device("x")), "a later time waits: the 5 s entry re-judges");
        assertEquals(5_000L, index.scheduleIfEarlier(at, null, device("x")));
        at = index.scheduleIfEarlier(at, 2_000L, device("x"));
        assertEquals(2_000L, at);
        assertEquals(2, store.approximateNumEntries(), "the 5 s entry stays, stale");

        List<DeadlineIndex.Due> due = take(6_000, 10);
        assertEquals(List.of(true, false), due.stream().map(d -> DeadlineIndex.isCurrent(d, 2_000L)).toList());
        assertFalse(DeadlineIndex.isCurrent(due.get(0), null), "a subject that sits nowhere has no current entry");
    }

    @Test
    void theSameSubjectAndTimeIsOneEntry() {
        index.schedule(5, site("site-1"));
        index.schedule(5, site("site-1"));
        index.schedule(6, site("site-2"));
        assertEquals(List.of(new DeadlineIndex.Due(5, site("site-1")), new DeadlineIndex.Due(6, site("site-2"))), take(10, 10));
    }

    @Test
    void anEntryIsDeletedOnlyWithItsWorkAndOneThatFailsIsTriedAgainLaterThenSetAsideWhileTheOthersGoOn() {
        index = new DeadlineIndex(store, 1_000);
        index.schedule(1_000, ticket("ok-1"));
        index.schedule(1_000, ticket("poison"));
        index.schedule(1_000, ticket("ok-2"));
        List<String> done = new ArrayList<>();
        List<String> setAside = new ArrayList<>();
        DeadlineIndex.Work work = due -> {
            if (due.timer().id().equals("poison")) {
                throw new IllegalStateException("contract gone");
            }
            done.add(due.timer().id() + "@" + due.time());
        };
        DeadlineIndex.GiveUp giveUp = (due, tries, error) -> setAside.add(due.timer().id() + "@" + due.time() + " after " + tries + ": " + error.getMessage());

        index.runDue(5_000, work, giveUp);
        assertEquals(List.of("ok-1@1000", "ok-2@1000"), done, "the others of the tick go on");
        assertEquals(1, store.approximateNumEntries(), "the failed entry stays");
        // Tried again after 1 s, 2 s, 4 s, 8 s: at 6 s, 8 s, 12 s, 20 s; the fifth failure sets it aside.
        long[] ticks = {5_999, 6_000, 7_999, 8_000, 11_999, 12_000, 19_999, 20_000};
        int[] setAsideAfter = {0, 0, 0, 0, 0, 0, 0, 1};
        for (int i = 0; i < ticks.length; i++) {
            index.runDue(ticks[i], work, giveUp);
            assertEquals(setAsideAfter[i], setAside.size(), "at " + ticks[i]);
        }
        assertEquals(List.of("poison@1000 after 5: contract gone"), setAside, "handed over with the time it was first due");
        assertEquals(0, store.approximateNumEntries(), "then dropped");
    }

    @Test
    void aRetriedEntryIsStillTheSubjectsCurrentOne() {
        index = new DeadlineIndex(store, 1_000);
        Long at = index.scheduleIfEarlier(null, 2_000L, device("d"));
        boolean[] fail = {true};
        List<Boolean> current = new ArrayList<>();
        DeadlineIndex.Work work = due -> {
            current.add(DeadlineIndex.isCurrent(due, at));
            if (fail[0]) {
                fail[0] = false;
                throw new IllegalStateException("once");
            }
        };
        index.runDue(2_000, work, (due, tries, error) -> fail("not set aside"));
        index.runDue(3_000, work, (due, tries, error) -> fail("not set aside"));
        assertEquals(List.of(true, true), current, "the owner recognises its entry when it comes back");
    }

    @Test
    void whatTheWorkSchedulesAtOrBeforeTheTickIsTakenOnTheNextTick() {
        index.schedule(1_000, device("d"));
        List<String> done = new ArrayList<>();
        index.runDue(5_000, due -> {
            done.add(due.timer().id());
            if (due.timer().tag() == DEVICE) {
                index.schedule(2_000, site("s")); // e.g. its site, at the end of the window its verdict fell in
            }
        }, (due, tries, error) -> fail("not set aside"));
        index.runDue(5_000, due -> done.add(due.timer().id()), (due, tries, error) -> fail("not set aside"));
        assertEquals(List.of("d", "s"), done);
    }

    @Test
    void kafkasOwnErrorEndsTheTicksWorkAndKeepsTheTimerUntouchedForTheNextOwner() {
        index.schedule(1_000, device("a"));
        assertThrows(org.apache.kafka.streams.errors.TaskMigratedException.class, () -> index.runDue(2_000, due -> {
            throw new org.apache.kafka.streams.errors.TaskMigratedException("fenced");
        }, (due, tries, error) -> fail("a migrated task is not the timer's failure")));
        assertEquals(1, store.approximateNumEntries(), "not deleted, not moved to a retry");
        assertNotNull(store.get(DeadlineIndex.key(1_000, device("a"))));
    }

    @Test
    void aRetryIsStoredAsItsTriesThenItsFirstDueTimeAndAFirstTryAsNothing() {
        byte[] stored = new DeadlineIndex.Retry(3, 1_234L).encode();
        assertArrayEquals(java.nio.ByteBuffer.allocate(12).putInt(3).putLong(1_234L).array(), stored, "the released layout");
        assertEquals(new DeadlineIndex.Retry(3, 1_234L), DeadlineIndex.Retry.decode(stored));
        assertNull(DeadlineIndex.Retry.decode(new byte[0]));
        assertThrows(IllegalStateException.class, () -> DeadlineIndex.Retry.decode(new byte[5]));
    }

    /** Timers of the kinds a stage would declare (tags as stored). */
    private static final byte DEVICE = 'D';

    private static Timer device(String id) {
        return new Timer(DEVICE, id);
    }

    private static Timer site(String id) {
        return new Timer((byte) 'S', id);
    }

    private static Timer ticket(String id) {
        return new Timer((byte) 'T', id);
    }
}
