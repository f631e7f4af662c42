package com.schoolops.sla.health;

import com.schoolops.sla.avro.AgentStatus;
import com.schoolops.sla.avro.DeviceHealthChange;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.config.Durations;
import com.schoolops.sla.state.DeviceState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The health of one device: UP, DEGRADED, DOWN, UNREACHABLE (silent behind a silent parent, which is the
 * root cause) and the FLAPPING overlay (too many changes in a window: one record, then quiet until it settles).
 * Pure logic over {@link DeviceState}; the processor supplies the clock and the site's other devices.
 */
public final class HealthStateMachine {
    private final HealthPolicy policy;

    public HealthStateMachine(HealthPolicy policy) {
        this.policy = policy;
    }

    /** Whether the device is silent as of {@code asOf}: the liveness stage told its silence, due by then. */
    public boolean isSilent(DeviceState d, long asOf) {
        return d.getSilentAt() != null && asOf >= d.getSilentAt();
    }

    /**
     * What the device's liveness, agent, metrics and parent say as of {@code asOf}. Silence is the liveness stage's
     * verdict ({@code silentAt}), not derived here from last-seen: the site hears of a healthy device only when
     * something changes.
     */
    public Assessment assess(DeviceState d, Function<String, DeviceState> siteDevice, long asOf) {
        if (!isSilent(d, asOf)) {
            Long silence = d.getSilentAt(); // a silence told but not due yet is judged when it is
            if (!d.getHeard()) {
                return Assessment.undecided(silence); // registered, not heard yet: nothing to say until it is due
            }
            if (d.getAgentStatus() != null && d.getAgentStatus() != AgentStatus.OK) {
                return new Assessment(HealthState.DEGRADED, "agent reports " + d.getAgentStatus(), null, silence);
            }
            if (d.getMetricAlarm() != null) {
                return new Assessment(HealthState.DEGRADED, d.getMetricAlarm(), null, silence);
            }
            return new Assessment(HealthState.UP, "heartbeat OK", null, silence);
        }
        if (d.getGraceUntil() != null && asOf < d.getGraceUntil()) {
            return Assessment.undecided(d.getGraceUntil());
        }
        DeviceState parent = d.getParentDeviceId() == null ? null : siteDevice.apply(d.getParentDeviceId());
        if (parent != null) {
            if (isSilent(parent, asOf)) {
                String root = parent.getUnderlying() == HealthState.UNREACHABLE && parent.getRootCauseDeviceId() != null
                        ? parent.getRootCauseDeviceId() : parent.getDeviceId();
                return new Assessment(HealthState.UNREACHABLE, "silent behind " + parent.getDeviceId() + ", which is down", root, null);
            }
            Long wait = waitForParent(d, parent, asOf);
            if (wait != null) {
                return Assessment.undecided(wait);
            }
        }
        String silence = d.getHeard()
                ? "no heartbeat for " + Durations.human(Duration.ofMillis(asOf - d.getLastSeen())) + " ("
                  + policy.missedIntervals() + " × " + Durations.format(policy.intervals().get(d.getDeviceType())) + " expected)"
                : "no heartbeat since it was registered";
        return new Assessment(HealthState.DOWN, silence, null, null);
    }

    /**
     * A silent device whose parent is not silent (yet) waits for its parent's verdict when the parent has not been heard
     * since this device missed its first heartbeat: the parent may be the cause (no DOWN now and UNREACHABLE a moment
     * later). Every heartbeat of an uplink reaches the site, so its last-seen is fresh and its own deadline decides. What
     * is known of another parent may be stale (it was heard since, untold); had it been silent since then, its silence
     * would be told by the first missed heartbeat plus its silence period, so that bounds the wait. Null: no wait.
     */
    private Long waitForParent(DeviceState d, DeviceState parent, long asOf) {
        long firstMissed = d.getLastSeen() + policy.intervals().get(d.getDeviceType()).toMillis();
        if (parent.getLastSeen() > firstMissed) {
            return null; // heard after this device went quiet: this device is down on its own
        }
        long parentDeadline = parent.getLastSeen() + policy.silenceMs(parent.getDeviceType());
        long until = parentDeadline > asOf ? parentDeadline : firstMissed + policy.silenceMs(parent.getDeviceType());
        return until > asOf ? until : null;
    }

    /**
     * Takes a decided assessment into the device's state and returns the record to publish, if the published
     * state changes. {@code at} is when the change happened.
     */
    public Optional<DeviceHealthChange> apply(DeviceState d, Assessment a, long at) {
        if (!a.decided()) {
            return Optional.empty();
        }
        HealthState before = d.getUnderlying();
        boolean changed = before != a.state();
        d.setUnderlying(a.state());
        d.setRootCauseDeviceId(a.state() == HealthState.UNREACHABLE ? a.rootCauseDeviceId() : null);
        if (changed && before != null) {
            recordChange(d, at);
        }
        HealthState published = d.getState();
        if (published == HealthState.FLAPPING) {
            if (at < settleTime(d)) {
                return Optional.empty();
            }
            d.setChanges(new ArrayList<>());
            return publish(d, a.state(), "settled: " + a.reason(), at);
        }
        if (d.getChanges().size() >= policy.flappingChanges()) {
            return publish(d, HealthState.FLAPPING, d.getChanges().size() + " state changes within "
                    + Durations.format(policy.flappingWindow()) + ", now " + a.state(), at);
        }
        return published == a.state() ? Optional.empty() : publish(d, a.state(), a.reason(), at);
    }

    /** When a FLAPPING device may settle: its last change plus the settle period. */
    public long settleTime(DeviceState d) {
        List<Long> changes = d.getChanges();
        return changes.isEmpty() ? Long.MIN_VALUE : changes.get(changes.size() - 1) + policy.flappingSettle().toMillis();
    }

    /** The next instant the device must be looked at again with no new input, or null. */
    public Long nextCheck(DeviceState d, Assessment a) {
        Long next = a.recheckAt();
        if (d.getState() == HealthState.FLAPPING) {
            long settle = settleTime(d);
            next = next == null ? settle : Math.min(next, settle);
        }
        return next;
    }

    private void recordChange(DeviceState d, long at) {
        List<Long> recent = new ArrayList<>();
        long from = at - policy.flappingWindow().toMillis();
        for (Long t : d.getChanges()) {
            if (t > from) {
                recent.add(t);
            }
        }
        recent.add(at);
        d.setChanges(recent);
    }

    private static Optional<DeviceHealthChange> publish(DeviceState d, HealthState state, String reason, long at) {
        HealthState previous = d.getState();
        d.setState(state);
        return Optional.of(DeviceHealthChange.newBuilder()
                .setDeviceId(d.getDeviceId())
                .setSiteId(d.getSiteId())
                .setDeviceType(d.getDeviceType())
                .setPrevious(previous)
                .setState(state)
                .setAt(at)
                .setReason(reason)
                .setRootCauseDeviceId(state == HealthState.UNREACHABLE ? d.getRootCauseDeviceId() : null)
                .build());
    }
}
