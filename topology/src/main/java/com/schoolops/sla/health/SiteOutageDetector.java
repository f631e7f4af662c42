package com.schoolops.sla.health;

import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.avro.OutageState;
import com.schoolops.sla.avro.SiteOutage;
import com.schoolops.sla.state.DeviceState;
import com.schoolops.sla.state.SiteOutageState;

import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides whether a site is in an outage: a critical device DOWN, or at least the configured share of its
 * devices DOWN or UNREACHABLE. An outage ends only after the condition has stayed false for the clear-after
 * window, so a site that wobbles gives one outage, not a STARTED/ENDED storm.
 */
public final class SiteOutageDetector {
    private final HealthPolicy policy;

    public SiteOutageDetector(HealthPolicy policy) {
        this.policy = policy;
    }

    /** The outcome of one look at a site: its outage state to keep (null: none), what to publish, when to look again. */
    public record Outcome(SiteOutageState state, Optional<SiteOutage> record, Long recheckAt) {
        public boolean started() {
            return record.map(r -> r.getState() == OutageState.STARTED).orElse(false);
        }
    }

    public Outcome evaluate(String siteId, Collection<DeviceState> devices, SiteOutageState current, long now) {
        int total = devices.size();
        int down = 0;
        String criticalDown = null;
        Map<String, Integer> causes = new TreeMap<>();
        for (DeviceState d : devices) {
            HealthState s = d.getUnderlying();
            if (s == HealthState.DOWN || s == HealthState.UNREACHABLE) {
                down++;
                if (s == HealthState.DOWN && d.getCritical() && criticalDown == null) {
                    criticalDown = d.getDeviceId();
                }
                if (s == HealthState.UNREACHABLE && d.getRootCauseDeviceId() != null) {
                    causes.merge(d.getRootCauseDeviceId(), 1, Integer::sum);
                }
            }
        }
        boolean holds = total > 0 && (criticalDown != null || down >= Math.ceil(policy.outageDownRatio() * total - 1e-9));
        String rootCause = criticalDown != null ? criticalDown : causes.entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(Map.Entry::getKey).orElse(null);

        if (current == null) {
            if (!holds) {
                return new Outcome(null, Optional.empty(), null);
            }
            SiteOutageState started = new SiteOutageState(siteId, now, down, total, rootCause, null, true);
            return new Outcome(started, Optional.of(record(started, OutageState.STARTED, now)), null);
        }
        if (holds) {
            boolean changed = current.getDevicesDown() != down || current.getDevicesTotal() != total
                    || !java.util.Objects.equals(current.getRootCauseDeviceId(), rootCause);
            SiteOutageState next = new SiteOutageState(siteId, current.getStartedAt(), down, total, rootCause, null, current.getEscalated());
            return new Outcome(next, changed ? Optional.of(record(next, OutageState.UPDATED, now)) : Optional.empty(), null);
        }
        long clearSince = current.getClearSince() != null ? current.getClearSince() : now;
        long endAt = clearSince + policy.outageClearAfter().toMillis();
        if (now >= endAt) {
            SiteOutageState ended = new SiteOutageState(siteId, current.getStartedAt(), down, total, current.getRootCauseDeviceId(), clearSince,
                    current.getEscalated());
            return new Outcome(null, Optional.of(record(ended, OutageState.ENDED, now)), null);
        }
        SiteOutageState clearing = new SiteOutageState(siteId, current.getStartedAt(), current.getDevicesDown(),
                current.getDevicesTotal(), current.getRootCauseDeviceId(), clearSince, current.getEscalated());
        return new Outcome(clearing, Optional.empty(), endAt);
    }

    private static SiteOutage record(SiteOutageState s, OutageState state, long now) {
        return SiteOutage.newBuilder().setSiteId(s.getSiteId()).setState(state).setDevicesDown(s.getDevicesDown())
                .setDevicesTotal(s.getDevicesTotal()).setRootCauseDeviceId(s.getRootCauseDeviceId())
                .setStartedAt(s.getStartedAt()).setAt(now).build();
    }
}
