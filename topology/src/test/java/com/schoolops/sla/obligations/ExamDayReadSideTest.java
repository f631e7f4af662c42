package com.schoolops.sla.obligations;

import com.schoolops.sla.avro.ScheduleWindow;
import com.schoolops.sla.avro.SiteSchedule;
import com.schoolops.sla.avro.VisitKind;
import com.schoolops.sla.avro.VisitType;
import com.schoolops.sla.avro.WindowKind;
import com.schoolops.sla.obligations.ExamDayReadSide.EventView;
import com.schoolops.sla.obligations.ExamDayReadSide.PrecheckState;
import com.schoolops.sla.obligations.ExamDayReadSide.SiteEvent;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.testing.TopologyHarness;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.schoolops.sla.obligations.ExamWeekTopologyTest.DEADLINE;
import static com.schoolops.sla.obligations.ExamWeekTopologyTest.END;
import static com.schoolops.sla.obligations.ExamWeekTopologyTest.START;
import static com.schoolops.sla.obligations.ExamWeekTopologyTest.step;
import static com.schoolops.sla.obligations.Seeds.sh;
import static org.junit.jupiter.api.Assertions.*;

/**
 * What the console's "重大活动保障 · Exam-day readiness" and {@code GET /api/sites/{id}/events} show of seed-003 schools'
 * next event
 * (pre-check 7 working days ahead, 2 engineers on standby) in ExamWeekTopologyTest's exam week, read from the stages'
 * stores on the real topology: the exam Wednesday 2026-05-13 09:00–17:00, its pre-check due Thursday 04-30 09:00
 * (Labour Day 05-01 to 05-05 off, Saturday 05-09 worked). school-a's schedule also holds a skills contest on Wednesday
 * 06-10 09:00–12:00: 7 working days back (06-09, 06-08, 06-05, 06-04, 06-03, 06-02, 06-01; no holiday between) its
 * pre-check is due Monday 06-01 09:00. Every value is derived by hand.
 */
class ExamDayReadSideTest {
    static final Instant CONTEST = sh("2026-06-10T09:00");
    static final Instant CONTEST_DEADLINE = sh("2026-06-01T09:00");

    TopologyHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    ExamDayReadSide readSide() {
        ObligationReadSide.Stores stores = new ObligationReadSide.Stores() {
            @Override
            public <V> ReadOnlyKeyValueStore<String, V> get(String name) {
                return h.driver.getKeyValueStore(name);
            }
        };
        return new ExamDayReadSide(null, stores, () -> ContractBook.of(h.config.policies()));
    }

    SiteEvent read(String school) {
        return readSide().site(school, h.now().toEpochMilli());
    }

    static SiteSchedule examAndContest(String school) {
        return SiteSchedule.newBuilder().setSiteId(school).setWindows(List.of(
                ScheduleWindow.newBuilder().setKind(WindowKind.MAJOR_EVENT).setName("中考 entrance exam").setStart(START.toEpochMilli())
                        .setEnd(END.toEpochMilli()).build(),
                ScheduleWindow.newBuilder().setKind(WindowKind.MAJOR_EVENT).setName("技能大赛 skills contest").setStart(CONTEST.toEpochMilli())
                        .setEnd(sh("2026-06-10T12:00").toEpochMilli()).build())).build();
    }

    @Test
    void theNextEventWithItsPrecheckTheEngineersOnStandbyAndTheDevicesNotUp() {
        Instant published = sh("2026-04-27T09:00");
        h = new TopologyHarness(published.minusSeconds(3600), Map.of("health.check-interval", "1m"));
        assertNull(read("school-a"), "a site not in the registry: nothing to show");
        for (String school : List.of("school-a", "school-b", "school-c")) {
            h.site(com.schoolops.sla.avro.Site.newBuilder().setSiteId(school).setContractId("seed-003")
                    .setAcceptedAt(sh("2026-02-02T10:00").toEpochMilli()).build());
        }
        SiteEvent none = read("school-a");
        assertEquals("seed-003", none.contractId());
        assertEquals("Asia/Shanghai", none.zone());
        assertNull(none.event(), "no event in its calendar");

        // Published Monday 04-27 09:00 at school-a (with the contest) and school-b.
        h.jumpTo(published);
        h.schedule(examAndContest("school-a"));
        h.schedule(ExamWeekTopologyTest.exam("school-b"));
        EventView exam = read("school-a").event();
        assertEquals("school-a|MAJOR_EVENT|" + START, exam.eventId());
        assertEquals("中考 entrance exam", exam.name(), "the first of the two");
        assertEquals(START, exam.start());
        assertEquals(END, exam.end());
        assertEquals("2026-05-13 09:00:00 Asia/Shanghai", exam.startLocal());
        assertEquals("2026-05-13 17:00:00 Asia/Shanghai", exam.endLocal());
        assertFalse(exam.running());
        assertEquals("2026-04-27 09:00:00 Asia/Shanghai", exam.seenAtLocal());
        assertEquals(PrecheckState.OPEN, exam.precheck().state());
        assertEquals(DEADLINE, exam.precheck().deadline());
        assertEquals("2026-04-30 09:00:00 Asia/Shanghai", exam.precheck().deadlineLocal());
        assertNull(exam.precheck().metAt());
        assertEquals(2, exam.standby().minEngineers());
        assertEquals(List.of(), exam.standby().onSite());

        // school-a's pre-check Monday 15:00: met then. school-b does none: missed once its deadline has passed.
        h.jumpTo(sh("2026-04-27T15:00"));
        h.visit(step("pc-a", "school-a", VisitKind.PRECHECK, VisitType.COMPLETED, h.now(), "eng-1"));
        exam = read("school-a").event();
        assertEquals(PrecheckState.MET, exam.precheck().state());
        assertEquals(sh("2026-04-27T15:00"), exam.precheck().metAt());
        assertEquals("2026-04-27 15:00:00 Asia/Shanghai", exam.precheck().metAtLocal());
        assertEquals(PrecheckState.OPEN, read("school-b").event().precheck().state());
        h.jumpTo(DEADLINE);
        assertEquals(PrecheckState.MISSED, read("school-b").event().precheck().state(), "at its deadline");

        // school-c learns of the exam Friday 05-08 10:00, after the deadline: too short a notice for any pre-check.
        h.jumpTo(sh("2026-05-08T10:00"));
        h.schedule(ExamWeekTopologyTest.exam("school-c"));
        EventView late = read("school-c").event();
        assertEquals(PrecheckState.NOTICE_SHORT, late.precheck().state());
        assertEquals(DEADLINE, late.precheck().deadline());

        // Exam day at school-a: eng-1 checks in at 08:50, eng-2 at 09:20; eng-1 leaves at 10:00.
        h.jumpTo(sh("2026-05-13T08:50"));
        h.visit(step("sb-1", "school-a", VisitKind.STANDBY, VisitType.CHECK_IN, h.now(), "eng-1"));
        exam = read("school-a").event();
        assertFalse(exam.running());
        assertEquals(List.of("eng-1"), exam.standby().onSite());
        h.jumpTo(sh("2026-05-13T09:20"));
        h.visit(step("sb-2", "school-a", VisitKind.STANDBY, VisitType.CHECK_IN, h.now(), "eng-2"));
        exam = read("school-a").event();
        assertTrue(exam.running());
        assertEquals(List.of("eng-1", "eng-2"), exam.standby().onSite());
        assertEquals(PrecheckState.MET, exam.precheck().state(), "met, and stays so");
        h.jumpTo(sh("2026-05-13T10:00"));
        h.visit(step("sb-3", "school-a", VisitKind.STANDBY, VisitType.CHECK_OUT, h.now(), "eng-1"));
        assertEquals(List.of("eng-2"), read("school-a").event().standby().onSite());

        // Once the exam is over the contest is next: met by the same pre-check of 04-27, after its sighting and before its
        // deadline (a PRECHECK visit names no event, as the stage judges it).
        h.jumpTo(END.plusSeconds(1));
        EventView contest = read("school-a").event();
        assertEquals("技能大赛 skills contest", contest.name());
        assertEquals(CONTEST_DEADLINE, contest.precheck().deadline());
        assertEquals(PrecheckState.MET, contest.precheck().state());
        assertEquals(sh("2026-04-27T15:00"), contest.precheck().metAt());
        assertNull(read("school-b").event(), "school-b's exam is over: nothing ahead");
    }
}
