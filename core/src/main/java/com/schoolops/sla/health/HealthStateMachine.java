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

    public long silenceDeadline(DeviceState d) {
        return d.getLastSeen() + policy.silenceMs(d.getDeviceType());
    }

    public boolean isSilent(DeviceState d, long now) {
        return now >= silenceDeadline(d);
    }

    /** What the device's heartbeats, agent, metrics and parent say at {@code now}. */
    public Assessment assess(DeviceState d, Function<String, DeviceState> siteDevice, long now) {
        long deadline = silenceDeadline(d);
        if (now < deadline) {
            if (!d.getHeard()) {
                return Assessment.undecided(deadline); // registered, not heard yet: nothing to say until it is due
            }
            if (d.getAgentStatus() != null && d.getAgentStatus() != AgentStatus.OK) {
                return new Assessment(HealthState.DEGRADED, "agent reports " + d.getAgentStatus(), null, deadline);
            }
            if (d.getMetricAlarm() != null) {
                return new Assessment(HealthState.DEGRADED, d.getMetricAlarm(), null, deadline);
            }
            return new Assessment(HealthState.UP, "heartbeat OK", null, deadline);
        }
        if (d.getGraceUntil() != null && now < d.getGraceUntil()) {
            return Assessment.undecided(d.getGraceUntil());
        }
        DeviceState parent = d.getParentDeviceId() == null ? null : siteDevice.apply(d.getParentDeviceId());
        if (parent != null) {
            if (isSilent(parent, now)) {
                String root = parent.getUnderlying() == HealthState.UNREACHABLE && parent.getRootCauseDeviceId() != null
                        ? parent.getRootCauseDeviceId() : parent.getDeviceId();
                return new Assessment(HealthState.UNREACHABLE, "silent behind " + parent.getDeviceId() + ", which is down", root, null);
            }
            if (parent.getLastSeen() <= d.getLastSeen() + policy.intervals().get(d.getDeviceType()).toMillis()) {
                // The parent has not been heard since this device missed its first heartbeat: it may be the
                // cause, so its own deadline decides (no DOWN now and UNREACHABLE a moment later).
                return Assessment.undecided(silenceDeadline(parent));
            }
        }
        String silence = d.getHeard()
                ? "no heartbeat for " + Durations.human(Duration.ofMillis(now - d.getLastSeen())) + " ("
                  + policy.missedIntervals() + " × " + Durations.format(policy.intervals().get(d.getDeviceType())) + " expected)"
                : "no heartbeat since it was registered";
        return new Assessment(HealthState.DOWN, silence, null, null);
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
