package com.schoolops.sla.http.actions;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** A reported fault's ticket id: the local day it was reported, six characters no one misreads, never one in use. */
class TicketIdsTest {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void theDayIsTheConsolesLocalDayAndTheRestReadsUnambiguously() {
        TicketIds ids = new TicketIds(SHANGHAI, new SplittableRandom(38));
        Instant lateEvening = Instant.parse("2026-12-06T16:30:00Z"); // 00:30 on 7 December in Shanghai
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            String id = ids.next(lateEvening, taken -> false);
            assertTrue(id.matches("W-20261207-[0-9A-HJKMNP-TV-Z]{6}"), "no I, L, O or U: " + id);
            seen.add(id);
        }
        assertEquals(2_000, seen.size(), "no two alike in two thousand");
    }

    @Test
    void anIdTheEngineKeepsATicketUnderIsDrawnAgain() {
        Instant now = Instant.parse("2026-12-07T02:30:00Z");
        String first = new TicketIds(SHANGHAI, new SplittableRandom(7)).next(now, taken -> false);
        String next = new TicketIds(SHANGHAI, new SplittableRandom(7)).next(now, first::equals);
        assertNotEquals(first, next);
        assertThrows(IllegalStateException.class, () -> new TicketIds(SHANGHAI, new SplittableRandom(7)).next(now, taken -> true));
    }
}
