package com.schoolops.sla.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PercentilesTest {
    @Test
    void ofThreeHundredTimesTheP99IsThe297thSmallest() {
        List<Long> times = new ArrayList<>();
        for (long ms = 1; ms <= 300; ms++) {
            times.add(ms * 10);
        }
        Collections.shuffle(times, new java.util.Random(7));
        Percentiles p = Percentiles.of(times);
        assertEquals(new Percentiles(300, 1500, 2970, 3000), p);
        assertEquals("p50 1.50 s, p99 2.97 s, max 3.00 s", p.inSeconds());
    }

    @Test
    void oneTimeIsEveryPercentile() {
        assertEquals(new Percentiles(1, 840, 840, 840), Percentiles.of(List.of(840L)));
    }

    @Test
    void aNegativeStepIsKeptAsMeasured() {
        // The engine's record timestamp is its cached wall clock: a step may come out a few ms below zero.
        assertEquals(new Percentiles(3, -4, 12, 12), Percentiles.of(List.of(12L, -4L, -9L)));
    }

    @Test
    void nothingMeasuredHasNoPercentiles() {
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(List.of()));
    }
}
