package com.schoolops.sla.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.schoolops.sla.avro.DeliveryOutcome;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.Notification;
import com.schoolops.sla.avro.NotificationDelivery;
import com.schoolops.sla.avro.OutageState;
import com.schoolops.sla.avro.SiteOutage;
import com.schoolops.sla.avro.SlaClock;
import com.schoolops.sla.avro.TicketEventType;
import com.schoolops.sla.avro.TicketStatus;
import com.schoolops.sla.avro.TicketStatusChange;
import com.schoolops.sla.console.Chromium;
import com.schoolops.sla.deadletter.DeadLetters;
import com.schoolops.sla.serde.JsonRecords;
import com.schoolops.sla.testing.AppProcess;
import com.schoolops.sla.testing.RecordingReceiver;
import com.schoolops.sla.testing.Testbed;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * issue 25 on a real broker: {@code notify} as a child JVM, its receivers a local HTTP receiver (webhooks and the three
 * group robots) and a real SMTP server (GreenMail) in this JVM. What the receivers got is checked by Idempotency-Key
 * (Message-ID for mail), and what a {@code read_committed} consumer sees on {@code sla-notifications},
 * {@code notification-deliveries} and {@code dead-letters}.
 */
class NotifyIntegrationTest {
    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("sla", "mail-secret"));

    static Testbed testbed;
    static RecordingReceiver http;

    @BeforeAll
    static void start() throws Exception {
        testbed = Testbed.start("notify-it", Map.of());
        http = new RecordingReceiver();
    }

    @AfterAll
    static void stop() {
        http.close();
        testbed.close();
    }

    /** Every escalation of a scripted day reaches the right receivers once; a failing one is retried, a refusing one dead-lettered. */
    @Test
    void aScriptedDayReachesEachReceiverOnceByIdempotencyKey() throws Exception {
        http.answer("/flaky", call -> call <= 2 ? 503 : 200);
        http.answer("/broken", call -> 400);
        Path routes = testbed.dir.resolve("day-routes.yaml");
        Files.writeString(routes, """
                defaults: {group_wait: 2s, repeat_interval: 0s, zone: Asia/Shanghai}
                receivers:
                  - {name: noc, webhook: {url: "%1$s/noc", headers: {Authorization: "Bearer it"}}}
                  - {name: school-robot, wecom: {url: "%1$s/wecom?key=k1"}}
                  - {name: oncall, dingtalk: {url: "%1$s/ding?access_token=t1", secret: ding-secret}}
                  - {name: experts, feishu: {url: "%1$s/feishu", secret: feishu-secret}}
                  - {name: flaky, webhook: {url: "%1$s/flaky"}}
                  - {name: broken, webhook: {url: "%1$s/broken"}}
                  - name: managers
                    email: {host: localhost, port: %2$d, starttls: false, username: sla, password: mail-secret,
                            from: sla@district.example, to: [ops@district.example]}
                    language: en
                routes:
                  - {name: another-tests, match: {site: "fresh-*"}, receivers: []}
                  - {name: major-events, match: {type: MAJOR_EVENT_FAULT}, receivers: [broken, noc]}
                  - {name: outages, match: {type: [SITE_OUTAGE, UNTICKETED_OUTAGE]}, receivers: [noc, managers]}
                  - {name: warnings, match: {type: SLA_WARNING}, receivers: [noc]}
                  - {name: experts, match: {tier: 3}, receivers: [experts, managers, flaky]}
                  - {name: on-site, match: {tier: 2}, receivers: [oncall]}
                  - {name: default, receivers: [school-robot, noc]}
                """.formatted(http.url("").replaceAll("/$", ""), SMTP.getSmtp().getPort()));
        try (AppProcess notify = AppProcess.notify("notify-day", testbed.dir, notifySettings("day", "a"), routes)) {
            notify.awaitReady(Duration.ofSeconds(90));
            for (int s = 1; s <= 4; s++) {
                escalate(escalation("w-" + s, EscalationType.SLA_WARNING, 1, "school-" + s, "t-" + s));
            }
            escalate(escalation("b-1", EscalationType.SLA_BREACH, 1, "school-1", "t-1").setClock(SlaClock.RESPONSE).build());
            escalate(escalation("b-2", EscalationType.SLA_BREACH, 2, "school-2", "t-2").setClock(SlaClock.ON_SITE).build());
            escalate(escalation("b-3", EscalationType.SLA_BREACH, 3, "school-3", "t-3").setClock(SlaClock.RESTORE).build());
            escalate(escalation("u-1", EscalationType.UNTICKETED_OUTAGE, 1, "school-4", null).setDeviceId("d-41").build());
            escalate(escalation("u-2", EscalationType.UNTICKETED_OUTAGE, 1, "school-4", null).setDeviceId("d-42").build());
            escalate(escalation("so-4", EscalationType.SITE_OUTAGE, 2, "school-4", null).setDeviceId("sw-4").build());
            testbed.kafka.send("site-outages", "school-4", outage("school-4", OutageState.STARTED, 9));
            escalate(escalation("m-1", EscalationType.MAJOR_EVENT_FAULT, 2, "school-2", "t-2"));
            escalate(escalation("r-1", EscalationType.DEVICE_RECOVERED, 1, "school-3", "t-3"));
            await(() -> delivered("/noc").size() == 8 && delivered("/flaky").size() == 1 && SMTP.getReceivedMessages().length == 2,
                    Duration.ofSeconds(60), "the first wave", notify);

            ticket("t-1", TicketEventType.RESOLVED, "school-1");
            ticket("t-3", TicketEventType.RESOLVED, "school-3");
            testbed.kafka.send("site-outages", "school-4", outage("school-4", OutageState.ENDED, 0));
            await(() -> delivered("/noc").size() == 10 && delivered("/flaky").size() == 2 && SMTP.getReceivedMessages().length == 4,
                    Duration.ofSeconds(60), "the resolved notices", notify);

            // The outage's page keeps the id of the first of its alarms to arrive (u-1 and u-2 come from different partitions).
            String outage = delivered("/noc").stream().filter(r -> r.body().contains("\"SITE_OUTAGE\"") && !r.idempotencyKey().endsWith("/resolved"))
                    .map(RecordingReceiver.Received::idempotencyKey).findFirst().orElseThrow();
            assertTrue(outage.equals("u-1") || outage.equals("u-2"), outage);
            assertEquals(new TreeSet<>(List.of("b-1", "b-1/resolved", "m-1", "r-1", outage, outage + "/resolved", "w-1", "w-2", "w-3", "w-4")).stream().toList(), keys("/noc"));
            assertEquals(List.of("b-1", "b-1/resolved", "r-1"), keys("/wecom"));
            assertEquals(List.of("b-2"), keys("/ding"));
            assertEquals(List.of("b-3", "b-3/resolved"), keys("/feishu"));
            assertEquals(List.of("b-3", "b-3/resolved"), keys("/flaky"));
            assertEquals(List.of("<b-3.managers.en@sla-notify>", "<b-3.resolved.managers.en@sla-notify>", "<" + outage + ".managers.en@sla-notify>",
                            "<" + outage + ".resolved.managers.en@sla-notify>"),
                    new TreeSet<>(mailIds()).stream().toList());
            assertEquals(4, mailIds().size(), "each mail once");

            // The outage and its devices' alarms went as one message, the outage its headline.
            JsonNode grouped = JsonRecords.JSON.readTree(delivered("/noc").stream().filter(r -> r.idempotencyKey().equals(outage)).findFirst().orElseThrow().body());
            assertEquals("SITE_OUTAGE", grouped.path("headline").path("type").asText());
            assertEquals(2, grouped.path("grouped").size());
            assertTrue(grouped.path("text").asText().contains("离线设备：9 / 20"), grouped.path("text").asText());

            // The robots got their own formats, signed as their platforms check.
            JsonNode wecom = JsonRecords.JSON.readTree(delivered("/wecom").get(0).body());
            assertEquals("text", wecom.path("msgtype").asText());
            assertTrue(wecom.path("text").path("content").asText().startsWith("【告警】SLA 超时 · school-1 · 工单 t-1"), wecom.toString());
            RecordingReceiver.Received ding = delivered("/ding").get(0);
            Map<String, String> query = query(ding.query());
            assertEquals("t1", query.get("access_token"));
            assertEquals(hmac("ding-secret", query.get("timestamp") + "\nding-secret"), query.get("sign"));
            JsonNode feishu = JsonRecords.JSON.readTree(delivered("/feishu").get(0).body());
            assertEquals(hmac(feishu.path("timestamp").asText() + "\nfeishu-secret", ""), feishu.path("sign").asText());
            assertEquals("text", feishu.path("msg_type").asText());

            MimeMessage mail = List.of(SMTP.getReceivedMessages()).stream().filter(m -> header(m, "Message-ID").equals("<b-3.managers.en@sla-notify>")).findFirst().orElseThrow();
            assertEquals("[ALERT] SLA breach · school-3 · ticket t-3", mail.getSubject());

            // The flaky receiver got b-3 on its third try; the broken one refused m-1: dead-lettered with the reason, nobody else held back.
            assertEquals(List.of(503, 503, 200), http.received("/flaky").stream().filter(r -> r.idempotencyKey().equals("b-3")).map(RecordingReceiver.Received::status).toList());
            Map<String, NotificationDelivery> outcomes = deliveries();
            assertEquals(3, outcomes.get("b-3@flaky").getAttempts());
            assertEquals(DeliveryOutcome.DEAD_LETTERED, outcomes.get("m-1@broken").getOutcome());
            assertEquals(DeliveryOutcome.DELIVERED, outcomes.get("m-1@noc").getOutcome());
            assertEquals(1, http.received("/broken").size(), "a refusal is not retried");
            ConsumerRecord<byte[], byte[]> dead = testbed.kafka.readUntil("dead-letters", rs -> rs.stream().anyMatch(NotifyIntegrationTest::fromBroken),
                    Duration.ofSeconds(30)).stream().filter(NotifyIntegrationTest::fromBroken).findFirst().orElseThrow();
            assertTrue(new String(dead.headers().lastHeader(DeadLetters.HEADER_MESSAGE).value(), StandardCharsets.UTF_8).contains("HTTP 400"));
            assertEquals("m-1", ((Notification) testbed.kafka.decode(new ConsumerRecord<>("sla-notifications", 0, 0, dead.key(), dead.value()))).getNotificationId());

            // What an operator scrapes agrees.
            String metrics = get(notify.url() + "/metrics");
            assertEquals(10.0, metric(metrics, "noc", "delivered"));
            assertEquals(1.0, metric(metrics, "broken", "dead_lettered"));
            assertEquals(2.0, metric(metrics, "flaky", "retried"));
            assertEquals(10.0, sample(metrics, "sla_notification_delivery_latency_seconds_count", "receiver=\"noc\""), "a latency per delivery");
            assertEquals(0.0, sample(metrics, "sla_notification_queue", "receiver=\"flaky\""), "nothing held once all is delivered");
        }
        // The ops console (of run) shows how each message went, the refused one apart.
        try (AppProcess console = testbed.run("console-of-day", testbed.instance("notify-day-console", "console", 0))) {
            console.awaitReady(Duration.ofSeconds(90));
            Chromium.session(testbed.dir.resolve("notifications.png"), false, browser -> {
                browser.get(console.url() + "/");
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                wait.ignoring(StaleElementReferenceException.class);
                String flaky = wait.until(d -> d.findElement(By.cssSelector("#notifications tbody tr[data-id='b-3'][data-receiver='flaky']")).getText());
                assertTrue(flaky.contains("DELIVERED (3 tries)"), flaky);
                WebElement broken = wait.until(d -> d.findElement(By.cssSelector("#notifications tbody tr[data-id='m-1'][data-receiver='broken']")));
                assertEquals("bad", broken.getAttribute("class"));
                assertTrue(broken.getText().contains("DEAD_LETTERED: HTTP 400"), broken.getText());
                browser.findElement(By.id("notifications-section")).click(); // (brings it into the screenshot)
                ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.getElementById('notifications-section').scrollIntoView()");
            });
        }
    }

    /**
     * A first deployment: notify, with an application.id of its own, starts on a broker whose topics hold hours of
     * escalations and a ticket record nobody can read. It sends only what README "What came before" allows (nothing
     * published more than notify.max-age before), counts the rest, and leaves the bad ticket to the engine (it reads no input).
     */
    @Test
    void aFreshNotifyOnHoursOfOldEscalationsSendsOnlyTheRecentOneAndLeavesABadTicketToTheEngine() throws Exception {
        long now = System.currentTimeMillis();
        published(escalation("fw-1", EscalationType.SLA_WARNING, 1, "fresh-1", "ft-1").setClock(SlaClock.RESTORE), now - Duration.ofHours(3).toMillis());
        published(escalation("fr-2", EscalationType.DEVICE_RECOVERED, 1, "fresh-2", "ft-2").setDeviceId("fd-2"), now - Duration.ofHours(2).toMillis());
        published(escalation("fb-1", EscalationType.SLA_BREACH, 2, "fresh-1", "ft-1").setClock(SlaClock.RESTORE), now - Duration.ofMinutes(90).toMillis());
        published(escalation("fb-3", EscalationType.SLA_BREACH, 2, "fresh-3", "ft-3").setClock(SlaClock.ON_SITE), now - Duration.ofMinutes(2).toMillis());
        testbed.kafka.sendRaw("fault-tickets", "ft-9", "{not avro".getBytes(StandardCharsets.UTF_8));
        Path routes = testbed.dir.resolve("fresh-routes.yaml");
        Files.writeString(routes, """
                defaults: {group_wait: 0s, repeat_interval: 0s}
                receivers:
                  - {name: fresh, webhook: {url: "%1$s/fresh"}}
                routes:
                  - {name: fresh-sites, match: {site: "fresh-*"}, receivers: [fresh]}
                  - {name: the-rest, receivers: []}
                """.formatted(http.url("").replaceAll("/$", "")));
        try (AppProcess notify = AppProcess.notify("notify-fresh", testbed.dir, notifySettings("fresh", "a"), routes)) {
            notify.awaitReady(Duration.ofSeconds(90));
            await(() -> distinctKeys("/fresh").contains("fb-3"), Duration.ofSeconds(60), "the recent breach", notify);
            Thread.sleep(2000); // what else might come would come within a few ticks (200 ms)
            assertEquals(List.of("fb-3"), keys("/fresh"), "only the recent breach, still open");
            String metrics = get(notify.url() + "/metrics");
            assertEquals(3.0, sample(metrics, "sla_notify_skipped_total", "reason=\"stale\""), "fw-1, fr-2 and fb-1 are history");
            assertTrue(notify.log().contains("published more than notify.max-age (60 min) before it read them"), "one summary line: " + notify.logTail());
            assertEquals(List.of(), testbed.kafka.readAll("dead-letters").stream()
                    .filter(r -> "fault-tickets".equals(header(r, DeadLetters.HEADER_TOPIC))).toList(), "the engine dead-letters its input, not notify");
        }
    }

    /** An escalation as the engine published it at {@code timestamp} (the record's timestamp), with its own {@code at} then. */
    private static void published(Escalation.Builder e, long timestamp) throws Exception {
        Escalation escalation = e.setAt(timestamp).build();
        var topic = testbed.kafka.config.topics().escalations();
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(Map.<String, Object>of(
                "bootstrap.servers", testbed.kafka.bootstrapServers()), new org.apache.kafka.common.serialization.StringSerializer(),
                topic.valueSerde().serializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic.name(), null, timestamp, escalation.getTicketId(), escalation)).get();
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /**
     * kill -9 of one of two notify instances while messages stream to a slow receiver and a breach repeats: the other
     * takes over; every message is delivered, at most the one in flight at the kill twice (same Idempotency-Key), and
     * the committed topics have each message and each outcome exactly once. The repeats go on across the failover, in
     * order, and the ticket's resolution reaches everyone who was told. (That an acknowledgement stops them is shown on
     * the driven clock: {@link NotificationPlannerTopologyTest}.)
     */
    @Test
    void killingOneOfTwoInstancesMidStreamLosesNothingAndRepeatsNothingBeyondTheMessageInFlight() throws Exception {
        Path routes = testbed.dir.resolve("failover-routes.yaml");
        Files.writeString(routes, """
                defaults: {group_wait: 0s, repeat_interval: 3s}
                receivers:
                  - {name: desk, webhook: {url: "%1$s/desk"}}
                  - {name: pager, webhook: {url: "%1$s/pager"}}
                routes:
                  - {name: escalated, match: {tier: [2, 3]}, receivers: [pager]}
                  - {name: default, receivers: [desk]}
                """.formatted(http.url("").replaceAll("/$", "")));
        http.delay(25);
        try (AppProcess a = AppProcess.notify("notify-a", testbed.dir, notifySettings("failover", "a"), routes);
             AppProcess b = AppProcess.notify("notify-b", testbed.dir, notifySettings("failover", "b"), routes)) {
            a.awaitReady(Duration.ofSeconds(90));
            b.awaitReady(Duration.ofSeconds(90));
            escalate(escalation("page-1", EscalationType.SLA_BREACH, 1, "school-9", "t-9").setClock(SlaClock.RESPONSE).build());
            int n = 300;
            for (int i = 0; i < n; i++) {
                escalate(escalation("warn-" + i, EscalationType.SLA_WARNING, 1, "school-" + (i % 30), "tw-" + i));
            }
            // (This application reads the topics from their start, so the other test's escalations come too: counted apart by id.)
            await(() -> ours("/desk", "warn-").size() >= 80, Duration.ofSeconds(60), "the stream under way", a);
            a.crash();
            await(() -> ours("/desk", "warn-").size() == n && ours("/pager", "page-1/repeat-").size() >= 3, Duration.ofSeconds(120),
                    "the survivor to finish", b);
            ticket("t-9", TicketEventType.RESOLVED, "school-9");
            await(() -> distinctKeys("/desk").contains("page-1/resolved") && distinctKeys("/pager").contains("page-1/resolved"),
                    Duration.ofSeconds(30), "the resolved notice to everyone who was told", b);

            Map<String, Long> desk = counts("/desk");
            desk.keySet().removeIf(k -> !k.startsWith("warn-") && !k.startsWith("page-1"));
            List<String> twice = desk.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
            assertTrue(twice.size() <= 1, "at most the message in flight at the kill is delivered twice: " + twice);
            assertTrue(desk.values().stream().allMatch(c -> c <= 2), desk.toString());

            // The committed plan has every message once, and every outcome once, in spite of the kill.
            Map<String, Long> planned = testbed.kafka.readAll("sla-notifications").stream().map(r -> (Notification) testbed.kafka.decode(r))
                    .filter(x -> x.getSiteId().startsWith("school-") && (x.getNotificationId().startsWith("warn-") || x.getNotificationId().startsWith("page-1")))
                    .collect(Collectors.groupingBy(x -> x.getNotificationId() + "@" + x.getReceiver(), TreeMap::new, Collectors.counting()));
            assertTrue(planned.values().stream().allMatch(c -> c == 1), "each message planned once: " + planned);
            Map<String, NotificationDelivery> outcomes = deliveries();
            for (int i = 0; i < n; i++) {
                assertEquals(DeliveryOutcome.DELIVERED, outcomes.get("warn-" + i + "@desk").getOutcome(), "warn-" + i);
            }
            List<String> repeats = committedRepeats();
            assertTrue(repeats.size() >= 2, "the breach was repeated across the failover: " + repeats);
            for (int i = 0; i < repeats.size(); i++) {
                assertEquals("page-1/repeat-" + (i + 1), repeats.get(i), "repeats in order, none lost or doubled: " + repeats);
            }
            assertEquals(List.of("page-1", "page-1/resolved"), keys("/desk").stream().filter(k -> k.startsWith("page-1")).toList(),
                    "tier 1 got the first message, and the resolution");
            assertEquals(repeats, keys("/pager").stream().filter(k -> k.startsWith("page-1/repeat-")).toList());
            assertEquals(1, counts("/pager").get("page-1/resolved"));
        } finally {
            http.delay(0);
        }
    }

    private List<String> committedRepeats() {
        return testbed.kafka.readAll("sla-notifications").stream().map(r -> (Notification) testbed.kafka.decode(r))
                .map(Notification::getNotificationId).filter(id -> id.startsWith("page-1/repeat-")).toList();
    }

    private Map<String, String> notifySettings(String app, String instance) {
        Map<String, String> s = new HashMap<>(testbed.instance("notify-" + app, instance, 0));
        s.put("notify.tick", "200ms");
        s.put("notify.retry.initial-backoff", "200ms");
        s.put("notify.retry.max-backoff", "1s");
        s.put("notify.retry.give-up-after", "30s");
        return s;
    }

    private static Escalation.Builder escalation(String id, EscalationType type, int tier, String site, String ticket) {
        return Escalation.newBuilder().setEscalationId(id).setType(type).setTier(tier).setSiteId(site).setTicketId(ticket)
                .setContractId("seed-001").setSeverity("GENERAL").setAt(System.currentTimeMillis()).setMessage(type + " at " + site);
    }

    private static void escalate(Escalation.Builder e) {
        escalate(e.build());
    }

    private static void escalate(Escalation e) {
        testbed.kafka.send("sla-escalations", e.getTicketId() != null ? e.getTicketId() : e.getDeviceId() != null ? e.getDeviceId() : e.getSiteId(), e);
    }

    private static SiteOutage outage(String site, OutageState state, int down) {
        long now = System.currentTimeMillis();
        return SiteOutage.newBuilder().setSiteId(site).setState(state).setDevicesDown(down).setDevicesTotal(20).setStartedAt(now).setAt(now).build();
    }

    /** An accepted {@code type}, as the engine publishes it on ticket-status (what notify reads of tickets). */
    private static void ticket(String id, TicketEventType type, String site) {
        testbed.kafka.send("ticket-status", id, TicketStatusChange.newBuilder().setTicketId(id).setSiteId(site).setContractId("seed-001")
                .setSeverity("GENERAL").setEvent(type).setPrevious(TicketStatus.ACKNOWLEDGED).setStatus(TicketStatus.valueOf(type.name()))
                .setAt(System.currentTimeMillis()).setActor("li.wei").build());
    }

    private static List<RecordingReceiver.Received> delivered(String path) {
        return http.received(path).stream().filter(r -> r.status() == 200).toList();
    }

    private static List<String> keys(String path) {
        return delivered(path).stream().map(RecordingReceiver.Received::idempotencyKey).sorted().toList();
    }

    private static java.util.Set<String> distinctKeys(String path) {
        return new TreeSet<>(keys(path));
    }

    private static java.util.Set<String> ours(String path, String prefix) {
        return distinctKeys(path).stream().filter(k -> k.startsWith(prefix)).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<String, Long> counts(String path) {
        return delivered(path).stream().collect(Collectors.groupingBy(RecordingReceiver.Received::idempotencyKey, TreeMap::new, Collectors.counting()));
    }

    private static List<String> mailIds() {
        return List.of(SMTP.getReceivedMessages()).stream().map(m -> header(m, "Message-ID")).toList();
    }

    private static String header(MimeMessage m, String name) {
        try {
            return m.getHeader(name, null);
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, NotificationDelivery> deliveries() {
        Map<String, NotificationDelivery> out = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : testbed.kafka.readAll("notification-deliveries")) {
            NotificationDelivery d = (NotificationDelivery) testbed.kafka.decode(r);
            assertNull(out.put(d.getNotificationId() + "@" + d.getReceiver(), d), "one outcome per message and receiver: " + d);
        }
        return out;
    }

    private static boolean fromBroken(ConsumerRecord<byte[], byte[]> r) {
        var h = r.headers().lastHeader(DeadLetters.HEADER_MESSAGE);
        return h != null && new String(h.value(), StandardCharsets.UTF_8).contains("receiver broken");
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String hmac(String key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    }

    private static String get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double metric(String scrape, String receiver, String outcome) {
        return sample(scrape, "sla_notifications_total", "receiver=\"" + receiver + "\"", "outcome=\"" + outcome + "\"");
    }

    /** The value of the sample of {@code name} whose labels hold every one of {@code labels}. */
    private static double sample(String scrape, String name, String... labels) {
        Matcher m = Pattern.compile("^" + name + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        while (m.find()) {
            String found = m.group(1);
            if (java.util.Arrays.stream(labels).allMatch(found::contains)) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError("no " + name + " with " + String.join(", ", labels) + " in:\n" + scrape);
    }

    private static void await(BooleanSupplier done, Duration timeout, String what, AppProcess app) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("timed out waiting for " + what + "; received " + http.received().stream()
                        .map(r -> r.path() + " " + r.idempotencyKey() + " " + r.status()).collect(Collectors.joining(", "))
                        + "; mails " + mailIds() + "\n" + app.logTail());
            }
            Thread.sleep(100); // polling an outside effect (HTTP, SMTP), not waiting for a timer
        }
    }
}
