package com.schoolops.sla.timers;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * How a stage's timer keys are written in its deadline index, after the entry's 8-byte time: its kind's tag byte, then
 * the key's id in UTF-8. Each stage declares its own kinds (their tags are stable: they are in the changelog) and the
 * names its set-aside timers carry on dead-letters.
 */
public final class TimerKeys<K> {
    /** One kind of a stage's timers: its tag byte, its name on dead-letters, and how its id is read back. */
    public record Kind<K>(char tag, String name, Function<String, K> parse) {
    }

    private final Function<K, Kind<K>> kindOf;
    private final Function<K, String> idOf;
    private final Map<Byte, Kind<K>> byTag;

    private TimerKeys(Function<K, Kind<K>> kindOf, Function<K, String> idOf, Map<Byte, Kind<K>> byTag) {
        this.kindOf = kindOf;
        this.idOf = idOf;
        this.byTag = byTag;
    }

    /** A stage with one kind of timer, its key written as {@code idOf}. */
    public static <K> TimerKeys<K> of(Kind<K> kind, Function<K, String> idOf) {
        return new TimerKeys<>(key -> kind, idOf, Map.of((byte) kind.tag(), kind));
    }

    /** A stage with several kinds: {@code kindOf} tells a key's kind, {@code idOf} writes its id; {@code kinds} are all of them. */
    @SafeVarargs
    public static <K> TimerKeys<K> of(Function<K, Kind<K>> kindOf, Function<K, String> idOf, Kind<K>... kinds) {
        Map<Byte, Kind<K>> byTag = new HashMap<>();
        for (Kind<K> k : kinds) {
            if (byTag.put((byte) k.tag(), k) != null) {
                throw new IllegalArgumentException("two timer kinds share the tag '" + k.tag() + "'");
            }
        }
        return new TimerKeys<>(kindOf, idOf, Map.copyOf(byTag));
    }

    Timer timer(K key) {
        return new Timer((byte) kindOf.apply(key).tag(), idOf.apply(key));
    }

    /** The key of a stored timer; it throws for a tag no kind of the stage has, or an id its kind cannot read. */
    K key(Timer timer) {
        Kind<K> kind = byTag.get(timer.tag());
        if (kind == null) {
            throw new IllegalArgumentException("no timer kind of this stage has the tag '" + (char) timer.tag() + "'");
        }
        return kind.parse().apply(timer.id());
    }

    /** The name of a stored timer's kind, for a dead letter (the tag itself when no kind has it). */
    String kind(Timer timer) {
        Kind<K> kind = byTag.get(timer.tag());
        return kind == null ? "'" + (char) timer.tag() + "'" : kind.name();
    }
}
