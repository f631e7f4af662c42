package com.schoolops.sla.metrics;

/** A record on its way to dead-letters, as the {@code dead-letters} metric counts it (by kind). */
public interface CountedDeadLetter {
    String kind();
}
