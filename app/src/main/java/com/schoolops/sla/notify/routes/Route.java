package com.schoolops.sla.notify.routes;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One rule of the routes file: what it takes, who gets it, and how: {@code groupWait} gathers a site's outage alarms
 * into one message, {@code repeatInterval} sends an unanswered SLA_BREACH or SITE_OUTAGE again to the next tier (zero:
 * never), {@code quietHours} hold its tier-1 messages.
 */
public record Route(String name, RouteMatch match, List<String> receivers, Duration groupWait, Duration repeatInterval,
                    Optional<QuietHours> quietHours) {

    /** When a message of {@code tier} planned at {@code at} may go: at once, or at the end of the quiet hours. */
    public long sendableAt(int tier, long at) {
        return quietHours.filter(q -> tier == 1 && q.holds(at)).map(q -> q.endAfter(at)).orElse(at);
    }
}
