package com.schoolops.sla.tickets;

import com.schoolops.sla.serde.KeySerde;
import org.apache.kafka.common.serialization.Serde;

/** A ticket open on a device, in the open-tickets-by-device index: the site, the device, the ticket (a device's tickets are adjacent). */
record OpenTicketKey(String siteId, String deviceId, String ticketId) {
    static final Serde<OpenTicketKey> SERDE = KeySerde.of(OpenTicketKey::text, OpenTicketKey::parse);

    String text() {
        return KeySerde.join(siteId, deviceId, ticketId);
    }

    static OpenTicketKey parse(String text) {
        String[] parts = KeySerde.parts(text, 3);
        return new OpenTicketKey(parts[0], parts[1], parts[2]);
    }

    /** The prefix of every key of a device, for a prefix scan (with a string serializer). */
    static String prefixOf(String siteId, String deviceId) {
        return KeySerde.join(siteId, deviceId) + KeySerde.SEP;
    }
}
