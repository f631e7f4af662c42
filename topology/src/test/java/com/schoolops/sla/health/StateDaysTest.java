package com.schoolops.sla.health;

import com.schoolops.sla.avro.DeviceType;
import com.schoolops.sla.avro.DownEpisode;
import com.schoolops.sla.avro.HealthState;
import com.schoolops.sla.state.DeviceState;
import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

import static com.schoolops.sla.avro.HealthState.*;
import static org.junit.jupiter.api.Assertions.*;

/** The time a device spends in each state per local day, and its DOWN episodes, counted at its changes. */
class StateDaysTest {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final LocalDays DAYS = new LocalDays(ZONE);
    final StateDays days = new StateDays(DAYS);
    final DeviceState d = DeviceState.newBuilder().setDeviceId("t-1").setSiteId("s").setDeviceType(DeviceType.CLOUD_TERMINAL).setLastSeen(0).build();

    static long at(String local) {
        return LocalDateTime.parse(local).atZone(ZONE).toInstant().toEpochMilli();
    }

    static int day(String date) {
        return (int) java.time.LocalDate.parse(date).toEpochDay();
    }

    /** A published change, as the health stage makes it: the state is set, then counted. */
    void change(HealthState to, String local, boolean inMaintenance) {
        HealthState from = d.getState();
        d.setState(to);
        days.changed(d, from, to, at(local), inMaintenance);
    }

    void change(HealthState to, String local) {
        change(to, local, false);
    }

    @Test
    void aDaysSecondsAreCountedFromTheFirstVerdictAtEachChangeAndToTheDaysEnd() {
        change(UP, "2026-03-02T08:00");
        change(DEGRADED, "2026-03-02T10:30");
        change(UP, "2026-03-02T10:40");
        change(DOWN, "2026-03-02T15:00", true);
        change(UP, "2026-03-02T16:00");
        StateDays.Totals totals = days.close(d, day("2026-03-02"), at("2026-03-03T00:00"), false);
        // UP 08:00-10:30 (9,000 s), 10:40-15:00 (15,600 s), 16:00-24:00 (28,800 s); before 08:00 not judged: not counted
        assertEquals(9_000 + 15_600 + 28_800, totals.seconds(UP));
        assertEquals(600, totals.seconds(DEGRADED));
        assertEquals(3_600, totals.seconds(DOWN));
        assertEquals(List.of(new DownEpisode(at("2026-03-02T15:00"), at("2026-03-02T16:00"), true)), totals.downEpisodes());

        StateDays.Totals next = days.close(d, day("2026-03-03"), at("2026-03-04T00:00"), false);
        assertEquals(86_400, next.seconds(UP), "no change all day: all of it in the state it is in");
        assertEquals(List.of(), next.downEpisodes());
    }

    @Test
    void aDeviceDownAcrossMidnightHasAnOpenEpisodeThatDayAndOneFromTheStartOfTheNext() {
        change(UP, "2026-03-02T08:00");
        change(DOWN, "2026-03-02T22:00", true);
        StateDays.Totals first = days.close(d, day("2026-03-02"), at("2026-03-03T00:00"), false);
        assertEquals(7_200, first.seconds(DOWN));
        assertEquals(List.of(new DownEpisode(at("2026-03-02T22:00"), null, true)), first.downEpisodes(), "still DOWN at the day's end");

        change(UP, "2026-03-03T01:30");
        StateDays.Totals second = days.close(d, day("2026-03-03"), at("2026-03-04T00:00"), false);
        assertEquals(5_400, second.seconds(DOWN));
        assertEquals(22 * 3_600 + 1_800, second.seconds(UP));
        assertEquals(List.of(new DownEpisode(at("2026-03-03T00:00"), at("2026-03-03T01:30"), true)), second.downEpisodes(),
                "from the day's start, as it started: in maintenance");
    }

    @Test
    void aChangeOfALaterDayBeforeTheTelemetryFinishesTheDayUntilItComes() {
        change(UP, "2026-03-02T08:00");
        change(DOWN, "2026-03-03T00:00:30"); // judged just after midnight, before the liveness stage's day came
        change(UP, "2026-03-03T00:05");
        StateDays.Totals first = days.close(d, day("2026-03-02"), at("2026-03-03T00:00"), false);
        assertEquals(16 * 3_600, first.seconds(UP));
        assertEquals(0, first.seconds(DOWN));
        assertTrue(d.getFinishedDays().isEmpty(), "taken out once told");

        StateDays.Totals second = days.close(d, day("2026-03-03"), at("2026-03-04T00:00"), false);
        assertEquals(270, second.seconds(DOWN));
        assertEquals(86_400 - 270, second.seconds(UP));
        assertEquals(1, second.downEpisodes().size());
    }

    @Test
    void aRemovalEndsTheCountThereAndANeverJudgedDeviceHasNothingCounted() {
        assertNull(days.close(d, day("2026-03-02"), at("2026-03-03T00:00"), false), "registered, never heard nor judged");
        change(UP, "2026-03-03T09:00");
        StateDays.Totals removed = days.close(d, day("2026-03-03"), at("2026-03-03T12:00"), true);
        assertEquals(3 * 3_600, removed.seconds(UP));
    }

    @Test
    void aDayWhoseCountIsGoneIsNotInventedAndTheCountGoesOnFromTheNext() {
        change(UP, "2026-03-05T08:00");
        assertNull(days.close(d, day("2026-03-04"), at("2026-03-05T00:00"), false), "counted from a later day on");
        d.setToday(null); // as a state written by a release before days were counted
        assertNull(days.close(d, day("2026-03-05"), at("2026-03-06T00:00"), false));
        assertEquals(86_400, days.close(d, day("2026-03-06"), at("2026-03-07T00:00"), false).seconds(UP));
    }

    @Test
    void manyDownEpisodesInADayAreCappedTheLastStretchingOverTheRest() {
        change(UP, "2026-03-02T00:00");
        for (int i = 0; i < StateDays.MAX_EPISODES + 4; i++) {
            String hh = String.format("%02d", i);
            change(DOWN, "2026-03-02T" + hh + ":10");
            change(UP, "2026-03-02T" + hh + ":20");
        }
        StateDays.Totals totals = days.close(d, day("2026-03-02"), at("2026-03-03T00:00"), false);
        assertEquals(StateDays.MAX_EPISODES, totals.downEpisodes().size());
        DownEpisode last = totals.downEpisodes().get(StateDays.MAX_EPISODES - 1);
        assertEquals(at("2026-03-02T15:10"), last.getStart());
        assertEquals(at("2026-03-02T19:20"), last.getEnd());
        assertEquals(20 * 600, totals.seconds(DOWN), "the seconds are all counted");
    }
}
