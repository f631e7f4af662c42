package com.schoolops.sla.bench;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.Notification;
import com.schoolops.sla.avro.NotificationKind;
import com.schoolops.sla.avro.SlaClock;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.schoolops.sla.bench.AlertJourneys.Step.*;
import static org.junit.jupiter.api.Assertions.*;

class AlertJourneysTest {
    private final AlertJourneys journeys = new AlertJourneys();

    @Test
    void aBreachIsFollowedFromItsDueTimeToItsRobotStepByStep() {
        journeys.due(EscalationType.SLA_BREACH, "T-1", 10_000);
        journeys.escalated(breach("e-1", "T-1", 10_000), 10_400, 10_520);
        journeys.queued(notification("e-1", NotificationKind.FIRING, 10_900), 11_010);
        journeys.received("e-1", 11_030);

        AlertJourneys.Report r = journeys.report(EscalationType.SLA_BREACH, 0);
        assertEquals(1, r.due());
        assertEquals(1, r.received());
        assertEquals(new Percentiles(1, 1_030, 1_030, 1_030), r.total());
        assertEquals(Map.of(DEADLINE, 0L, DECIDED, 400L, PUBLISHED, 120L, PLANNED, 380L, QUEUED, 110L, RECEIVED, 20L), p50s(r));
    }

    @Test
    void anOutageTheEngineHoldsDueLaterThanTheSpecificationShowsItAsAStep() {
        // The DOWN was published 700 ms after the silence's deadline: the engine's due time is that plus the grace.
        journeys.due(EscalationType.UNTICKETED_OUTAGE, "probe-3", 50_000);
        journeys.escalated(outage("e-3", "probe-3", 50_700), 51_000, 51_100);
        journeys.queued(notification("e-3", NotificationKind.FIRING, 51_200), 51_300);
        journeys.received("e-3", 51_310);

        AlertJourneys.Report r = journeys.report(EscalationType.UNTICKETED_OUTAGE, 0);
        assertEquals(Map.of(DEADLINE, 700L, DECIDED, 300L, PUBLISHED, 100L, PLANNED, 100L, QUEUED, 100L, RECEIVED, 10L), p50s(r));
        assertEquals(1_310, r.total().p50());
    }

    @Test
    void theRoutesGroupWaitIsNotThePipelines() {
        journeys.due(EscalationType.UNTICKETED_OUTAGE, "probe-3", 50_000);
        journeys.escalated(outage("e-3", "probe-3", 50_000), 50_300, 50_400);
        journeys.received("e-3", 81_200);

        assertEquals(1_200, journeys.report(EscalationType.UNTICKETED_OUTAGE, 30_000).total().max());
    }

    @Test
    void whatTheReadersSeeIsJoinedInWhateverOrderTheyTellIt() {
        journeys.received("e-1", 11_030); // the robot's request, told before the escalation's reader caught up
        journeys.queued(notification("e-1", NotificationKind.FIRING, 10_900), 11_010);
        journeys.escalated(breach("e-1", "T-1", 10_000), 10_400, 10_520);
        journeys.due(EscalationType.SLA_BREACH, "T-1", 10_000);

        assertEquals(1_030, journeys.report(EscalationType.SLA_BREACH, 0).total().p50());
    }

    @Test
    void onlyTheFirstArrivalOfTheFirstMessageCounts() {
        journeys.due(EscalationType.SLA_BREACH, "T-1", 10_000);
        journeys.escalated(breach("e-1", "T-1", 10_000), 10_400, 10_520);
        journeys.queued(notification("e-1/repeat-1", NotificationKind.REPEAT, 20_000), 20_100);
        journeys.queued(notification("e-1", NotificationKind.FIRING, 10_900), 11_010);
        journeys.received("e-1", 11_500);
        journeys.received("e-1", 11_030); // the same message again (a redelivery), told out of order
        journeys.received("e-1/repeat-1", 20_200);

        AlertJourneys.Report r = journeys.report(EscalationType.SLA_BREACH, 0);
        assertEquals(1_030, r.total().max());
        assertEquals(110, r.steps().get(QUEUED).max());
    }

    @Test
    void aVerdictNeverReceivedIsNamedAndLeftOutOfTheTimes() {
        journeys.due(EscalationType.SLA_BREACH, "T-1", 10_000);
        journeys.due(EscalationType.SLA_BREACH, "T-2", 12_000);
        journeys.due(EscalationType.UNTICKETED_OUTAGE, "probe-0", 12_000);
        journeys.escalated(breach("e-1", "T-1", 10_000), 10_400, 10_520);
        journeys.escalated(breach("e-2", "T-2", 12_000), 12_400, 12_520);
        journeys.received("e-1", 11_000);

        AlertJourneys.Report r = journeys.report(EscalationType.SLA_BREACH, 0);
        assertEquals(2, r.due());
        assertEquals(List.of("T-2"), r.missing());
        assertEquals(new Percentiles(1, 1_000, 1_000, 1_000), r.total());
        assertTrue(r.steps().isEmpty(), "no notification was seen: no step is complete");
        assertNull(journeys.report(EscalationType.UNTICKETED_OUTAGE, 0).total());
    }

    @Test
    void anotherTypeAboutTheSameSubjectIsAnotherVerdict() {
        journeys.due(EscalationType.SLA_BREACH, "T-1", 10_000);
        Escalation warning = Escalation.newBuilder(breach("w-1", "T-1", 10_000)).setType(EscalationType.SLA_WARNING).build();
        journeys.escalated(warning, 5_000, 5_100);
        journeys.received("w-1", 5_200);

        assertEquals(List.of("T-1"), journeys.report(EscalationType.SLA_BREACH, 0).missing());
    }

    private static Map<AlertJourneys.Step, Long> p50s(AlertJourneys.Report r) {
        Map<AlertJourneys.Step, Long> p50s = new java.util.EnumMap<>(AlertJourneys.Step.class);
        r.steps().forEach((step, p) -> p50s.put(step, p.p50()));
        return p50s;
    }

    private static Escalation breach(String id, String ticket, long deadline) {
        return Escalation.newBuilder().setEscalationId(id).setType(EscalationType.SLA_BREACH).setTier(1).setTicketId(ticket).setSiteId("site-1")
                .setContractId("bench-alert").setSeverity("P1").setClock(SlaClock.RESPONSE).setDeadline(deadline).setAt(deadline).setMessage("breach").build();
    }

    private static Escalation outage(String id, String device, long deadline) {
        return Escalation.newBuilder().setEscalationId(id).setType(EscalationType.UNTICKETED_OUTAGE).setTier(1).setDeviceId(device).setSiteId("site-0")
                .setDeadline(deadline).setAt(deadline).setMessage("down").build();
    }

    private static Notification notification(String id, NotificationKind kind, long plannedAt) {
        return Notification.newBuilder().setNotificationId(id).setReceiver("desk").setRoute("breaches").setKind(kind).setTier(1).setSiteId("site-1")
                .setHeadline(breach("e-1", "T-1", 10_000)).setPlannedAt(plannedAt).build();
    }
}
