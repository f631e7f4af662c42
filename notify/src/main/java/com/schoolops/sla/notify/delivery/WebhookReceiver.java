package com.schoolops.sla.notify.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.schoolops.sla.avro.Notification;
import com.schoolops.sla.notify.routes.ReceiverSpec;
import com.schoolops.sla.serde.JsonRecords;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A generic webhook: the notification as JSON (its fields, plus the rendered {@code title} and {@code text}), the
 * receiver's headers, and {@code Idempotency-Key: <notificationId>}, by which a receiver drops a message it already
 * has (README, Notifications: which duplicates remain).
 */
public final class WebhookReceiver implements Receiver {
    private final ReceiverSpec spec;
    private final HttpPost http;
    private final MessageText words;

    public WebhookReceiver(ReceiverSpec spec, HttpPost http) {
        this.spec = spec;
        this.http = http;
        this.words = new MessageText(spec);
    }

    @Override
    public Attempt deliver(Notification n) {
        ObjectNode body = JsonRecords.toJson(n);
        body.put("title", words.title(n));
        body.put("text", words.text(n));
        Map<String, String> headers = new LinkedHashMap<>(spec.headers());
        headers.put("Idempotency-Key", n.getNotificationId());
        HttpPost.Response r = http.post(URI.create(spec.url()), headers, body.toString());
        return r.answered() ? Attempt.ofStatus(r.status(), r.body()) : Attempt.retry(r.failure());
    }
}
