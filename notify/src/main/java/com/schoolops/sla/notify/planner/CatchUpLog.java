package com.schoolops.sla.notify.planner;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * One INFO line per catch-up instead of one per record: what the planner skipped is tallied, and said once a whole
 * tick has passed without skipping more. A tally for a log line, not planning state: a restart loses at most the line
 * (the counts are in {@link PlannerMetrics}).
 */
final class CatchUpLog {
    private static final Logger log = LoggerFactory.getLogger(NotificationPlanner.class);

    private final Duration maxAge;
    private long stale;
    private long answered;
    private boolean skippedSinceTick;

    CatchUpLog(Duration maxAge) {
        this.maxAge = maxAge;
    }

    void stale() {
        stale++;
        skippedSinceTick = true;
    }

    void answered() {
        answered++;
        skippedSinceTick = true;
    }

    void atTick(String task) {
        if (!skippedSinceTick && stale + answered > 0) {
            log.info("notify planner (task {}) did not send {} escalation(s): {} published more than notify.max-age ({} min) before it "
                    + "read them, {} answered before anyone was told", task, stale + answered, stale, maxAge.toMinutes(), answered);
            stale = 0;
            answered = 0;
        }
        skippedSinceTick = false;
    }
}
