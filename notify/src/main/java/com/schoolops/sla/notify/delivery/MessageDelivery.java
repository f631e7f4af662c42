package com.schoolops.sla.notify.delivery;

import com.schoolops.sla.avro.DeliveryOutcome;
import com.schoolops.sla.avro.Notification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.InstantSource;

/**
 * One message to one receiver, from the first try to its outcome: held until the receiver's {@link SendWindow} has room,
 * tried, waited out when the receiver says "too fast" (never given up for that: it takes messages again once its window
 * passes), retried with backoff when it fails, and given up after {@code notify.retry.give-up-after} of failing, or at
 * once when it refuses. Time is the clock's; how to wait is the caller's ({@link Waiting}): the delivery worker waits
 * keeping its partitions, a test moves its clock.
 */
public final class MessageDelivery {
    private static final Logger log = LoggerFactory.getLogger(MessageDelivery.class);

    /** Waits until the clock reads {@code at}; false when the message is no longer this worker's (closing, partition gone). */
    @FunctionalInterface
    public interface Waiting {
        boolean until(long at);
    }

    /** How it ended: its outcome, the tries it took, what the outcome record says, and when. */
    public record Outcome(DeliveryOutcome outcome, int attempts, String reason, long at) {
    }

    private final String receiverName;
    private final Receiver receiver;
    private final DeliverySettings settings;
    private final SendWindow window;
    private final DeliveryMetrics metrics;
    private final InstantSource clock;

    public MessageDelivery(String receiverName, Receiver receiver, DeliverySettings settings, SendWindow window, DeliveryMetrics metrics,
                           InstantSource clock) {
        this.receiverName = receiverName;
        this.receiver = receiver;
        this.settings = settings;
        this.window = window;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Delivers {@code n}; null when it stopped being ours meanwhile (its next owner delivers it). */
    public Outcome deliver(Notification n, Waiting waiting) {
        int attempts = 0;
        int tooFast = 0;
        long waitedForLimit = 0;
        Long failingSince = null;
        while (true) {
            long now = clock.millis();
            long free = window.nextAt(now);
            if (free > now) {
                metrics.heldByWindow();
                metrics.waitedForLimit(Duration.ofMillis(free - now));
                waitedForLimit += free - now;
                if (!waiting.until(free)) {
                    return null;
                }
                continue;
            }
            attempts++;
            Attempt a = receiver.deliver(n);
            now = clock.millis();
            window.sent(now);
            switch (a.result()) {
                case DELIVERED -> {
                    metrics.delivered(Duration.ofMillis(now - n.getPlannedAt()));
                    log.info("Delivered {} to {} ({} {} at {}; attempt {})", n.getNotificationId(), receiverName, n.getKind(),
                            n.getHeadline().getType(), n.getSiteId(), attempts);
                    return new Outcome(DeliveryOutcome.DELIVERED, attempts, deliveredReason(attempts, tooFast, waitedForLimit), now);
                }
                case REFUSED -> {
                    return refusal(n, attempts, a.reason() + " (refused: not retried)", now);
                }
                case LIMITED -> {
                    tooFast++;
                    failingSince = null; // it answers: it is not failing, only full
                    window.refused(now);
                    metrics.refusedAsTooFast();
                    long until = Math.max(window.nextAt(now), now + settings.backoffAfter(tooFast).toMillis());
                    metrics.waitedForLimit(Duration.ofMillis(until - now));
                    waitedForLimit += until - now;
                    if (tooFast == 1 || tooFast % 10 == 0) {
                        log.warn("Receiver {} said too fast to {} ({} time(s)): {}; waiting {} s, and never giving up for that", receiverName,
                                n.getNotificationId(), tooFast, a.reason(), (until - now) / 1000);
                    }
                    if (!waiting.until(until)) {
                        return null;
                    }
                }
                case RETRY -> {
                    if (failingSince == null) {
                        failingSince = now;
                    }
                    if (now - failingSince >= settings.giveUpAfter().toMillis()) {
                        return refusal(n, attempts, a.reason() + " (gave up after " + attempts + " attempts over "
                                + Duration.ofMillis(now - failingSince).toSeconds() + " s)", now);
                    }
                    metrics.retried();
                    if (attempts == 1 || attempts % 10 == 0) {
                        log.warn("Receiver {} did not take {} (attempt {}): {}; retrying every {} s at most, for up to {} s", receiverName,
                                n.getNotificationId(), attempts, a.reason(), settings.maxBackoff().toSeconds(), settings.giveUpAfter().toSeconds());
                    }
                    if (!waiting.until(now + settings.backoffAfter(attempts).toMillis())) {
                        return null;
                    }
                }
            }
        }
    }

    /** What the console shows beside a delivered message: why it took long, if it did. */
    private String deliveredReason(int attempts, int tooFast, long waitedForLimit) {
        if (waitedForLimit > 0) {
            return "waited " + Math.round(waitedForLimit / 1000.0) + " s for the receiver's rate limit (" + window
                    + (tooFast > 0 ? "; it said too fast " + tooFast + " time(s)" : "") + ")";
        }
        return attempts > 1 ? "delivered after retries" : null;
    }

    private Outcome refusal(Notification n, int attempts, String reason, long now) {
        metrics.deadLettered();
        log.error("Receiver {} did not take {} ({} {} at {}): {}; it goes to dead-letters with the reason", receiverName, n.getNotificationId(),
                n.getKind(), n.getHeadline().getType(), n.getSiteId(), reason);
        return new Outcome(DeliveryOutcome.DEAD_LETTERED, attempts, reason, now);
    }
}
