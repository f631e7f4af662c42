package com.schoolops.sla.metrics;

import java.util.List;

/** A record on its way to dead-letters, as the {@code dead-letters} metric counts it (by kind). */
public interface CountedDeadLetter {
    String REFUSED_TICKET = "refused-ticket";
    String REFUSED_VISIT = "refused-visit";
    String FAILED_TIMER = "failed-timer";
    /** Every kind: each task's counter of each is there from its start, at 0 (a dashboard reads 0, not "No data"). */
    List<String> KINDS = List.of(REFUSED_TICKET, REFUSED_VISIT, FAILED_TIMER);

    String kind();
}
