package com.schoolops.sla.notify.delivery;

import com.schoolops.sla.config.Settings;

import java.time.Duration;

import static com.schoolops.sla.notify.NotifySettings.*;

/** How the delivery workers wait and give up (README, Configuration: notify.*). */
public record DeliverySettings(Duration requestTimeout, Duration initialBackoff, Duration maxBackoff, Duration giveUpAfter, int queue) {
    public static DeliverySettings from(Settings s) {
        return new DeliverySettings(s.getDuration(NOTIFY_REQUEST_TIMEOUT), s.getDuration(NOTIFY_RETRY_BACKOFF),
                s.getDuration(NOTIFY_RETRY_MAX_BACKOFF), s.getDuration(NOTIFY_GIVE_UP_AFTER), s.getInt(NOTIFY_QUEUE));
    }

    Duration backoffAfter(int failures) {
        long ms = initialBackoff.toMillis() << Math.min(20, Math.max(0, failures - 1));
        return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }
}
