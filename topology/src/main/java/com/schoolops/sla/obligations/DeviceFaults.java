package com.schoolops.sla.obligations;

import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.escalation.Escalations;
import com.schoolops.sla.policy.CalendarTimeline;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.policy.DeviceClock;
import com.schoolops.sla.policy.Target;
import com.schoolops.sla.state.ClockState;
import com.schoolops.sla.state.MajorEventFault;
import com.schoolops.sla.state.MajorEventReadiness;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The device clocks of a major event (SPEC section 10, {@code majorEvent.deviceClocks}) as pure logic over its
 * readiness: a device that fails inside the window is a {@link MajorEventFault}, one per device and episode (from its
 * DOWN or UNREACHABLE verdict to its UP), whose EMERGENCY_START and DEVICE_RESTORE clocks start at the verdict, in
 * natural or working time as the contract writes them. Their warnings, at the contract's warning fractions, and
 * breaches are SLA_WARNING and SLA_BREACH with no ticket; each is raised once (the clock counts what it raised).
 */
final class DeviceFaults {
    /** What judges an event's device faults: the contract version in force at the window's start, its clocks, the site's calendar. */
    record Terms(ContractBook.Terms contract, Map<DeviceClock, Target> targets, CalendarTimeline calendar) {
        List<Double> fractions() {
            return contract.contract().warningFractions();
        }
    }

    private final Escalations escalations;

    DeviceFaults(Escalations escalations) {
        this.escalations = escalations;
    }

    static boolean inside(MajorEventReadiness e, long at) {
        return at >= e.getWindowStart() && at < e.getWindowEnd();
    }

    /** The device's fault whose episode is not over (the device not UP since), if any. */
    static Optional<MajorEventFault> open(MajorEventReadiness e, String deviceId) {
        return e.getFaults().stream().filter(f -> f.getDeviceId().equals(deviceId) && f.getRestoredAt() == null).findFirst();
    }

    /** The fault not over whose device it is, or which it is behind (UNREACHABLE, with it as the root cause). */
    static Optional<MajorEventFault> openNaming(MajorEventReadiness e, String deviceId) {
        return e.getFaults().stream().filter(f -> f.getRestoredAt() == null && (f.getDeviceId().equals(deviceId) || f.getBehind().contains(deviceId)))
                .findFirst();
    }

    /**
     * A new fault of the event, its clocks started at {@code since}. Its EMERGENCY_START starts met when a ticket naming
     * the device was acknowledged or on site from the device's last heartbeat on ({@code silentSince}): the emergency
     * handling began before the verdict.
     */
    static MajorEventFault start(MajorEventReadiness e, Terms terms, String deviceId, DeviceType type, long since, Long silentSince,
                                 Long silence) {
        List<ClockState> clocks = new ArrayList<>();
        for (DeviceClock clock : DeviceClock.values()) {
            Target target = terms.targets().get(clock);
            if (target != null) {
                clocks.add(ClockState.newBuilder().setClock(SlaClock.valueOf(clock.name())).setStartedAt(since)
                        .setTargetMs(target.length(terms.calendar().at(since)).toMillis()).setTarget(target.toString())
                        .setWorking(target.working()).setRunningSince(since).build());
            }
        }
        MajorEventFault f = MajorEventFault.newBuilder().setDeviceId(deviceId).setDeviceType(type).setSince(since)
                .setBehind(new ArrayList<>()).setClocks(clocks).setSilence(silence).build();
        Long handled = e.getHandled().get(deviceId);
        if (handled != null && silentSince != null && handled >= silentSince) {
            stop(f, SlaClock.EMERGENCY_START, since);
        }
        List<MajorEventFault> faults = new ArrayList<>(e.getFaults());
        faults.add(f);
        e.setFaults(faults);
        return f;
    }

    /** Stops the fault's clock at {@code at}, if it runs (what fell due before {@link #advance}s first). */
    static void stop(MajorEventFault f, SlaClock clock, long at) {
        for (ClockState c : f.getClocks()) {
            if (c.getClock() == clock && c.getRunningSince() != null) {
                c.setRunningSince(null);
                c.setStoppedAt(Math.max(at, c.getStartedAt()));
            }
        }
    }

    /** The device UP again at {@code at}: the episode is over, both clocks stop (nothing is left to start or restore). */
    static void restored(MajorEventFault f, long at) {
        f.setRestoredAt(at);
        stop(f, SlaClock.EMERGENCY_START, at);
        stop(f, SlaClock.DEVICE_RESTORE, at);
    }

    /** The MAJOR_EVENT_FAULT of a fault (tier 3), at its verdict, naming the devices behind it known now; marked raised. */
    Escalation fault(MajorEventReadiness e, MajorEventFault f, Terms terms) {
        f.setRaised(true);
        boolean atStart = f.getSince() == Math.max(e.getWindowStart(), e.getSeenAt());
        StringBuilder m = new StringBuilder(what(e) + ": " + f.getDeviceType() + " " + f.getDeviceId()
                + (atStart ? " is down at its start, " : " failed at ") + time(e, f.getSince()));
        if (!f.getBehind().isEmpty()) {
            m.append("; ").append(f.getBehind().size()).append(" device(s) unreachable behind it: ").append(String.join(", ", f.getBehind()));
        }
        Long emergency = deadline(f, SlaClock.EMERGENCY_START, terms);
        Long restore = deadline(f, SlaClock.DEVICE_RESTORE, terms);
        if (emergency != null) {
            m.append(". Emergency handling to start by ").append(time(e, emergency)).append(" (启动应急处理: a ticket naming it acknowledged or on site)");
        }
        if (restore != null) {
            m.append(", the device up again by ").append(time(e, restore));
        }
        m.append('.');
        return escalations.ofEventDevice(eventId(e), e.getSiteId(), f.getDeviceId(), terms.contract(), EscalationType.MAJOR_EVENT_FAULT, null,
                e.getWindowStart(), e.getWindowEnd(), emergency, f.getSince(), episode(f), m.toString());
    }

    /** Every warning and breach of the event's device clocks due up to {@code upTo}, in time order; each marked raised. */
    List<Escalation> advance(MajorEventReadiness e, Terms terms, long upTo) {
        List<Escalation> due = new ArrayList<>();
        List<Double> fractions = terms.fractions();
        for (MajorEventFault f : e.getFaults()) {
            for (ClockState c : f.getClocks()) {
                if (c.getRunningSince() == null || c.getBreached()) {
                    continue;
                }
                long deadline = threshold(c, terms, 1.0);
                while (c.getWarningsSent() < fractions.size()) {
                    double fraction = fractions.get(c.getWarningsSent());
                    long when = threshold(c, terms, fraction);
                    if (when > upTo) {
                        break;
                    }
                    c.setWarningsSent(c.getWarningsSent() + 1);
                    due.add(escalations.ofEventDevice(eventId(e), e.getSiteId(), f.getDeviceId(), terms.contract(), EscalationType.SLA_WARNING,
                            c.getClock(), e.getWindowStart(), e.getWindowEnd(), deadline, when, episode(f) + "|" + percent(fraction),
                            what(e) + ": the " + c.getClock() + " clock of " + f.getDeviceType() + " " + f.getDeviceId() + " (failed "
                                    + time(e, f.getSince()) + ") is at " + percent(fraction) + " of its " + c.getTarget() + " target, due "
                                    + time(e, deadline) + "."));
                }
                if (deadline <= upTo) {
                    c.setBreached(true);
                    c.setWarningsSent(fractions.size());
                    due.add(escalations.ofEventDevice(eventId(e), e.getSiteId(), f.getDeviceId(), terms.contract(), EscalationType.SLA_BREACH,
                            c.getClock(), e.getWindowStart(), e.getWindowEnd(), deadline, deadline, episode(f) + "|100%",
                            what(e) + ": the " + c.getClock() + " target of " + c.getTarget() + " for " + f.getDeviceType() + " "
                                    + f.getDeviceId() + " (failed " + time(e, f.getSince()) + ") was missed at " + time(e, deadline)
                                    + (c.getClock() == SlaClock.EMERGENCY_START ? ": no ticket naming it acknowledged or on site." : ": it is not up again.")));
                }
            }
        }
        due.sort(Comparator.comparingLong(Escalation::getAt));
        return due;
    }

    /** When the event's device clocks next have something to raise, or null. */
    static Long nextDue(MajorEventReadiness e, Terms terms) {
        Long next = null;
        List<Double> fractions = terms.fractions();
        for (MajorEventFault f : e.getFaults()) {
            for (ClockState c : f.getClocks()) {
                if (c.getRunningSince() != null && !c.getBreached()) {
                    double fraction = c.getWarningsSent() < fractions.size() ? fractions.get(c.getWarningsSent()) : 1.0;
                    long at = threshold(c, terms, fraction);
                    next = next == null ? at : Math.min(next, at);
                }
            }
        }
        return next;
    }

    /** No clock of the event can raise anything any more. */
    static boolean settled(MajorEventReadiness e) {
        return e.getFaults().stream().flatMap(f -> f.getClocks().stream()).allMatch(c -> c.getRunningSince() == null || c.getBreached());
    }

    /** When a running clock (started once, never paused) reaches {@code fraction} of its target. */
    private static long threshold(ClockState c, Terms terms, double fraction) {
        long needed = (long) Math.ceil(fraction * c.getTargetMs());
        return c.getWorking() ? terms.calendar().plus(Instant.ofEpochMilli(c.getStartedAt()), Duration.ofMillis(needed)).toEpochMilli()
                : c.getStartedAt() + needed;
    }

    private static Long deadline(MajorEventFault f, SlaClock clock, Terms terms) {
        return f.getClocks().stream().filter(c -> c.getClock() == clock && c.getRunningSince() != null).findFirst()
                .map(c -> threshold(c, terms, 1.0)).orElse(null);
    }

    /**
     * A fault's part of its escalations' ids: the device and its episode, named by the checkpoint bucket of its last
     * heartbeat (as an untracked outage is), the same live, restarted and in replay; a second failure is a new one.
     */
    private static String episode(MajorEventFault f) {
        return f.getDeviceId() + "@" + (f.getSilence() != null ? f.getSilence() : f.getSince());
    }

    static String eventId(MajorEventReadiness e) {
        return OccurrenceId.ofEvent(e.getSiteId(), Instant.ofEpochMilli(e.getWindowStart()));
    }

    private static String what(MajorEventReadiness e) {
        return "Major event '" + e.getName() + "' of site " + e.getSiteId();
    }

    private String time(MajorEventReadiness e, long at) {
        return escalations.time(at, e.getContractId(), e.getSiteId());
    }

    private static String percent(double f) {
        return String.format(Locale.ROOT, "%.0f%%", f * 100);
    }
}
