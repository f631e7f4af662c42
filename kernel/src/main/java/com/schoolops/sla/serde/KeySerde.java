package com.schoolops.sla.serde;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * A store key type's serde: the key written as its text in UTF-8, the parts joined by NUL ({@link #SEP}). The bytes
 * are what the stores held when their keys were plain strings, so a key type changes no state; and UTF-8 keeps
 * the order of the text, so a key's parts from the left are a prefix for range and prefix scans.
 */
public final class KeySerde {
    /** What separates the parts of a composite key: no id contains it. */
    public static final char SEP = '\u0000';

    private KeySerde() {
    }

    public static <K> Serde<K> of(Function<K, String> text, Function<String, K> parse) {
        return Serdes.serdeFrom((topic, key) -> key == null ? null : text.apply(key).getBytes(StandardCharsets.UTF_8),
                (topic, bytes) -> bytes == null ? null : parse.apply(new String(bytes, StandardCharsets.UTF_8)));
    }

    /** The parts of a key's text, exactly {@code parts} of them (the last may hold anything). */
    public static String[] parts(String text, int parts) {
        String[] split = text.split(String.valueOf(SEP), parts);
        if (split.length != parts) {
            throw new IllegalArgumentException("a key of " + parts + " parts, not '" + text.replace(SEP, '/') + "'");
        }
        return split;
    }

    public static String join(Object... parts) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                text.append(SEP);
            }
            text.append(parts[i]);
        }
        return text.toString();
    }
}
