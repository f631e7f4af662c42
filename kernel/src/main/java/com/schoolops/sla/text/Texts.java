package com.schoolops.sla.text;

import java.text.MessageFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;

/**
 * The texts a person reads, in the reader's language: one {@link ResourceBundle} per page or message family
 * ({@code i18n/<name>.properties} is Chinese, the first language of our users; {@code i18n/<name>_en.properties} is
 * English), each text a {@link MessageFormat} pattern with numbered arguments, never sentences glued from pieces.
 * Properties bundles are read as UTF-8 (Java 9 and later). A key missing from a language is a defect, caught by
 * {@link #missingKeys} in each bundle's test, not hidden by falling back to another language at run time.
 */
public final class Texts {
    /** The languages the product speaks; Chinese first. */
    public enum Lang {
        ZH(Locale.SIMPLIFIED_CHINESE), EN(Locale.ENGLISH);

        private final Locale locale;

        Lang(Locale locale) {
            this.locale = locale;
        }

        public Locale locale() {
            return locale;
        }

        /** The tag a user writes and a page carries: {@code zh} or {@code en}. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code zh} or {@code en} (any case, a region allowed: zh-CN, en-GB); null or blank gives {@code fallback}. */
        public static Lang of(String tag, Lang fallback) {
            if (tag == null || tag.isBlank()) {
                return fallback;
            }
            String language = Locale.forLanguageTag(tag.trim().replace('_', '-')).getLanguage();
            for (Lang lang : values()) {
                if (lang.locale.getLanguage().equals(language)) {
                    return lang;
                }
            }
            throw new IllegalArgumentException("'" + tag + "' is no language of ours: zh or en");
        }

        /** The best of ours for an HTTP {@code Accept-Language} header; Chinese when it names neither (or is absent or malformed). */
        public static Lang fromAcceptLanguage(String header) {
            if (header == null || header.isBlank()) {
                return ZH;
            }
            try {
                for (Locale.LanguageRange range : Locale.LanguageRange.parse(header)) {
                    String language = range.getRange().split("-")[0];
                    for (Lang lang : values()) {
                        if (lang.locale.getLanguage().equals(language)) {
                            return lang;
                        }
                    }
                }
            } catch (IllegalArgumentException malformed) {
                return ZH;
            }
            return ZH;
        }
    }

    /** Each language's own file and nothing else: no parent bundle, no default locale (a missing text must show, not hide). */
    private static final ResourceBundle.Control OWN_FILE_ONLY = new ResourceBundle.Control() {
        @Override
        public List<String> getFormats(String baseName) {
            return FORMAT_PROPERTIES;
        }

        @Override
        public List<Locale> getCandidateLocales(String baseName, Locale locale) {
            return List.of(locale);
        }

        @Override
        public Locale getFallbackLocale(String baseName, Locale locale) {
            return null;
        }
    };

    private final String name;
    private final Lang lang;
    private final ResourceBundle bundle;

    private Texts(String name, Lang lang, ResourceBundle bundle) {
        this.name = name;
        this.lang = lang;
        this.bundle = bundle;
    }

    /** The texts of bundle {@code i18n/<name>} in {@code lang}. */
    public static Texts of(String name, Lang lang) {
        Locale locale = lang == Lang.ZH ? Locale.ROOT : lang.locale();
        return new Texts(name, lang, ResourceBundle.getBundle("i18n/" + name, locale, OWN_FILE_ONLY));
    }

    public Lang lang() {
        return lang;
    }

    /** The text {@code key} with its arguments put in ({@link MessageFormat}, in the language's locale). */
    public String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalArgumentException("no text '" + key + "' in i18n/" + name + " (" + lang.tag() + ")", e);
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, lang.locale()).format(args);
    }

    /** Every text of the bundle, unformatted, by key (for a page's script, which formats them itself). */
    public Map<String, String> all() {
        Map<String, String> all = new LinkedHashMap<>();
        new TreeSet<>(bundle.keySet()).forEach(k -> all.put(k, bundle.getString(k)));
        return all;
    }

    /** The keys one language of bundle {@code name} has and another lacks, as "en lacks x" lines: empty when the languages agree. */
    public static List<String> missingKeys(String name) {
        Set<String> zh = of(name, Lang.ZH).bundle.keySet();
        Set<String> en = of(name, Lang.EN).bundle.keySet();
        List<String> missing = new java.util.ArrayList<>();
        zh.stream().filter(k -> !en.contains(k)).sorted().forEach(k -> missing.add("en lacks " + k));
        en.stream().filter(k -> !zh.contains(k)).sorted().forEach(k -> missing.add("zh lacks " + k));
        return missing;
    }
}
