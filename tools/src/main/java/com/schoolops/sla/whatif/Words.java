package com.schoolops.sla.whatif;

import com.schoolops.sla.text.Texts;

import java.util.Arrays;
import java.util.List;

/**
 * A text for people held as what it says, not yet in a language (the reason a verdict changes): written out by the
 * reader's {@link Texts} of {@code i18n/whatif}, the page's in its language, the CSV's in English. A {@link Phrase} is
 * one text with its arguments (themselves words or values); {@link Joined} lists words or values with a separator of the
 * language.
 */
public sealed interface Words permits Words.Phrase, Words.Joined {
    String in(Texts texts);

    /** Text {@code key} of i18n/whatif with its arguments, each written out first where it is words. */
    record Phrase(String key, List<Object> args) implements Words {
        @Override
        public String in(Texts texts) {
            return texts.get(key, args.stream().map(a -> out(a, texts)).toArray());
        }
    }

    /** Each of {@code items} (words, or values written as they are), separated by the text {@code separator} (e.g. {@code join.list}: ", " or "、"). */
    record Joined(String separator, List<?> items) implements Words {
        @Override
        public String in(Texts texts) {
            return String.join(texts.get(separator), items.stream().map(i -> String.valueOf(out(i, texts))).toList());
        }
    }

    static Phrase phrase(String key, Object... args) {
        return new Phrase(key, Arrays.asList(args));
    }

    static Joined joined(String separator, List<?> items) {
        return new Joined(separator, List.copyOf(items));
    }

    private static Object out(Object value, Texts texts) {
        return value instanceof Words w ? w.in(texts) : value;
    }
}
