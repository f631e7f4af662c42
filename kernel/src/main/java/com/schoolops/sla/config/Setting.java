package com.schoolops.sla.config;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;

/**
 * One declared configuration key, as Kafka's {@code ConfigDef} declares one: its name, type (which is its check),
 * default (may be empty: not set) and what it does.
 */
public record Setting(String key, Type type, String defaultValue, String doc) {

    /** What a value must be; a value of the wrong kind is refused at start, naming the key. Empty means not set. */
    public enum Type {
        TEXT, WHOLE_NUMBER, NUMBER, BOOLEAN, DURATION, ZONE;

        /** The value read as this type, or a {@link ConfigException} that names {@code key}. */
        Object parse(String key, String value) {
            String v = value.trim();
            try {
                return switch (this) {
                    case TEXT -> value;
                    case WHOLE_NUMBER -> Integer.parseInt(v);
                    case NUMBER -> Double.parseDouble(v);
                    case BOOLEAN -> {
                        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                            throw new ConfigException(key + " must be true or false, not '" + v + "'");
                        }
                        yield Boolean.parseBoolean(v);
                    }
                    case DURATION -> Durations.parse(value);
                    case ZONE -> ZoneId.of(v);
                };
            } catch (NumberFormatException e) {
                throw new ConfigException(key + (this == WHOLE_NUMBER ? " must be a whole number" : " must be a number") + ", not '" + value + "'");
            } catch (DateTimeException e) {
                throw new ConfigException(key + " must be a time zone such as Asia/Shanghai, not '" + value + "'");
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key + ": " + e.getMessage());
            }
        }
    }

    /** Refuses a set value that is not of this setting's type. */
    public void check(String value) {
        if (value != null && !value.isBlank()) {
            type.parse(key, value);
        }
    }

    /** The environment variable that overrides this key: {@code SLA_} and the key in upper case, dots and dashes as {@code _}. */
    public String envName() {
        return envNameOf(key);
    }

    public static String envNameOf(String key) {
        return "SLA_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
