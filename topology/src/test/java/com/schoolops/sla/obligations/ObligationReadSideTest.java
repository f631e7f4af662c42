package com.schoolops.sla.obligations;

import com.schoolops.sla.avro.ServiceVisit;
import com.schoolops.sla.avro.VisitKind;
import com.schoolops.sla.avro.VisitMode;
import com.schoolops.sla.obligations.ObligationReadSide.ObligationView;
import com.schoolops.sla.obligations.ObligationReadSide.SiteObligations;
import com.schoolops.sla.obligations.ObligationReadSide.State;
import com.schoolops.sla.obligations.ObligationReadSide.VisitView;
import com.schoolops.sla.policy.ContractBook;
import com.schoolops.sla.testing.HeldWatermark;
import com.schoolops.sla.testing.TopologyHarness;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.schoolops.sla.obligations.ObligationsTopologyTest.school4;
import static com.schoolops.sla.obligations.ObligationsTopologyTest.sh;
import static org.junit.jupiter.api.Assertions.*;

/**
 * What the console's site page and {@code GET /api/sites/{id}/obligations} show of a seed-004 school (accepted and live
 * Tuesday 2026-02-10 10:00 Shanghai, mid Q1), read from the stage's stores on the real topology. Every value is derived
 * by hand: the inspection quarter and the maintenance contract year start at go-live, the return-visit quarter a month later.
 */
class ObligationReadSideTest {
    TopologyHarness h;

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    ObligationReadSide readSide() {
        ObligationReadSide.Stores stores = new ObligationReadSide.Stores() {
            @Override
            public <V> ReadOnlyKeyValueStore<String, V> get(String name) {
                return h.driver.getKeyValueStore(name);
            }
        };
        return new ObligationReadSide(null, stores, () -> ContractBook.of(h.config.policies()));
    }

    SiteObligations read() {
        return readSide().site("school-4", h.now().toEpochMilli());
    }

    static ServiceVisit completed(String visitId, VisitKind kind, VisitMode mode, Instant at, String actor) {
        return ServiceVisit.newBuilder(ObligationsTopologyTest.completed(visitId, kind, mode, at)).setActor(actor).build();
    }

    static void check(ObligationView o, String obligation, String firstDay, State state, int done, int required, Instant start, Instant end,
                      Instant now) {
        assertEquals("school-4|" + obligation + "|" + firstDay, o.occurrenceId());
        assertEquals(obligation, o.obligationId());
        assertEquals(state, o.state(), obligation);
        assertEquals(done, o.done(), obligation + " done");
        assertEquals(required, o.required(), obligation + " required");
        assertEquals(start, o.periodStart(), obligation + " starts");
        assertEquals(end, o.periodEnd(), obligation + " ends");
        assertEquals(Duration.between(now, end).toMillis(), o.timeLeftMs(), obligation + " time left");
    }

    @Test
    void aSchoolsQuarterWithItsStateTimeLeftAndLastVisits() {
        Instant accepted = sh("2026-02-10T10:00");
        h = new TopologyHarness(accepted, Map.of("health.check-interval", "1m"));
        assertNull(read(), "a site not in the registry: nothing to show");
        h.site(school4(accepted));

        // Thursday 03-12 10:00 the inspection, on site, recorded from the console; Monday 03-16 12:00 a phone return visit
        // between the hours (09:30-11:30, 14:50-17:00): it does not count.
        h.jumpTo(sh("2026-03-12T10:00"));
        h.visit(completed("in-1", VisitKind.INSPECTION, VisitMode.ON_SITE, h.now(), "alice"));
        h.jumpTo(sh("2026-03-16T12:00"));
        h.visit(completed("rv-1", VisitKind.RETURN_VISIT, VisitMode.PHONE, h.now(), null));

        Instant now = h.now();
        SiteObligations site = read();
        assertEquals("school-4", site.siteId());
        assertEquals("seed-004", site.contractId());
        assertEquals("Asia/Shanghai", site.zone());
        List<ObligationView> obligations = site.obligations();
        assertEquals(3, obligations.size(), obligations.toString());
        Instant q1End = sh("2026-04-01T00:00");
        // Q1 clipped at go-live; met by the inspection of 03-12.
        check(obligations.get(0), "inspection", "2026-02-10", State.MET, 1, 1, accepted, q1End, now);
        assertEquals(sh("2026-03-12T10:00"), obligations.get(0).metAt());
        assertEquals("2026-02-10 10:00:00 Asia/Shanghai", obligations.get(0).periodStartLocal());
        assertEquals("2026-04-01 00:00:00 Asia/Shanghai", obligations.get(0).periodEndLocal());
        assertEquals(List.of("ON_SITE"), obligations.get(0).modes());
        // The contract year to the warranty's end (1 year), four visits needed, none done.
        check(obligations.get(1), "maintenance", "2026-02-10", State.OPEN, 0, 4, accepted, sh("2027-02-10T10:00"), now);
        assertNull(obligations.get(1).metAt());
        // From go-live + 1 month; the phone call out of hours is not counted: 15 days 12 hours left.
        check(obligations.get(2), "return-visit", "2026-03-10", State.OPEN, 0, 1, sh("2026-03-10T10:00"), q1End, now);
        assertEquals(Duration.ofDays(15).plusHours(12).toMillis(), obligations.get(2).timeLeftMs());
        assertEquals(List.of("ON_SITE", "PHONE"), obligations.get(2).modes());
        assertTrue(obligations.get(2).allModes());

        List<VisitView> visits = site.visits();
        assertEquals(List.of("rv-1", "in-1"), visits.stream().map(VisitView::visitId).toList(), "newest first");
        VisitView inspection = visits.get(1);
        assertEquals("INSPECTION", inspection.kind());
        assertEquals("COMPLETED", inspection.type());
        assertEquals("ON_SITE", inspection.mode());
        assertEquals(sh("2026-03-12T10:00"), inspection.at());
        assertEquals("2026-03-12 10:00:00 Asia/Shanghai", inspection.atLocal());
        assertEquals(List.of("eng-1"), inspection.engineers());
        assertEquals("alice", inspection.actor());
        assertNull(visits.get(0).actor());
    }

    @Test
    void aPeriodOverAndNotMetIsMissedUntilTheNextOneOpens() {
        Instant accepted = sh("2026-02-10T10:00");
        HeldWatermark input = new HeldWatermark();
        h = new TopologyHarness(accepted, Map.of("health.check-interval", "1m"), input);
        h.site(school4(accepted));
        // The input read up to 03-31 23:00 only: Q1's verdicts wait, and the page already says what they will be.
        input.holdAt(sh("2026-03-31T23:00").toEpochMilli());
        Instant q1End = sh("2026-04-01T00:00");
        h.jumpTo(q1End.plusSeconds(30 * 60));
        Instant now = h.now();
        List<ObligationView> held = read().obligations();
        check(held.get(0), "inspection", "2026-02-10", State.MISSED, 0, 1, accepted, q1End, now);
        assertEquals(-Duration.ofMinutes(30).toMillis(), held.get(0).timeLeftMs());
        check(held.get(2), "return-visit", "2026-03-10", State.MISSED, 0, 1, sh("2026-03-10T10:00"), q1End, now);

        // Read on: the verdicts are given, and Q2's occurrences are what the page shows.
        input.release();
        h.jumpTo(q1End.plusSeconds(32 * 60));
        now = h.now();
        Instant q2End = sh("2026-07-01T00:00");
        List<ObligationView> q2 = read().obligations();
        assertEquals(List.of("maintenance", "inspection", "return-visit"), q2.stream().map(ObligationView::obligationId).toList());
        check(q2.get(1), "inspection", "2026-04-01", State.OPEN, 0, 1, q1End, q2End, now);
        check(q2.get(2), "return-visit", "2026-04-01", State.OPEN, 0, 1, q1End, q2End, now);
    }
}
