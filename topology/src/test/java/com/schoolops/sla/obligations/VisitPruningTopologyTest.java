package com.schoolops.sla.obligations;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.VisitKind;
import com.schoolops.sla.avro.VisitMode;
import com.schoolops.sla.avro.VisitType;
import com.schoolops.sla.testing.TopologyHarness;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static com.schoolops.sla.obligations.Seeds.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The obligations stage forgets a site's visit steps no verdict can need any more, when one of its periods closes:
 * those stamped before every open period that no record can still fall due for, except the site's newest 20 (the
 * console's last visits). The test contract (district-records, inspection-records.json) wants each quarterly
 * inspection's record within "3d working" (27 working hours of cn-default's 09:00-18:00).
 */
class VisitPruningTopologyTest {
    TopologyHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    /** A step, read at its own time (or now, for a step of the past read again). */
    void step(String visitId, VisitType type, String at) {
        Instant stamp = sh(at);
        h.jumpTo(stamp);
        h.visit(Seeds.visit(visitId, VisitKind.INSPECTION, type, type == VisitType.COMPLETED ? VisitMode.ON_SITE : null, at, null, "wang"));
    }

    /** The site's steps the stage holds, as "visitId TYPE", in store order. */
    List<String> held() {
        KeyValueStore<String, ServiceVisit> store = h.driver.getKeyValueStore(ObligationStage.VISITS);
        List<String> all = new ArrayList<>();
        try (var it = store.all()) {
            it.forEachRemaining(kv -> all.add(kv.value.getVisitId() + " " + kv.value.getType()));
        }
        return all.stream().sorted().toList();
    }

    static List<String> plans(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> String.format("plan-%02d SCHEDULED", i)).toList();
    }

    static List<String> sorted(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all.stream().sorted().toList();
    }

    @Test
    void aClosedQuartersStepsGoExceptThoseARecordStillNeedsAndTheNewestTwenty() throws Exception {
        String policies = Path.of(getClass().getResource("/policies/inspection-records.json").toURI()).toString();
        h = new TopologyHarness(sh("2026-02-10T10:00"), Map.of("health.check-interval", "1m", "sla.policies", policies));
        h.site(Seeds.site("school", "district-records", "2026-02-10T10:00", null));
        // Q1 [02-10 10:00, 04-01 00:00). Three inspections with their records in time, a visit planned and cancelled.
        step("old-1", VisitType.COMPLETED, "2026-02-11T10:00");
        step("old-1", VisitType.RECORD_SUBMITTED, "2026-02-11T15:00");
        step("old-2", VisitType.COMPLETED, "2026-02-12T10:00");
        step("old-2", VisitType.RECORD_SUBMITTED, "2026-02-12T15:00");
        step("gone", VisitType.SCHEDULED, "2026-03-02T09:00");
        step("gone", VisitType.CANCELLED, "2026-03-03T09:00");
        step("old-3", VisitType.COMPLETED, "2026-03-05T10:00");
        step("old-3", VisitType.RECORD_SUBMITTED, "2026-03-05T15:00");
        // Tuesday 03-31 16:00, in-late, no record: Tue 2 h + Wed 04-01 9 h + Thu 04-02 9 h + Fri 04-03 7 h (04-04..06 are
        // 清明): due Friday 04-03 16:00, after Q1 closed.
        step("in-late", VisitType.COMPLETED, "2026-03-31T16:00");
        // Twenty steps newer than in-late: Q2's visits planned that afternoon, 16:01 to 16:20.
        for (int i = 1; i <= 20; i++) {
            step(String.format("plan-%02d", i), VisitType.SCHEDULED, String.format("2026-03-31T16:%02d", i));
        }
        List<String> q1 = List.of("gone CANCELLED", "gone SCHEDULED", "in-late COMPLETED", "old-1 COMPLETED", "old-1 RECORD_SUBMITTED",
                "old-2 COMPLETED", "old-2 RECORD_SUBMITTED", "old-3 COMPLETED", "old-3 RECORD_SUBMITTED");
        h.jumpTo(sh("2026-03-31T23:59"));
        assertEquals(sorted(q1, plans(1, 20)), held(), "nothing goes while its period is open");

        // Q1 closes at 04-01 00:00 (met: no verdict). Q2 [04-01, 07-01) is the only open period: every step is before it.
        // in-late stays (its record falls due 04-03 16:00); the newest 20 steps, plan-01..20, stay; the rest go.
        h.jumpTo(sh("2026-04-01T00:00:01"));
        assertEquals(sorted(List.of("in-late COMPLETED"), plans(1, 20)), held());
        assertTrue(h.escalations.readValuesToList().isEmpty());

        // Its record is late at 04-03 16:00: the kept COMPLETED finds the closed Q1 again.
        h.jumpTo(sh("2026-04-03T16:00:01"));
        List<Escalation> late = h.escalations.readValuesToList();
        assertEquals(1, late.size(), late.toString());
        assertEquals(EscalationType.VISIT_RECORD_LATE, late.get(0).getType());
        assertEquals(Seeds.id("school|inspection|2026-02-10", EscalationType.VISIT_RECORD_LATE, "in-late"), late.get(0).getEscalationId());
        assertEquals(sh("2026-04-03T16:00").toEpochMilli(), late.get(0).getAt());

        // Steps of forgotten visits read late: old-1's record again, old-2 cancelled, old-3's COMPLETED again (stored again,
        // in no open period): nothing is raised. Q2's inspection on Tuesday 04-14 with its record the same day: Q2 met.
        step("old-1", VisitType.RECORD_SUBMITTED, "2026-04-10T10:00");
        step("old-2", VisitType.CANCELLED, "2026-04-10T10:05");
        h.visit(Seeds.visit("old-3", VisitKind.INSPECTION, VisitType.COMPLETED, VisitMode.ON_SITE, "2026-03-05T10:00", null, "wang"));
        step("q2-in", VisitType.COMPLETED, "2026-04-14T10:00");
        step("q2-in", VisitType.RECORD_SUBMITTED, "2026-04-14T15:00");
        h.jumpTo(sh("2026-06-30T23:59"));
        assertEquals(sorted(List.of("in-late COMPLETED", "old-1 RECORD_SUBMITTED", "old-2 CANCELLED", "old-3 COMPLETED",
                "q2-in COMPLETED", "q2-in RECORD_SUBMITTED"), plans(1, 20)), held());

        // Q2 closes at 07-01 00:00: Q3 is open from then, no record is due any more (q2-in's was in). The newest 20 steps:
        // q2-in's two, old-2's CANCELLED (04-10 10:05), old-1's record (04-10 10:00) and plan-05..plan-20; the rest go.
        h.jumpTo(sh("2026-07-01T00:00:01"));
        assertEquals(sorted(List.of("old-1 RECORD_SUBMITTED", "old-2 CANCELLED", "q2-in COMPLETED", "q2-in RECORD_SUBMITTED"), plans(5, 20)),
                held());
        assertTrue(h.escalations.readValuesToList().isEmpty(), "nothing raised by the late steps");
        assertTrue(h.deadLetters.readRecordsToList().isEmpty());
    }
}
