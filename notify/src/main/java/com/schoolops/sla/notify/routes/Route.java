package com.schoolops.sla.notify.routes;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.SlaClock;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One rule of the routes file: what it takes, who gets it, and how: {@code groupWait} gathers a site's outage escalations
 * into one page, {@code repeatInterval} sends an unanswered SLA_BREACH or SITE_OUTAGE again to the next tier (zero:
 * never), {@code repeatClocks} names the clocks whose breaches repeat, {@code quietHours} hold its tier-1 notifications.
 * {@code groupBy} without site makes it a digest route: one message for many schools, sent {@code groupWait} after the
 * first and again at most every {@code groupInterval} while it changes; {@code continues} lets an escalation it takes go
 * on to the routes after it (only a digest route may: a site's page has one route).
 */
public record Route(String name, RouteMatch match, List<String> receivers, Duration groupWait, Duration repeatInterval,
                    Set<String> repeatClocks, Optional<QuietHours> quietHours, GroupBy groupBy, Duration groupInterval, boolean continues) {
    /**
     * The clocks whose breaches repeat unless a route says otherwise: all but the paperwork after RESOLVED (REPORT,
     * CALLBACK), which is said once; a late courtesy call is not sent to experts every interval.
     */
    public static final Set<String> DEFAULT_REPEAT_CLOCKS = Arrays.stream(SlaClock.values())
            .filter(c -> c != SlaClock.REPORT && c != SlaClock.CALLBACK).map(Enum::name).collect(Collectors.toUnmodifiableSet());

    /** Whether an unanswered escalation on {@code clock} (null: an outage, no clock) is sent again. */
    public boolean repeats(SlaClock clock) {
        return !repeatInterval.isZero() && (clock == null || repeatClocks.contains(clock.name()));
    }

    /** When a message of {@code tier} planned at {@code at} may go: at once, or at the end of the quiet hours. */
    public long sendableAt(int tier, long at) {
        return quietHours.filter(q -> tier == 1 && q.holds(at)).map(q -> q.endAfter(at)).orElse(at);
    }

    public boolean digests() {
        return groupBy.acrossSites();
    }

    /** The key of the digest {@code e} joins on this (digest) route: the route and the group, one digest each. */
    public String digestKey(Escalation e) {
        return name + "|" + groupBy.groupOf(e);
    }

    /** The same route sending nothing: what a site's page gets when a digest route without continue took its escalation. */
    Route silent() {
        return new Route(name, match, List.of(), groupWait, repeatInterval, repeatClocks, quietHours, groupBy, groupInterval, false);
    }
}
