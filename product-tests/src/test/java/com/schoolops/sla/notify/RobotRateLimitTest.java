package com.schoolops.sla.notify;

import com.schoolops.sla.avro.DeliveryOutcome;
import com.schoolops.sla.avro.Escalation;
import com.schoolops.sla.avro.EscalationType;
import com.schoolops.sla.avro.Notification;
import com.schoolops.sla.avro.NotificationKind;
import com.schoolops.sla.notify.delivery.DeliveryMetrics;
import com.schoolops.sla.notify.delivery.DeliverySettings;
import com.schoolops.sla.notify.delivery.MessageDelivery;
import com.schoolops.sla.notify.delivery.Receivers;
import com.schoolops.sla.notify.delivery.SendWindow;
import com.schoolops.sla.notify.routes.ReceiverSpec;
import com.schoolops.sla.notify.routes.Routes;
import com.schoolops.sla.notify.routes.RoutesFile;
import com.schoolops.sla.testing.RecordingReceiver;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The robots' documented limit, kept by delivery (issue 39): a storm's 200 messages to one DingTalk robot (a desk routed
 * without a digest), delivered through the real receiver to a local HTTP server. Time is the test's: the delivery waits by
 * moving the clock, and each request's time is the one its DingTalk signature carries, as the platform counts it.
 */
class RobotRateLimitTest {
    static final Instant START = Instant.parse("2026-12-07T01:00:00Z");
    static final DeliverySettings SETTINGS = new DeliverySettings(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMinutes(1),
            Duration.ofMinutes(1), 20);

    final RecordingReceiver platform = new RecordingReceiver();
    final MovedClock clock = new MovedClock(START.toEpochMilli());
    final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @AfterEach
    void close() {
        platform.close();
    }

    @Test
    void twoHundredMessagesToOneRobotGoInOrderNoMoreThanTwentyInAnyMinuteAndNoneIsLost() {
        ReceiverSpec robot = receiver("on-call", "dingtalk: {url: \"" + platform.url("/on-call") + "\", secret: s}");
        MessageDelivery delivery = delivery(robot);
        int messages = 200; // a storm of 100 schools without a digest: each one's outage and its end
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            Notification n = notification("so-" + i + (i % 2 == 0 ? "" : "/resolved"));
            MessageDelivery.Outcome o = delivery.deliver(n, this::waitUntil);
            assertEquals(DeliveryOutcome.DELIVERED, o.outcome(), o.reason());
            sent.add(n.getNotificationId());
        }

        List<RecordingReceiver.Received> got = platform.received("/on-call");
        assertEquals(sent, got.stream().map(RecordingReceiver.Received::idempotencyKey).toList(), "every one, once, in order");
        List<Long> times = got.stream().map(r -> Long.parseLong(query(r.query(), "timestamp"))).toList();
        int limit = robot.rateLimits().get(0).messages();
        long window = robot.rateLimits().get(0).per().toMillis();
        for (int i = 0; i + limit < times.size(); i++) {
            assertTrue(times.get(i + limit) - times.get(i) >= window,
                    "request " + (i + limit + 1) + " is the " + (limit + 1) + "th within " + (times.get(i + limit) - times.get(i)) + " ms");
        }
        long expectedMinutes = (messages - 1) / limit;
        assertEquals(expectedMinutes * window, times.get(times.size() - 1) - times.get(0), "and no longer than the limit makes it wait");
        assertTrue(metrics.scrape().contains("sla_notification_rate_limited_total{by=\"notify\",receiver=\"on-call\"} " + expectedMinutes + ".0"),
                "one message held each minute, the first of the next twenty: " + metrics.scrape());
    }

    @Test
    void aRobotThatSaysTooFastIsWaitedOutLongerThanGiveUpAfterAndTheMessageIsDeliveredNotDeadLettered() {
        platform.answer("/desk", call -> call <= 3 ? 429 : 200);
        ReceiverSpec robot = receiver("desk", "wecom: {url: \"" + platform.url("/desk") + "\"}");
        MessageDelivery.Outcome o = delivery(robot).deliver(notification("so-1"), this::waitUntil);
        assertEquals(DeliveryOutcome.DELIVERED, o.outcome(), o.reason());
        assertEquals(4, o.attempts());
        long waited = clock.millis() - START.toEpochMilli();
        assertTrue(waited > SETTINGS.giveUpAfter().toMillis(), "it waited " + waited + " ms, more than give-up-after, and did not give up");
        assertTrue(o.reason().startsWith("waited 180 s for the receiver's rate limit (20/1m; it said too fast 3 time(s))"), o.reason());
    }

    private MessageDelivery delivery(ReceiverSpec robot) {
        return new MessageDelivery(robot.name(), Receivers.of(robot, Duration.ofSeconds(5), clock), SETTINGS, new SendWindow(robot.rateLimits()),
                new DeliveryMetrics(metrics, robot.name()), clock);
    }

    /** The delivery's wait: the test moves its clock there, and the message is still this worker's. */
    private boolean waitUntil(long at) {
        clock.moveTo(at);
        return true;
    }

    private static ReceiverSpec receiver(String name, String kind) {
        Routes routes = RoutesFile.parse("receivers: [{name: " + name + ", " + kind + "}]\nroutes: [{receivers: [" + name + "]}]\n", Map.of());
        return routes.receivers().get(name);
    }

    private Notification notification(String id) {
        Escalation e = Escalation.newBuilder().setEscalationId(id.replace("/resolved", "")).setType(EscalationType.SITE_OUTAGE).setTier(2)
                .setSiteId("site-1").setAt(clock.millis()).setMessage("m").build();
        return Notification.newBuilder().setNotificationId(id).setReceiver("r").setRoute("outages")
                .setKind(id.endsWith("/resolved") ? NotificationKind.RESOLVED : NotificationKind.FIRING).setTier(2).setSiteId("site-1")
                .setHeadline(e).setPlannedAt(clock.millis()).build();
    }

    private static String query(String query, String name) {
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new AssertionError(name + " not in " + query);
    }

    /** A clock the test moves: it stands still while a request is on its way. */
    static final class MovedClock implements InstantSource {
        private long millis;

        MovedClock(long millis) {
            this.millis = millis;
        }

        void moveTo(long at) {
            millis = Math.max(millis, at);
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public long millis() {
            return millis;
        }
    }
}
