package com.schoolops.sla.bench;

import com.schoolops.sla.testing.MainRunner;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Keeps the benchmark runnable: tiny sizes, and what it reports, never how fast (BENCHMARKS.md has the numbers). */
class BenchCommandTest {
    @Test
    void theBenchmarkRunsAndReportsItsTable() {
        MainRunner.Result r = MainRunner.run("bench", "--only", "ticks,tickets", "--tick-devices", "300", "--tickets", "200");
        assertEquals(0, r.code(), r.err());
        // The punctuation probe must have timed something: a tick with 20 devices going DOWN is never free.
        assertTrue(r.out().matches("(?s).*\\| tick cost, 300 devices tracked, ~20 due: tick work p50 / p99\\s+\\|\\s+(?!0\\.00 /)[\\d.]+ / [\\d.]+ ms.*"), r.out());
        assertTrue(r.out().contains("| tickets opened through the SLA engine, 200 open"), r.out());
        assertTrue(r.out().matches("(?s).*state per open ticket, 200 open: local disk\\s+\\|\\s+[\\d,]+ bytes.*"), r.out());
    }
}
