package com.schoolops.sla.notify;

import com.schoolops.sla.avro.DigestSite;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.Notification;
import com.schoolops.sla.avro.NotificationKind;
import com.schoolops.sla.avro.OutageState;
import com.schoolops.sla.avro.SiteOutage;
import com.schoolops.sla.bench.StormRoutes;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.notify.planner.NotifyTopology;
import com.schoolops.sla.notify.routes.Routes;
import com.schoolops.sla.notify.routes.RoutesFile;
import com.schoolops.sla.serde.InMemorySchemaRegistry;
import com.schoolops.sla.serde.ValueSerdes;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A storm (issue 39) through notify's planner on TopologyTestDriver, the wall clock driven by the test: 100 schools
 * lose power within one minute (each school's SITE_OUTAGE and the alarms of two of its devices) and come back 20 minutes
 * later, within one minute too. Each school's robot gets one page and one resolved notice; the desk and the on-call get
 * one digest, updated at most every group_interval while it changes, and a resolved digest.
 */
class StormPlannerTopologyTest {
    static final int SCHOOLS = 100;
    static final Duration GROUP_WAIT = Duration.ofSeconds(30);
    static final Duration GROUP_INTERVAL = Duration.ofMinutes(2);
    static final Duration TICK = Duration.ofSeconds(1);
    /** The storm's minute: school k loses power at k * 600 ms, and is back 20 minutes after that. */
    static final long SPACING_MS = 60_000 / SCHOOLS;
    static final Duration OUTAGE = Duration.ofMinutes(20);
    static final Instant CUT = Instant.parse("2026-12-07T01:00:00Z"); // 09:00 in Shanghai

    TopologyTestDriver driver;
    TestInputTopic<String, Escalation> escalations;
    TestInputTopic<String, SiteOutage> outages;
    TestOutputTopic<String, Notification> notifications;
    Instant now = CUT;
    /** Every notification, with the wall-clock instant it came out at. */
    final List<Notification> said = new ArrayList<>();

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void eachSchoolGetsOnePageAndOneResolvedTheDeskOneDigestPacedByGroupIntervalAndAResolvedDigest() throws Exception {
        Routes routes = RoutesFile.parse(StormRoutes.yaml(SCHOOLS, 0, "http://localhost", GROUP_WAIT, GROUP_INTERVAL), Map.of());
        open(routes);
        Map<String, Instant> downAt = new HashMap<>();
        Map<String, Instant> backAt = new HashMap<>();
        for (int k = 0; k < SCHOOLS; k++) {
            downAt.put(StormRoutes.site(k), CUT.plusMillis(k * SPACING_MS));
            backAt.put(StormRoutes.site(k), CUT.plus(OUTAGE).plusMillis(k * SPACING_MS));
        }
        Instant end = CUT.plus(OUTAGE).plus(Duration.ofMinutes(5));
        while (now.isBefore(end)) {
            for (int k = 0; k < SCHOOLS; k++) {
                String site = StormRoutes.site(k);
                if (due(downAt.get(site))) {
                    powerCut(site, k);
                }
                if (due(backAt.get(site))) {
                    outages.pipeInput(site, outage(site, OutageState.ENDED, 0), now);
                }
            }
            driver.advanceWallClockTime(Duration.ofMillis(100));
            now = now.plusMillis(100);
            notifications.readValuesToList().forEach(said::add);
        }

        // Each school's robot: one page (its SITE_OUTAGE, its devices' alarms in it) and one resolved notice.
        for (int k = 0; k < SCHOOLS; k++) {
            String robot = StormRoutes.robot(k);
            List<Notification> got = said.stream().filter(n -> n.getReceiver().equals(robot)).toList();
            assertEquals(List.of(NotificationKind.FIRING, NotificationKind.RESOLVED), got.stream().map(Notification::getKind).toList(), robot);
            assertEquals(EscalationType.SITE_OUTAGE, got.get(0).getHeadline().getType(), robot);
            assertEquals(2, got.get(0).getGrouped().size(), robot + ": the two devices' alarms are in its page, not messages of their own");
        }
        long perSchool = said.stream().filter(n -> n.getReceiver().startsWith("robot-")).count();
        assertEquals(SCHOOLS * 2L, perSchool);

        // The desk and the on-call: the same digests, nothing else.
        List<Notification> desk = said.stream().filter(n -> n.getReceiver().equals(StormRoutes.DESK)).toList();
        List<Notification> onCall = said.stream().filter(n -> n.getReceiver().equals(StormRoutes.ON_CALL)).toList();
        assertEquals(desk.stream().map(Notification::getNotificationId).toList(), onCall.stream().map(Notification::getNotificationId).toList());
        assertTrue(desk.stream().allMatch(n -> n.getDigest() != null), "the desk is sent digests only");
        assertEquals(0, said.stream().filter(n -> n.getReceiver().equals(StormRoutes.NOC)).count(), "nothing of the storm falls through to the NOC");

        // The first digest a group_wait after the first school went down; then at most one a group_interval, each one a change.
        Instant first = Instant.ofEpochMilli(desk.get(0).getPlannedAt());
        assertTrue(!first.isBefore(CUT.plus(GROUP_WAIT)) && !first.isAfter(CUT.plus(GROUP_WAIT).plus(TICK)), "first digest at " + first);
        for (int i = 1; i < desk.size(); i++) {
            long apart = desk.get(i).getPlannedAt() - desk.get(i - 1).getPlannedAt();
            assertTrue(apart >= GROUP_INTERVAL.toMillis(), "digest " + (i + 1) + " only " + apart + " ms after the one before");
        }
        // Every digest says exactly which schools are down and back at its time (the test's own schedule: what the test sent
        // before the tick that sent the digest).
        for (Notification n : desk) {
            Instant at = Instant.ofEpochMilli(n.getPlannedAt());
            Set<String> down = downAt.keySet().stream().filter(s -> downAt.get(s).isBefore(at) && !backAt.get(s).isBefore(at)).collect(Collectors.toSet());
            Set<String> back = backAt.keySet().stream().filter(s -> backAt.get(s).isBefore(at)).collect(Collectors.toSet());
            assertEquals(new TreeSet<>(down), names(n.getDigest().getDown()), n.getNotificationId() + " down");
            assertEquals(new TreeSet<>(back), names(n.getDigest().getBack()), n.getNotificationId() + " back");
        }
        // Bounded: the changes span the two minutes of the storm (one going down, one coming back) and the 20 between; a
        // digest at most each group_interval over them, the first, and the resolved one.
        long changesSpan = Duration.between(CUT, CUT.plus(OUTAGE).plusMillis((SCHOOLS - 1) * SPACING_MS)).toMillis();
        long bound = 2 + changesSpan / GROUP_INTERVAL.toMillis();
        assertTrue(desk.size() <= bound, desk.size() + " digests, more than " + bound);
        assertTrue(desk.size() < SCHOOLS / 10, "a handful, not a message per school: " + desk.size());
        Notification last = desk.get(desk.size() - 1);
        assertEquals(NotificationKind.RESOLVED, last.getKind());
        assertEquals(SCHOOLS, last.getDigest().getBack().size());
        assertEquals(0, last.getDigest().getDown().size());
        assertEquals(desk.size() - 1, desk.stream().filter(n -> n.getKind() == NotificationKind.FIRING).count());
        assertEquals(IntStream.rangeClosed(1, desk.size()).boxed().toList(), desk.stream().map(n -> n.getDigest().getUpdate()).toList());

        try (var digests = driver.<String, Object>getKeyValueStore("notify-digests-store").all();
             var members = driver.<String, Object>getKeyValueStore("notify-digest-members-store").all()) {
            assertTrue(!digests.hasNext() && !members.hasNext(), "the storm is over: no digest and no member left");
        }
    }

    @Test
    void anOutageOverBeforeTheFirstDigestIsNeverSaidAndTheNextStormOpensANewDigest() throws Exception {
        open(RoutesFile.parse(StormRoutes.yaml(2, 0, "http://localhost", GROUP_WAIT, GROUP_INTERVAL), Map.of()));
        powerCut(StormRoutes.site(0), 0);
        advance(Duration.ofSeconds(10));
        outages.pipeInput(StormRoutes.site(0), outage(StormRoutes.site(0), OutageState.ENDED, 0), now);
        advance(Duration.ofMinutes(3));
        assertEquals(List.of(), said, "over within group_wait: neither the school nor the desk hears of it");

        powerCut(StormRoutes.site(1), 1);
        advance(GROUP_WAIT.plus(TICK));
        List<Notification> digests = said.stream().filter(n -> n.getReceiver().equals(StormRoutes.DESK)).toList();
        assertEquals(List.of("so-" + StormRoutes.site(1) + "@" + StormRoutes.DIGEST_ROUTE + "/digest-1"),
                digests.stream().map(Notification::getNotificationId).toList(), "a new digest, named after its first school's outage");
        assertEquals("*", digests.get(0).getSiteId(), "a digest is about many schools: its key is its group, not one school");
        assertNull(digests.get(0).getOutage());
    }

    private void powerCut(String site, int k) {
        escalations.pipeInput("d-" + k + "-a", device("u-" + site + "-a", site), now);
        escalations.pipeInput(site, Escalation.newBuilder().setEscalationId("so-" + site).setType(EscalationType.SITE_OUTAGE).setTier(2)
                .setSiteId(site).setDeviceId(null).setContractId("seed-003").setSeverity("MAJOR").setAt(now.toEpochMilli())
                .setMessage("outage at " + site).build(), now);
        outages.pipeInput(site, outage(site, OutageState.STARTED, 100), now);
        escalations.pipeInput("d-" + k + "-b", device("u-" + site + "-b", site), now);
    }

    private Escalation device(String id, String site) {
        return Escalation.newBuilder().setEscalationId(id).setType(EscalationType.UNTICKETED_OUTAGE).setTier(1).setSiteId(site)
                .setDeviceId(id).setContractId("seed-003").setSeverity("GENERAL").setAt(now.toEpochMilli()).setMessage("down").build();
    }

    private SiteOutage outage(String site, OutageState state, int down) {
        return SiteOutage.newBuilder().setSiteId(site).setState(state).setDevicesDown(down).setDevicesTotal(100)
                .setStartedAt(now.toEpochMilli()).setAt(now.toEpochMilli()).build();
    }

    /** True once, in the 100 ms step the instant falls in. */
    private boolean due(Instant at) {
        return !at.isBefore(now) && at.isBefore(now.plusMillis(100));
    }

    private void advance(Duration d) {
        for (Instant end = now.plus(d); now.isBefore(end); now = now.plus(TICK)) {
            driver.advanceWallClockTime(TICK);
            notifications.readValuesToList().forEach(said::add);
        }
    }

    private static TreeSet<String> names(List<DigestSite> sites) {
        return sites.stream().map(DigestSite::getSiteId).collect(Collectors.toCollection(TreeSet::new));
    }

    private void open(Routes routes) throws Exception {
        Settings settings = Settings.defaults().with(Map.of("state.dir", Files.createTempDirectory("notify-storm").toString()));
        NotifyConfig config = NotifyConfig.from(settings, ValueSerdes.registry(InMemorySchemaRegistry.withKnownSchemas()));
        var topics = config.topics().published();
        driver = new TopologyTestDriver(NotifyTopology.build(config.topics(), routes, TICK), config.streamsProperties(), CUT);
        var key = Serdes.String().serializer();
        escalations = driver.createInputTopic(topics.escalations().name(), key, topics.escalations().valueSerde().serializer());
        outages = driver.createInputTopic(topics.outages().name(), key, topics.outages().valueSerde().serializer());
        notifications = driver.createOutputTopic(config.topics().notifications().name(), Serdes.String().deserializer(),
                config.topics().notifications().valueSerde().deserializer());
    }
}
