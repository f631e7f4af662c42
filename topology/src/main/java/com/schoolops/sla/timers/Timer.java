package com.schoolops.sla.timers;

import java.nio.charset.StandardCharsets;

/**
 * What a deadline-index entry is for: a kind and the id of its subject (a device's store key, a site, a ticket).
 * Stored as one tag byte followed by the id in UTF-8, after the entry's 8-byte time.
 */
public record Timer(Kind kind, String id) {

    /** The kinds of timer, each with the tag byte it is stored under (stable: it is in the changelog). */
    public enum Kind {
        /** A device's next silence or recheck verdict. */
        DEVICE('D'),
        /** A site's outage judgement, at the end of its window. */
        SITE('S'),
        /** A ticket's next warning, breach, remote window or upgrade. */
        TICKET('T'),
        /** A DOWN device with no open ticket, due when the grace ends. */
        UNTICKETED('U'),
        /** A ticket that waits for its device's registration to be read, due at its OPENED. */
        PENDING_TICKET('P'),
        /** A KPI window, due when it closes (its end plus the grace). */
        KPI_WINDOW('K');

        private final byte tag;

        Kind(char tag) {
            this.tag = (byte) tag;
        }

        static Kind ofTag(byte tag) {
            for (Kind k : values()) {
                if (k.tag == tag) {
                    return k;
                }
            }
            throw new IllegalArgumentException("no timer kind has the tag '" + (char) tag + "'");
        }
    }

    public static Timer device(String deviceKey) {
        return new Timer(Kind.DEVICE, deviceKey);
    }

    public static Timer site(String siteId) {
        return new Timer(Kind.SITE, siteId);
    }

    public static Timer ticket(String ticketId) {
        return new Timer(Kind.TICKET, ticketId);
    }

    public static Timer unticketed(String deviceKey) {
        return new Timer(Kind.UNTICKETED, deviceKey);
    }

    public static Timer kpiWindow(String windowKey) {
        return new Timer(Kind.KPI_WINDOW, windowKey);
    }

    public static Timer pendingTicket(String ticketId) {
        return new Timer(Kind.PENDING_TICKET, ticketId);
    }

    byte[] encode() {
        byte[] id = this.id.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[1 + id.length];
        bytes[0] = kind.tag;
        System.arraycopy(id, 0, bytes, 1, id.length);
        return bytes;
    }

    static Timer decode(byte[] bytes, int offset) {
        return new Timer(Kind.ofTag(bytes[offset]), new String(bytes, offset + 1, bytes.length - offset - 1, StandardCharsets.UTF_8));
    }
}
