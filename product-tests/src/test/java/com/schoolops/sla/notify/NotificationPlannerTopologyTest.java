package com.schoolops.sla.notify;

import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.Notification;
import com.schoolops.sla.avro.NotificationKind;
import com.schoolops.sla.avro.OutageState;
import com.schoolops.sla.avro.SiteOutage;
import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.avro.TicketEvent;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.avro.TicketStatus;
import com.schoolops.sla.avro.TicketStatusChange;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.notify.planner.NotifyTopology;
import com.schoolops.sla.notify.planner.PlannerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.schoolops.sla.notify.routes.RoutesFile;
import com.schoolops.sla.serde.InMemorySchemaRegistry;
import com.schoolops.sla.serde.ValueSerdes;
import com.schoolops.sla.testing.TopologyHarness;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * notify's planner on TopologyTestDriver, the wall clock driven by the test: grouping, repeat to the next tier, quiet hours, resolved notices.
 * Tickets answer pages through the engine's {@code ticket-status}: what the engine accepted, never a raw ticket event.
 */
class NotificationPlannerTopologyTest {
    static final String ROUTES = """
            defaults: {group_wait: 30s, repeat_interval: 10m}
            receivers:
              - {name: school-robot, wecom: {url: "http://localhost/wecom"}}
              - {name: oncall, dingtalk: {url: "http://localhost/ding", secret: s}}
              - {name: managers, email: {host: localhost, from: sla@example.org, to: [boss@example.org]}, language: en}
              - {name: noc, webhook: {url: "http://localhost/noc"}}
            routes:
              - {name: outages, match: {type: [SITE_OUTAGE, UNTICKETED_OUTAGE]}, receivers: [school-robot, noc]}
              - {name: experts, match: {tier: 3}, receivers: [managers]}
              - {name: on-site, match: {tier: 2}, receivers: [oncall]}
              - {name: warnings, match: {type: SLA_WARNING, site: "north-*"}, receivers: [school-robot],
                 quiet_hours: {from: "22:00", to: "07:00", zone: Asia/Shanghai}}
              - {name: default, receivers: [school-robot]}
            """;
    // 2026-03-02 09:00 in Shanghai
    static final Instant START = Instant.parse("2026-03-02T01:00:00Z");

    TopologyTestDriver driver;
    TestInputTopic<String, Escalation> escalations;
    TestInputTopic<String, SiteOutage> outages;
    /** The engine's ticket status changes, as notify reads them. */
    TestInputTopic<String, TicketStatusChange> tickets;
    TestOutputTopic<String, Notification> notifications;
    Instant now = START;
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    void open(Instant start) throws Exception {
        open(start, ROUTES);
    }

    void open(Instant start, String routes) throws Exception {
        open(start, RoutesFile.parse(routes, Map.of()));
    }

    void open(Instant start, com.schoolops.sla.notify.routes.Routes routes) throws Exception {
        now = start;
        Settings settings = Settings.defaults().with(Map.of("state.dir", Files.createTempDirectory("notify-ttd").toString()));
        NotifyConfig config = NotifyConfig.from(settings, ValueSerdes.registry(InMemorySchemaRegistry.withKnownSchemas()));
        var topics = config.topics().published();
        driver = new TopologyTestDriver(NotifyTopology.build(config.topics(), routes, Duration.ofSeconds(1),
                        Duration.ofHours(1), new PlannerMetrics(metrics)),
                config.streamsProperties(), start);
        var key = Serdes.String().serializer();
        escalations = driver.createInputTopic(topics.escalations().name(), key, topics.escalations().valueSerde().serializer());
        outages = driver.createInputTopic(topics.outages().name(), key, topics.outages().valueSerde().serializer());
        tickets = driver.createInputTopic(topics.ticketStatus().name(), key, topics.ticketStatus().valueSerde().serializer());
        notifications = driver.createOutputTopic(config.topics().notifications().name(), Serdes.String().deserializer(),
                config.topics().notifications().valueSerde().deserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    void advance(Duration d) {
        Instant end = now.plus(d);
        while (now.isBefore(end)) {
            Duration step = Duration.ofSeconds(1).compareTo(Duration.between(now, end)) < 0 ? Duration.ofSeconds(1) : Duration.between(now, end);
            driver.advanceWallClockTime(step);
            now = now.plus(step);
        }
    }

    @Test
    void aSiteOutageAndItsDevicesAlarmsGoAsOneMessageAndItsEndToEveryoneWhoWasTold() throws Exception {
        open(START);
        escalations.pipeInput("d-1", escalation("u-1", EscalationType.UNTICKETED_OUTAGE, 1, "school-7", null).setDeviceId("d-1").build());
        advance(Duration.ofSeconds(5));
        escalations.pipeInput("school-7", escalation("so-1", EscalationType.SITE_OUTAGE, 2, "school-7", null).build());
        outages.pipeInput("school-7", outage("school-7", OutageState.STARTED, 8));
        advance(Duration.ofSeconds(10));
        escalations.pipeInput("d-2", escalation("u-2", EscalationType.UNTICKETED_OUTAGE, 1, "school-7", null).setDeviceId("d-2").build());
        advance(Duration.ofSeconds(14));
        assertTrue(notifications.isEmpty(), "nothing before group_wait (30 s from the first alarm) is over");

        advance(Duration.ofSeconds(1));
        List<Notification> first = notifications.readValuesToList();
        assertEquals(List.of("school-robot", "noc"), first.stream().map(Notification::getReceiver).toList());
        for (Notification n : first) {
            assertEquals("u-1", n.getNotificationId(), "the page keeps the id of its first alarm");
            assertEquals(EscalationType.SITE_OUTAGE, n.getHeadline().getType());
            assertEquals(List.of("u-1", "u-2"), n.getGrouped().stream().map(Escalation::getEscalationId).toList());
            assertEquals(8, n.getOutage().getDevicesDown());
        }

        escalations.pipeInput("d-3", escalation("u-3", EscalationType.UNTICKETED_OUTAGE, 1, "school-7", null).setDeviceId("d-3").build());
        advance(Duration.ofMinutes(5));
        assertTrue(notifications.isEmpty(), "a device alarm during the site's outage joins its page: no message of its own");

        outages.pipeInput("school-7", outage("school-7", OutageState.ENDED, 0));
        List<Notification> resolved = notifications.readValuesToList();
        assertEquals(List.of("school-robot", "noc"), resolved.stream().map(Notification::getReceiver).toList());
        assertEquals(NotificationKind.RESOLVED, resolved.get(0).getKind());
        assertEquals("u-1/resolved", resolved.get(0).getNotificationId());
        assertEquals(3, resolved.get(0).getGrouped().size());
        advance(Duration.ofMinutes(30));
        assertTrue(notifications.isEmpty(), "an ended outage is not repeated");
    }

    @Test
    void anOutageThatEndsWithinGroupWaitIsNeverSent() throws Exception {
        open(START);
        escalations.pipeInput("school-8", escalation("so-8", EscalationType.SITE_OUTAGE, 2, "school-8", null).build());
        advance(Duration.ofSeconds(20));
        outages.pipeInput("school-8", outage("school-8", OutageState.ENDED, 0));
        advance(Duration.ofMinutes(1));
        assertTrue(notifications.isEmpty());
    }

    @Test
    void anUnansweredBreachGoesAgainToTheNextTierUntilAcknowledgedAndItsResolutionToAllWhoWereTold() throws Exception {
        open(START);
        escalations.pipeInput("t-1", escalation("b-1", EscalationType.SLA_BREACH, 1, "school-1", "t-1").setClock(SlaClock.RESPONSE).build());
        assertEquals(List.of("b-1 school-robot FIRING t1"), said());

        advance(Duration.ofMinutes(10));
        assertEquals(List.of("b-1/repeat-1 oncall REPEAT t2"), said());
        advance(Duration.ofMinutes(10));
        assertEquals(List.of("b-1/repeat-2 managers REPEAT t3"), said());
        advance(Duration.ofMinutes(10));
        assertEquals(List.of("b-1/repeat-3 managers REPEAT t3"), said(), "tier 3 is the last: it is told again until someone answers");

        tickets.pipeInput("t-1", ticket("t-1", TicketEventType.ACKNOWLEDGED, "school-1", "li.wei"));
        advance(Duration.ofMinutes(30));
        assertEquals(List.of(), said(), "acknowledged: no more repeats");

        tickets.pipeInput("t-1", ticket("t-1", TicketEventType.RESOLVED, "school-1", "li.wei"));
        List<Notification> resolved = notifications.readValuesToList();
        assertEquals(List.of("school-robot", "oncall", "managers"), resolved.stream().map(Notification::getReceiver).toList());
        assertTrue(resolved.stream().allMatch(n -> n.getKind() == NotificationKind.RESOLVED && "li.wei".equals(n.getAnsweredBy())
                && n.getNotificationId().equals("b-1/resolved")));
    }

    @Test
    void aLaterClocksBreachIsAnsweredOnlyByAnAcknowledgementAfterIt() throws Exception {
        open(START);
        tickets.pipeInput("t-2", ticket("t-2", TicketEventType.ACKNOWLEDGED, "school-2", "early"));
        escalations.pipeInput("t-2", escalation("b-2", EscalationType.SLA_BREACH, 2, "school-2", "t-2").setClock(SlaClock.RESTORE)
                .setAt(now.toEpochMilli()).build());
        assertEquals(List.of("b-2 oncall FIRING t2"), said());
        advance(Duration.ofMinutes(10));
        assertEquals(List.of("b-2/repeat-1 managers REPEAT t3"), said(), "the acknowledgement from before the breach does not answer it");
        tickets.pipeInput("t-2", ticket("t-2", TicketEventType.ACKNOWLEDGED, "school-2", "zhang"));
        advance(Duration.ofMinutes(20));
        assertEquals(List.of(), said());
    }

    @Test
    void quietHoursHoldTierOneUntilMorningAndNeverTierTwo() throws Exception {
        open(Instant.parse("2026-03-02T15:00:00Z")); // 23:00 in Shanghai
        escalations.pipeInput("t-3", escalation("w-1", EscalationType.SLA_WARNING, 1, "north-3", "t-3").build());
        escalations.pipeInput("t-4", escalation("w-2", EscalationType.SLA_WARNING, 2, "north-3", "t-4").build());
        escalations.pipeInput("t-5", escalation("w-3", EscalationType.SLA_WARNING, 1, "south-1", "t-5").build());
        assertEquals(List.of("w-2 oncall FIRING t2", "w-3 school-robot FIRING t1"), said(), "tier 2, and a route without quiet hours, go at once");
        advance(Duration.ofHours(8).minusSeconds(1));
        assertEquals(List.of(), said());
        advance(Duration.ofSeconds(1)); // 07:00
        assertEquals(List.of("w-1 school-robot FIRING t1"), said());
    }

    @Test
    void theSameEscalationTwiceIsSaidOnce() throws Exception {
        open(START);
        Escalation breach = escalation("b-9", EscalationType.SLA_BREACH, 1, "school-9", "t-9").build();
        escalations.pipeInput("t-9", breach);
        escalations.pipeInput("t-9", breach);
        assertEquals(List.of("b-9 school-robot FIRING t1"), said());
    }

    /** A warning is said once: read again within max-age it is not said again, and its ticket's resolution says nothing. */
    @Test
    void aWarningIsSaidOnceEvenReadTwiceAndNoResolutionFollowsIt() throws Exception {
        open(START);
        Escalation warning = escalation("w-10", EscalationType.SLA_WARNING, 1, "school-10", "t-10").setClock(SlaClock.RESPONSE).build();
        escalations.pipeInput("t-10", warning, now);
        advance(Duration.ofMinutes(20));
        escalations.pipeInput("t-10", warning, now);
        tickets.pipeInput("t-10", ticket("t-10", TicketEventType.RESOLVED, "school-10", "li.wei"), now);
        advance(Duration.ofMinutes(60));
        assertEquals(List.of("w-10 school-robot FIRING t1"), said());
    }

    /**
     * A planner that starts on topics with hours of history (a new application.id, a first deployment) sends only
     * what is recent and still open: nothing published before notify.max-age (1 h), nothing answered in the same backlog.
     */
    @Test
    void aFreshPlannerOnHoursOfHistorySendsOnlyWhatIsRecentAndStillOpen() throws Exception {
        open(START);
        Instant begin = START.minus(Duration.ofHours(5));
        // t-20: warnings of its RESTORE clock, then its breach, all hours ago; still open, but old news
        history(escalation("w-20", EscalationType.SLA_WARNING, 1, "school-20", "t-20").setClock(SlaClock.RESTORE), begin);
        history(escalation("b-20", EscalationType.SLA_BREACH, 3, "school-20", "t-20").setClock(SlaClock.RESTORE), begin.plus(Duration.ofHours(1)));
        // t-21: its device came back 40 min ago and the ticket was closed 30 min ago: answered before anyone is told
        history(escalation("r-21", EscalationType.DEVICE_RECOVERED, 1, "school-21", "t-21").setDeviceId("d-21"), START.minus(Duration.ofMinutes(40)));
        tickets.pipeInput("t-21", ticket("t-21", TicketEventType.CLOSED, "school-21", "wang"), START.minus(Duration.ofMinutes(30)));
        // t-22: a RESPONSE warning 20 min ago, acknowledged since
        history(escalation("w-22", EscalationType.SLA_WARNING, 1, "school-22", "t-22").setClock(SlaClock.RESPONSE), START.minus(Duration.ofMinutes(20)));
        tickets.pipeInput("t-22", ticket("t-22", TicketEventType.ACKNOWLEDGED, "school-22", "zhao"), START.minus(Duration.ofMinutes(15)));
        // t-23: breached 5 min ago, nobody answered: the one thing to say
        history(escalation("b-23", EscalationType.SLA_BREACH, 2, "school-23", "t-23").setClock(SlaClock.ON_SITE), START.minus(Duration.ofMinutes(5)));

        advance(Duration.ofSeconds(2));
        assertEquals(List.of("b-23 oncall FIRING t2"), said(), "only the recent breach that is still open is sent");
        advance(Duration.ofMinutes(30));
        assertEquals(List.of("b-23/repeat-1 managers REPEAT t3", "b-23/repeat-2 managers REPEAT t3", "b-23/repeat-3 managers REPEAT t3"), said(),
                "what was never sent is never repeated");
        tickets.pipeInput("t-20", ticket("t-20", TicketEventType.RESOLVED, "school-20", "wang"));
        assertEquals(List.of(), said(), "nobody was told of t-20, so nobody is told it is resolved");
        assertEquals(2.0, metrics.get("sla_notify_skipped").tag("reason", "stale").counter().count(), "w-20 and b-20");
        assertEquals(2.0, metrics.get("sla_notify_skipped").tag("reason", "answered").counter().count(), "r-21 and w-22");
    }

    /** The paperwork after RESOLVED (a late report, a late courtesy call) is said once: experts are not paged about it. */
    @Test
    void aCallbackBreachIsSentOnceAndNotRepeatedUpTheTiers() throws Exception {
        open(START);
        escalations.pipeInput("t-30", escalation("cb-30", EscalationType.SLA_BREACH, 2, "school-30", "t-30").setClock(SlaClock.CALLBACK).build());
        escalations.pipeInput("t-31", escalation("rp-31", EscalationType.SLA_BREACH, 2, "school-31", "t-31").setClock(SlaClock.REPORT).build());
        assertEquals(List.of("cb-30 oncall FIRING t2", "rp-31 oncall FIRING t2"), said());
        advance(Duration.ofHours(1));
        assertEquals(List.of(), said(), "no repeat of a CALLBACK or REPORT breach by default");
    }

    @Test
    void aRouteMaySayWhichClocksRepeat() throws Exception {
        open(START, ROUTES.replace("{name: on-site, match: {tier: 2}, receivers: [oncall]}",
                "{name: on-site, match: {tier: 2}, receivers: [oncall], repeat_clocks: [CALLBACK]}"));
        escalations.pipeInput("t-32", escalation("cb-32", EscalationType.SLA_BREACH, 2, "school-32", "t-32").setClock(SlaClock.CALLBACK).build());
        escalations.pipeInput("t-33", escalation("rs-33", EscalationType.SLA_BREACH, 2, "school-33", "t-33").setClock(SlaClock.RESTORE).build());
        assertEquals(List.of("cb-32 oncall FIRING t2", "rs-33 oncall FIRING t2"), said());
        advance(Duration.ofMinutes(10));
        assertEquals(List.of("cb-32/repeat-1 managers REPEAT t3"), said(), "the route repeats CALLBACK, and only what it names");
    }

    /**
     * notify hears of tickets only what the engine accepted: an ACKNOWLEDGED for a ticket the engine does not know is
     * refused there (a dead letter) and does not silence the breach's repeats; the same for an open ticket answers it.
     */
    @Test
    void anAcknowledgementTheEngineRefusesDoesNotSilenceABreachsRepeats() throws Exception {
        open(START);
        escalations.pipeInput("t-40", escalation("b-40", EscalationType.SLA_BREACH, 1, "school-40", "t-40").setClock(SlaClock.RESPONSE).build());
        escalations.pipeInput("t-41", escalation("b-41", EscalationType.SLA_BREACH, 1, "school-41", "t-41").setClock(SlaClock.RESPONSE).build());
        assertEquals(List.of("b-40 school-robot FIRING t1", "b-41 school-robot FIRING t1"), said());

        try (TopologyHarness engine = new TopologyHarness(now)) {
            engine.ticket(event("t-40", TicketEventType.ACKNOWLEDGED, "school-40", "li.wei").build()); // never opened
            engine.ticket(event("t-41", TicketEventType.OPENED, "school-41", "desk").setContractId("seed-001").setSeverity("DEFAULT").build());
            engine.ticket(event("t-41", TicketEventType.ACKNOWLEDGED, "school-41", "zhang").build());
            assertEquals(1, engine.deadLetters.readRecordsToList().size(), "the engine refuses t-40's acknowledgement");
            List<TicketStatusChange> accepted = engine.ticketStatus.readValuesToList();
            assertEquals(List.of("t-41 OPENED null>OPEN", "t-41 ACKNOWLEDGED OPEN>ACKNOWLEDGED"),
                    accepted.stream().map(c -> c.getTicketId() + " " + c.getEvent() + " " + c.getPrevious() + ">" + c.getStatus()).toList());
            accepted.forEach(c -> tickets.pipeInput(c.getTicketId(), c));
        }
        advance(Duration.ofMinutes(10));
        assertEquals(List.of("b-40/repeat-1 oncall REPEAT t2"), said(), "t-40 is not answered; t-41 is");
    }

    /**
     * The scheduled half of a contract (SPEC section 9) by the district's routes file: the first quarter of 2027 of
     * school-12's inspection (seed-004), 1 January to 31 March in Shanghai. Its DUE_SOON (tier 1) goes to the field
     * engineers' group, its MISSED (tier 2) to the service managers and the NOC, not to the tier-2 route; each is said
     * once (no ticket answers them, nothing repeats, no page waits for a resolution), in words a person reads.
     */
    @Test
    void anObligationDueSoonGoesToTheEngineersAndAMissedOneToTheManagersOnceWithItsSchoolObligationAndPeriod() throws Exception {
        var routes = RoutesFile.load(java.nio.file.Path.of("../examples/routes-district.yaml"), Map.of("NOC_TOKEN", "t", "WECOM_KEY", "k",
                "DINGTALK_TOKEN", "d", "DINGTALK_SECRET", "s", "FEISHU_HOOK", "f", "FEISHU_SECRET", "s", "SMTP_PASSWORD", "p"));
        open(Instant.parse("2027-03-17T02:00:00Z"), routes); // Wednesday 17 March 2027, 10:00 in Shanghai
        long periodStart = Instant.parse("2026-12-31T16:00:00Z").toEpochMilli(); // 2027-01-01 00:00 Asia/Shanghai
        long periodEnd = Instant.parse("2027-03-31T16:00:00Z").toEpochMilli();   // 2027-04-01 00:00, exclusive
        Escalation dueSoon = obligation("ds-12", EscalationType.OBLIGATION_DUE_SOON, 1, periodStart, periodEnd).setAt(now.toEpochMilli()).build();
        escalations.pipeInput("school-12", dueSoon, now); // published now
        List<Notification> first = notifications.readValuesToList();
        assertEquals(List.of("ds-12 field-engineers FIRING t1 scheduled-service"), first.stream().map(n -> n.getNotificationId() + " "
                + n.getReceiver() + " " + n.getKind() + " t" + n.getTier() + " " + n.getRoute()).toList());
        com.schoolops.sla.notify.delivery.MessageText engineers = new com.schoolops.sla.notify.delivery.MessageText(routes.receivers().get("field-engineers"));
        assertEquals("【告警】定期服务即将到期 · school-12 · 巡检（inspection）", engineers.title(first.get(0)));
        assertEquals("""
                【告警】定期服务即将到期（1 级）
                学校：school-12
                定期服务：巡检（inspection）
                周期：2027-01-01 至 2027-03-31，Asia/Shanghai
                合同：seed-004
                说明：学校 school-12 本期（2027-01-01 至 2027-03-31，Asia/Shanghai）的巡检（inspection）尚未完成，须于 2027-04-01 00:00:00 Asia/Shanghai 前完成。
                发生时间：2027-03-17 10:00:00 Asia/Shanghai
                发送时间：2027-03-17 10:00:00 Asia/Shanghai""", engineers.text(first.get(0)));

        advance(Duration.ofMinutes(40));
        escalations.pipeInput("school-12", dueSoon, now); // the same, read again
        assertEquals(List.of(), said(), "no repeat, and the same escalation again is not said again");

        driver.advanceWallClockTime(Duration.between(now, Instant.ofEpochMilli(periodEnd))); // two weeks on, in one step
        now = Instant.ofEpochMilli(periodEnd);
        Escalation missed = obligation("m-12", EscalationType.OBLIGATION_MISSED, 2, periodStart, periodEnd).setAt(periodEnd).build();
        escalations.pipeInput("school-12", missed, now);
        List<Notification> late = notifications.readValuesToList();
        assertEquals(List.of("m-12 service-managers FIRING t2 scheduled-service-missed", "m-12 district-noc FIRING t2 scheduled-service-missed"),
                late.stream().map(n -> n.getNotificationId() + " " + n.getReceiver() + " " + n.getKind() + " t" + n.getTier() + " " + n.getRoute()).toList(),
                "at midnight: tier 2 is never held, and the managers' route comes before the tier-2 one");
        String noc = new com.schoolops.sla.notify.delivery.MessageText(routes.receivers().get("district-noc")).text(late.get(1));
        assertTrue(noc.contains("说明：学校 school-12 的巡检（inspection）在 2027-01-01 至 2027-03-31，Asia/Shanghai 这一期未完成，"
                + "该期已于 2027-04-01 00:00:00 Asia/Shanghai 结束。"), noc);
        String managers = new com.schoolops.sla.notify.delivery.MessageText(routes.receivers().get("service-managers")).text(late.get(0));
        assertTrue(managers.startsWith("[ALERT] Scheduled service missed (tier 2)\nSite: school-12\nObligation: on-site inspection (inspection)\n"
                + "Period: 2027-01-01 to 2027-03-31, Asia/Shanghai\n"), managers);
        assertTrue(managers.contains("Site school-12: the on-site inspection (inspection) of the period 2027-01-01 to 2027-03-31, Asia/Shanghai "
                + "was not done; the period ended 2027-04-01 00:00:00 Asia/Shanghai."), managers);

        advance(Duration.ofMinutes(40));
        escalations.pipeInput("school-12", missed, now);
        assertEquals(List.of(), said(), "a MISSED is not repeated up the tiers, nor said twice");
        driver.advanceWallClockTime(Duration.ofMinutes(30)); // past notify.max-age (1 h) after it was said
        try (var pages = driver.<String, Object>getKeyValueStore("notify-pages-store").all()) {
            assertFalse(pages.hasNext(), "no page is left waiting for a resolution that never comes: each is forgotten max-age after it was said");
        }
    }

    private Escalation.Builder obligation(String id, EscalationType type, int tier, long periodStart, long periodEnd) {
        return Escalation.newBuilder().setEscalationId(id).setType(type).setTier(tier).setSiteId("school-12").setContractId("seed-004")
                .setContractVersion(1).setObligationId("inspection").setPeriodStart(periodStart).setPeriodEnd(periodEnd).setDeadline(periodEnd)
                .setMessage(type + " inspection of school-12");
    }

    /** A ticket event for the engine, now. */
    private TicketEvent.Builder event(String id, TicketEventType type, String site, String actor) {
        return TicketEvent.newBuilder().setTicketId(id).setType(type).setTimestamp(now.toEpochMilli()).setSiteId(site).setActor(actor);
    }

    /** An escalation as it was published at {@code published}, with its own {@code at} then. */
    private void history(Escalation.Builder e, Instant published) {
        Escalation escalation = e.setAt(published.toEpochMilli()).build();
        escalations.pipeInput(escalation.getTicketId(), escalation, published);
    }

    private List<String> said() {
        return notifications.readValuesToList().stream()
                .map(n -> n.getNotificationId() + " " + n.getReceiver() + " " + n.getKind() + " t" + n.getTier()).toList();
    }

    private Escalation.Builder escalation(String id, EscalationType type, int tier, String site, String ticket) {
        return Escalation.newBuilder().setEscalationId(id).setType(type).setTier(tier).setSiteId(site).setTicketId(ticket)
                .setContractId("seed-001").setSeverity("GENERAL").setAt(now.toEpochMilli()).setMessage(type + " at " + site);
    }

    private SiteOutage outage(String site, OutageState state, int down) {
        return SiteOutage.newBuilder().setSiteId(site).setState(state).setDevicesDown(down).setDevicesTotal(20)
                .setStartedAt(START.toEpochMilli()).setAt(now.toEpochMilli()).build();
    }

    /** An accepted {@code type} as the engine publishes it (the statuses around it do not matter to notify). */
    private TicketStatusChange ticket(String id, TicketEventType type, String site, String actor) {
        return TicketStatusChange.newBuilder().setTicketId(id).setSiteId(site).setContractId("seed-001").setSeverity("GENERAL").setEvent(type)
                .setPrevious(TicketStatus.ACKNOWLEDGED).setStatus(TicketStatus.valueOf(type.name())).setAt(now.toEpochMilli()).setActor(actor).build();
    }
}
