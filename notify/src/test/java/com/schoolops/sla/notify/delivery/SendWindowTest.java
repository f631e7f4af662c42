package com.schoolops.sla.notify.delivery;

import com.schoolops.sla.notify.routes.RateLimit;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A robot's sliding window: the 21st message of a minute waits for the first to leave it, across a restart too. */
class SendWindowTest {
    static final List<RateLimit> ROBOT = List.of(new RateLimit(20, Duration.ofMinutes(1)));

    @Test
    void twentyGoAtOnceTheTwentyFirstWhenTheFirstIsAMinuteOld() {
        SendWindow w = new SendWindow(ROBOT);
        for (int i = 0; i < 20; i++) {
            assertEquals(1_000 + i, w.nextAt(1_000 + i));
            w.sent(1_000 + i);
        }
        assertEquals(61_000, w.nextAt(1_020));
        w.sent(61_000);
        assertEquals(61_001, w.nextAt(61_000), "then each as the one twenty before it leaves the minute");
    }

    @Test
    void requestsInTheSameMillisecondEachCount() {
        SendWindow w = new SendWindow(ROBOT);
        for (int i = 0; i < 20; i++) {
            w.sent(5_000);
        }
        assertEquals(65_000, w.nextAt(5_000));
    }

    @Test
    void aFeishuBotKeepsBothItsMinuteAndItsSecond() {
        SendWindow w = new SendWindow(List.of(new RateLimit(100, Duration.ofMinutes(1)), new RateLimit(5, Duration.ofSeconds(1))));
        for (int i = 0; i < 5; i++) {
            w.sent(0);
        }
        assertEquals(1_000, w.nextAt(0), "five a second");
        for (int s = 1; s < 20; s++) {
            for (int i = 0; i < 5; i++) {
                w.sent(s * 1_000L);
            }
        }
        assertEquals(60_000, w.nextAt(19_001), "a hundred a minute");
    }

    @Test
    void theWindowSurvivesARestartThroughTheOffsetsMetadataCountingEachRequestOnceWhateverThePartitionsSay() {
        SendWindow before = new SendWindow(ROBOT);
        for (int i = 0; i < 20; i++) {
            before.sent(10_000 + i * 100L);
        }
        String metadata = before.encode();
        SendWindow after = new SendWindow(ROBOT);
        after.merge(metadata);
        after.merge(metadata); // the same window in another partition's commit
        after.merge("something else");
        assertEquals(70_000, after.nextAt(12_000));
        assertEquals(metadata, after.encode());
    }

    @Test
    void twoInstancesSharingTheReceiversPartitionsKeepHalfTheLimitEach() {
        SendWindow w = new SendWindow(ROBOT);
        w.share(2, 4);
        for (int i = 0; i < 10; i++) {
            w.sent(0);
        }
        assertEquals(60_000, w.nextAt(0));
        w.share(4, 4);
        assertEquals(0, w.nextAt(0), "all the partitions: the whole limit");
    }

    @Test
    void aReceiverThatSaidTooFastTakesNothingForAWholeWindow() {
        SendWindow w = new SendWindow(ROBOT);
        w.refused(3_000);
        assertEquals(63_000, w.nextAt(3_000));
    }
}
