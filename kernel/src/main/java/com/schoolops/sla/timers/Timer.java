package com.schoolops.sla.timers;

import java.nio.charset.StandardCharsets;

/**
 * What a deadline-index entry is for, as stored after its 8-byte time: the tag byte of its kind (each stage's own,
 * {@link TimerKeys}) and the id of its subject in UTF-8.
 */
public record Timer(byte tag, String id) {

    byte[] encode() {
        byte[] id = this.id.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[1 + id.length];
        bytes[0] = tag;
        System.arraycopy(id, 0, bytes, 1, id.length);
        return bytes;
    }

    static Timer decode(byte[] bytes, int offset) {
        return new Timer(bytes[offset], new String(bytes, offset + 1, bytes.length - offset - 1, StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "'" + (char) tag + "' " + id.replace('\u0000', '/');
    }
}
