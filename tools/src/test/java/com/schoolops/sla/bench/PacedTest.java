package com.schoolops.sla.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class PacedTest {
    private final Paced threeEverySecond = new Paced(1_000_000, 1_000, 3);

    @Test
    void nothingIsDueBeforeTheFirst() {
        assertEquals(0, threeEverySecond.dueBy(999_999));
        assertEquals(0, threeEverySecond.dueBy(Long.MIN_VALUE));
    }

    @Test
    void eachIsDueAtItsInstant() {
        assertEquals(1, threeEverySecond.dueBy(1_000_000));
        assertEquals(1, threeEverySecond.dueBy(1_000_999));
        assertEquals(2, threeEverySecond.dueBy(1_001_000));
        assertEquals(3, threeEverySecond.dueBy(1_002_000));
        assertEquals(1_002_000, threeEverySecond.lastAt());
    }

    @Test
    void neverMoreThanThereAre() {
        assertEquals(3, threeEverySecond.dueBy(Long.MAX_VALUE));
    }
}
