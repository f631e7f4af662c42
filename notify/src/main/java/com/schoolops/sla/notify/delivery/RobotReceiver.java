package com.schoolops.sla.notify.delivery;

import com.schoolops.sla.avro.Notification;
import com.schoolops.sla.notify.routes.ReceiverSpec;

import java.net.URI;
import java.time.InstantSource;
import java.util.Map;

/**
 * A WeCom, DingTalk or Feishu group robot ({@link RobotDialect}): the rendered title and text as one text message.
 * The platforms take no idempotency key, so the id is the message's last line, where a reader sees a repeat for what
 * it is.
 */
public final class RobotReceiver implements Receiver {
    private final ReceiverSpec spec;
    private final RobotDialect dialect;
    private final HttpPost http;
    private final MessageText words;
    private final InstantSource clock;

    public RobotReceiver(ReceiverSpec spec, RobotDialect dialect, HttpPost http, InstantSource clock) {
        this.spec = spec;
        this.dialect = dialect;
        this.http = http;
        this.words = new MessageText(spec);
        this.clock = clock;
    }

    @Override
    public Attempt deliver(Notification n) {
        long now = clock.millis();
        String text = words.title(n) + "\n" + words.text(n) + "\n#" + n.getNotificationId();
        HttpPost.Response r = http.post(URI.create(dialect.url(spec.url(), spec.secret(), now)), Map.of("Idempotency-Key", n.getNotificationId()),
                dialect.body(text, spec.secret(), now).toString());
        return r.answered() ? dialect.read(r) : Attempt.retry(r.failure());
    }
}
