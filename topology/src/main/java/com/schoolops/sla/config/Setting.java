package com.schoolops.sla.config;

import java.util.Locale;

/** One documented configuration key: its name, default (may be empty) and what it does. */
public record Setting(String key, String defaultValue, String doc) {

    /** The environment variable that overrides this key: {@code SLA_} and the key in upper case, dots and dashes as {@code _}. */
    public String envName() {
        return envNameOf(key);
    }

    public static String envNameOf(String key) {
        return "SLA_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
