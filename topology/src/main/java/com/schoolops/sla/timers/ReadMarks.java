package com.schoolops.sla.timers;

import com.schoolops.sla.state.ReadMark;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * A site task's watermark, carried in band: every task that reads the inputs sends a {@link ReadMark} to every site
 * partition after each tick, behind all it told the sites for the input read up to the mark (the silences due by then
 * included). The site's watermark is the lowest mark of all those tasks, so a site judges nothing before every device
 * that could change the verdict has been heard from, wherever its input partition is read.
 * <p>
 * The marks are derived, not state: they live in a store without a changelog, and a restored task waits for the next
 * marks (one tick) before it judges.
 */
public final class ReadMarks implements InputWatermark {
    private final KeyValueStore<Integer, Long> marks;
    private final InputWatermark inputs;

    private ReadMarks(KeyValueStore<Integer, Long> marks, InputWatermark inputs) {
        this.marks = marks;
        this.inputs = inputs;
    }

    /** The store of the newest mark of each reading task, in memory. */
    public static StoreBuilder<KeyValueStore<Integer, Long>> storeBuilder() {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(TimerStores.READ_MARKS), Serdes.Integer(), Serdes.Long()).withLoggingDisabled();
    }

    /** The marks of this task, whose reading tasks are counted by {@code inputs}. */
    public static ReadMarks of(ProcessorContext<?, ?> context, InputWatermark inputs) {
        return new ReadMarks(context.getStateStore(TimerStores.READ_MARKS), inputs);
    }

    /** Takes a mark; marks do not go back (a task that moved to another instance starts again from what it reads). */
    public void record(ReadMark mark) {
        Long before = marks.get(mark.getSender());
        if (before == null || mark.getUpTo() > before) {
            marks.put(mark.getSender(), mark.getUpTo());
        }
    }

    @Override
    public long readUpTo(long now) {
        int readers = inputs.readers();
        if (readers == 0) {
            return Long.MIN_VALUE;
        }
        long upTo = now;
        for (int sender = 0; sender < readers; sender++) {
            Long mark = marks.get(sender);
            if (mark == null) {
                return Long.MIN_VALUE;
            }
            upTo = Math.min(upTo, mark);
        }
        return upTo;
    }

    @Override
    public int readers() {
        return inputs.readers();
    }
}
