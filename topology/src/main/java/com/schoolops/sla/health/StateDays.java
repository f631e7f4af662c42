package com.schoolops.sla.health;

import com.schoolops.sla.avro.DownEpisode;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.state.DeviceState;
import com.schoolops.sla.state.DownSpell;
import com.schoolops.sla.state.StateDay;

import java.util.ArrayList;
import java.util.List;

/**
 * The time a device spends in each published state (FLAPPING included) per local day, and its DOWN episodes, kept in
 * its {@link DeviceState} ({@code today}) and counted at its state changes only, which write the device state
 * anyway: never per heartbeat. {@code today.since} is the instant up to which the time is counted; the device has
 * been in its published state since then. A day is {@linkplain #close closed} when its telemetry comes from the
 * liveness stage; a change of a later day that comes first finishes it ({@code finishedDays}) until then.
 * <p>
 * Times are the changes' own ({@code DeviceHealthChange.at}), so a day's seconds add up from its device-health records.
 * Before a device's first verdict no state is counted.
 */
public final class StateDays {
    /** DOWN episodes kept per day; a further one is merged into the last (its end moves). */
    static final int MAX_EPISODES = 16;
    /** Finished days kept waiting for their telemetry (the oldest goes first). */
    static final int MAX_FINISHED = 3;
    private static final int STATES = HealthState.values().length;

    /** A closed day's seconds in each state (HealthState's order) and its DOWN episodes. */
    public record Totals(int[] seconds, List<DownEpisode> downEpisodes) {
        public int seconds(HealthState state) {
            return seconds[state.ordinal()];
        }
    }

    private final LocalDays days;

    public StateDays(LocalDays days) {
        this.days = days;
    }

    /**
     * The device's published state went from {@code before} to {@code after} at {@code at}; {@code inMaintenance}
     * says whether a maintenance window of it was on then (asked only of a change to DOWN).
     */
    public void changed(DeviceState d, HealthState before, HealthState after, long at, boolean inMaintenance) {
        int atDay = days.day(at);
        StateDay t = d.getToday();
        if (t == null) {
            t = new StateDay(atDay, offset(at, atDay), new ArrayList<>(), new ArrayList<>());
        } else {
            t = finishDaysBefore(d, t, before, atDay);
            long since = days.start(t.getDay()) + t.getSince();
            if (at > since) {
                add(t, before, at - since);
                t.setSince(offset(at, t.getDay()));
            }
        }
        if (before == HealthState.DOWN && after != HealthState.DOWN) {
            endEpisode(t, t.getSince());
        } else if (after == HealthState.DOWN && before != HealthState.DOWN) {
            startEpisode(t, new DownSpell(t.getSince(), null, inMaintenance));
        }
        d.setToday(t);
    }

    /**
     * The seconds of {@code day} up to {@code end} (its end, or the device's removal), for its DeviceDay, and the count
     * goes on with the next day unless the device is {@code removed}. Null when nothing of that day was counted: the
     * device was never judged, or it was judged by a release before days were counted (the next day is counted).
     */
    public Totals close(DeviceState d, int day, long end, boolean removed) {
        StateDay finished = takeFinished(d, day);
        StateDay t = d.getToday();
        HealthState state = d.getState();
        Totals totals;
        if (finished != null) {
            totals = totals(finished);
        } else if (t == null || t.getDay() > day) {
            totals = null;
        } else {
            if (t.getDay() < day) { // nothing changed since before this day: all of it in the state it is in
                t = new StateDay(day, 0, new ArrayList<>(), carried(t, state));
            }
            long since = days.start(day) + t.getSince();
            if (end > since) {
                add(t, state, end - since);
            }
            totals = totals(t);
        }
        if (!removed && (t == null || t.getDay() <= day)) {
            d.setToday(new StateDay(day + 1, 0, new ArrayList<>(), carried(t, state)));
        }
        return totals;
    }

    /** Finishes every day of {@code t} before {@code toDay}, in {@code state} to its end; returns the count of {@code toDay}. */
    private StateDay finishDaysBefore(DeviceState d, StateDay t, HealthState state, int toDay) {
        while (t.getDay() < toDay) {
            long start = days.start(t.getDay());
            long end = days.end(t.getDay());
            long since = start + t.getSince();
            if (end > since) {
                add(t, state, end - since);
            }
            t.setSince((int) (end - start));
            List<StateDay> finished = new ArrayList<>(d.getFinishedDays());
            if (finished.size() == MAX_FINISHED) {
                finished.remove(0);
            }
            finished.add(t);
            d.setFinishedDays(finished);
            int next = Math.max(t.getDay() + 1, toDay - MAX_FINISHED); // days before are dropped from the list anyway
            t = new StateDay(next, 0, new ArrayList<>(), carried(t, state));
        }
        return t;
    }

    /** The finished day {@code day}, taken out of the list, with any older one (their telemetry will not come now). */
    private static StateDay takeFinished(DeviceState d, int day) {
        if (d.getFinishedDays().isEmpty()) {
            return null;
        }
        StateDay found = null;
        List<StateDay> left = new ArrayList<>();
        for (StateDay f : d.getFinishedDays()) {
            if (f.getDay() == day) {
                found = f;
            } else if (f.getDay() > day) {
                left.add(f);
            }
        }
        d.setFinishedDays(left);
        return found;
    }

    /** A DOWN episode that goes on into the next day: there it starts at the day's start, as it started (in maintenance or not). */
    private static List<DownSpell> carried(StateDay t, HealthState state) {
        List<DownSpell> next = new ArrayList<>();
        if (state == HealthState.DOWN) {
            List<DownSpell> episodes = t == null ? List.of() : t.getDownEpisodes();
            DownSpell last = episodes.isEmpty() ? null : episodes.get(episodes.size() - 1);
            next.add(new DownSpell(0, null, last != null && last.getEnd() == null && last.getInMaintenance()));
        }
        return next;
    }

    private static void startEpisode(StateDay t, DownSpell spell) {
        List<DownSpell> episodes = new ArrayList<>(t.getDownEpisodes());
        if (episodes.size() == MAX_EPISODES) {
            episodes.get(MAX_EPISODES - 1).setEnd(null); // the last one stretches over the rest
        } else {
            episodes.add(spell);
        }
        t.setDownEpisodes(episodes);
    }

    private static void endEpisode(StateDay t, int at) {
        List<DownSpell> episodes = new ArrayList<>(t.getDownEpisodes());
        DownSpell last = episodes.isEmpty() ? null : episodes.get(episodes.size() - 1);
        if (last != null && last.getEnd() == null) { // else DOWN since before the count began (state of an earlier release): not known since when
            last.setEnd(at);
            t.setDownEpisodes(episodes);
        }
    }

    private static void add(StateDay t, HealthState state, long ms) {
        if (state == null || ms <= 0) {
            return;
        }
        List<Integer> counted = new ArrayList<>(t.getMs());
        while (counted.size() < STATES) {
            counted.add(0);
        }
        counted.set(state.ordinal(), (int) Math.min(Integer.MAX_VALUE, counted.get(state.ordinal()) + ms));
        t.setMs(counted);
    }

    private Totals totals(StateDay t) {
        int[] seconds = new int[STATES];
        for (int i = 0; i < Math.min(STATES, t.getMs().size()); i++) {
            seconds[i] = t.getMs().get(i) / 1000;
        }
        long start = days.start(t.getDay());
        List<DownEpisode> episodes = new ArrayList<>();
        for (DownSpell s : t.getDownEpisodes()) {
            episodes.add(new DownEpisode(start + s.getStart(), s.getEnd() == null ? null : start + s.getEnd(), s.getInMaintenance()));
        }
        return new Totals(seconds, episodes);
    }

    private int offset(long at, int day) {
        return (int) (at - days.start(day));
    }
}
