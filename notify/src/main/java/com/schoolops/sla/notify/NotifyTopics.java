package com.schoolops.sla.notify;

import com.schoolops.sla.avro.Notification;
import com.schoolops.sla.avro.NotificationDelivery;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.serde.ValueSerdes;
import com.schoolops.sla.topics.TopicSpec;
import com.schoolops.sla.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;

import java.util.List;

/**
 * The topics of {@code notify}: the public outputs of the engine it reads ({@code published}: escalations, outages,
 * ticket status changes), and its own two outputs, declared here and named by its settings ({@link NotifySettings}).
 */
public record NotifyTopics(Topics published, TopicSpec<String, Notification> notifications, TopicSpec<String, NotificationDelivery> deliveries) {

    public static NotifyTopics from(Settings settings, ValueSerdes serdes) {
        var key = Serdes.String();
        return new NotifyTopics(Topics.from(settings, serdes),
                new TopicSpec<>(settings.get(NotifySettings.TOPIC_NOTIFICATIONS), Notification.class, key, serdes.serde(Notification.class), false),
                new TopicSpec<>(settings.get(NotifySettings.TOPIC_DELIVERIES), NotificationDelivery.class, key, serdes.serde(NotificationDelivery.class), false));
    }

    /** The names of notify's own outputs, for the topics command that makes every topic of the product. */
    public static List<String> outputNames(Settings settings) {
        return List.of(settings.get(NotifySettings.TOPIC_NOTIFICATIONS), settings.get(NotifySettings.TOPIC_DELIVERIES));
    }

    public List<TopicSpec<String, ?>> outputs() {
        return List.of(notifications, deliveries);
    }

    /** The spec of the topic called {@code name}: one of notify's outputs, or a public topic of the engine. */
    public TopicSpec<?, ?> byName(String name) {
        return outputs().stream().filter(t -> t.name().equals(name)).<TopicSpec<?, ?>>map(t -> t).findFirst()
                .orElseGet(() -> published.byName(name));
    }

    /** Every topic notify reads or writes, dead letters included: what must exist before it starts. */
    public List<TopicSpec<?, ?>> all() {
        return List.of(published.escalations(), published.outages(), published.ticketStatus(), notifications, deliveries, published.deadLetters());
    }
}
