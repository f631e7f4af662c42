package com.schoolops.sla.notify;

import com.schoolops.sla.config.DeclaredSettings;
import com.schoolops.sla.config.Setting;

import java.util.List;

import static com.schoolops.sla.config.Setting.Type.*;

/**
 * {@code notify}'s own settings: its routes, its timing, its delivery and its two output topics. notify starts from
 * these and the kernel's ({@link NotifyConfig}), never from the engine's.
 */
public final class NotifySettings extends DeclaredSettings {
    public static final String TOPIC_NOTIFICATIONS = "topic.sla-notifications";
    public static final String TOPIC_DELIVERIES = "topic.notification-deliveries";
    public static final String NOTIFY_ROUTES = "notify.routes";
    public static final String NOTIFY_TICK = "notify.tick";
    public static final String NOTIFY_MAX_AGE = "notify.max-age";
    public static final String NOTIFY_HTTP_PORT = "notify.http.port";
    public static final String NOTIFY_REQUEST_TIMEOUT = "notify.request-timeout";
    public static final String NOTIFY_RETRY_BACKOFF = "notify.retry.initial-backoff";
    public static final String NOTIFY_RETRY_MAX_BACKOFF = "notify.retry.max-backoff";
    public static final String NOTIFY_GIVE_UP_AFTER = "notify.retry.give-up-after";
    public static final String NOTIFY_QUEUE = "notify.queue";

    /** The one instance; the class path's service loader makes its own. */
    public static final NotifySettings CATALOGUE = new NotifySettings();

    public NotifySettings() {
        super("notify", List.of(
                new Setting(TOPIC_NOTIFICATIONS, TEXT, "sla-notifications", "Output of `notify`: Notification by siteId: each message due to one receiver (first, repeat, resolved), before it is delivered."),
                new Setting(TOPIC_DELIVERIES, TEXT, "notification-deliveries", "Output of `notify`: NotificationDelivery by notificationId: how each message's delivery ended (delivered, or dead-lettered with the reason)."),
                new Setting(NOTIFY_ROUTES, TEXT, "", "`notify`: the routes file (YAML: receivers, routes, group_wait, repeat_interval, quiet_hours). README, Notifications. `--routes` sets it."),
                new Setting(NOTIFY_TICK, DURATION, "1s", "`notify`: how often (wall clock) it looks for what is due: the end of a group_wait, a repeat, the end of quiet hours."),
                new Setting(NOTIFY_MAX_AGE, DURATION, "1h", "`notify`: an escalation published longer ago than this when the planner reads it (a first start, a new application.id, a long stop) is not sent: it is counted (`sla_notify_skipped_total{reason=\"stale\"}`) and summarised in one log line. README, Notifications."),
                new Setting(NOTIFY_HTTP_PORT, WHOLE_NUMBER, "8082", "`notify`: port of its `/metrics` and probes (`/health/live`, `/health/ready`); -1 turns it off."),
                new Setting(NOTIFY_REQUEST_TIMEOUT, DURATION, "10s", "`notify`: how long one delivery (an HTTP call, an SMTP session) may take before it counts as failed and is retried."),
                new Setting(NOTIFY_RETRY_BACKOFF, DURATION, "1s", "`notify`: wait before the first retry of a failed delivery; doubled at each retry."),
                new Setting(NOTIFY_RETRY_MAX_BACKOFF, DURATION, "1m", "`notify`: the longest wait between two retries."),
                new Setting(NOTIFY_GIVE_UP_AFTER, DURATION, "15m", "`notify`: a receiver that keeps failing is given up after this long: the message goes to dead-letters with the last reason and the next one is tried. A receiver that refuses a message outright (e.g. HTTP 400) is given up at once."),
                new Setting(NOTIFY_QUEUE, WHOLE_NUMBER, "20", "`notify`: messages each receiver's worker holds at once (fetched, not yet delivered); while one is retried the worker fetches no more.")));
    }
}
