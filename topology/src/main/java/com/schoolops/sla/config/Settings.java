package com.schoolops.sla.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The application's configuration: the catalogue's defaults, then a properties file, then {@code SLA_*}
 * environment variables, then command-line overrides, later ones winning. Keys under {@code kafka.} are
 * passed to the Kafka clients and Streams as they are (without the prefix); every other key must be in
 * {@link ConfigCatalogue}, so a typo fails at start instead of being ignored.
 */
public final class Settings {
    public static final String KAFKA_PREFIX = "kafka.";

    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static Settings defaults() {
        return load(null, Map.of(), Map.of());
    }

    /** Builds settings from the catalogue, an optional properties file, the environment and overrides. */
    public static Settings load(Path file, Map<String, String> environment, Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>();
        ConfigCatalogue.all().forEach(s -> merged.put(s.key(), s.defaultValue()));
        if (file != null) {
            merged.putAll(readFile(file));
        }
        merged.putAll(fromEnvironment(environment));
        merged.putAll(overrides);
        List<String> unknown = new ArrayList<>();
        for (String key : merged.keySet()) {
            if (!key.startsWith(KAFKA_PREFIX) && ConfigCatalogue.find(key).isEmpty()) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown configuration key(s) " + unknown + "; see the configuration reference in README.md");
        }
        return new Settings(merged);
    }

    /** A copy with some keys replaced, for tests and for commands that set keys of their own. */
    public Settings with(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(values);
        merged.putAll(overrides);
        return load(null, Map.of(), merged);
    }

    static Map<String, String> readFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
        }
        Map<String, String> map = new TreeMap<>();
        properties.stringPropertyNames().forEach(k -> map.put(k.trim(), properties.getProperty(k).trim()));
        return map;
    }

    /** {@code SLA_HEALTH_CHECK_INTERVAL} sets a catalogue key; {@code SLA_KAFKA_SASL_MECHANISM} sets {@code kafka.sasl.mechanism}. */
    static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> map = new TreeMap<>();
        for (Setting setting : ConfigCatalogue.all()) {
            String value = environment.get(setting.envName());
            if (value != null) {
                map.put(setting.key(), value);
            }
        }
        String kafkaEnvPrefix = Setting.envNameOf(KAFKA_PREFIX);
        environment.forEach((name, value) -> {
            if (name.startsWith(kafkaEnvPrefix)) {
                map.put(KAFKA_PREFIX + name.substring(kafkaEnvPrefix.length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.'), value);
            }
        });
        return map;
    }

    public String get(String key) {
        if (!values.containsKey(key)) {
            throw new ConfigException("configuration key " + key + " is not set");
        }
        return values.get(key);
    }

    public Optional<String> optional(String key) {
        return Optional.ofNullable(values.get(key)).filter(v -> !v.isBlank());
    }

    public int getInt(String key) {
        try {
            return Integer.parseInt(get(key).trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a whole number, not '" + get(key) + "'");
        }
    }

    public double getDouble(String key) {
        try {
            return Double.parseDouble(get(key).trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be a number, not '" + get(key) + "'");
        }
    }

    public boolean getBoolean(String key) {
        String value = get(key).trim();
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new ConfigException(key + " must be true or false, not '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    public Duration getDuration(String key) {
        try {
            return Durations.parse(get(key));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": " + e.getMessage());
        }
    }

    public java.time.ZoneId getZone(String key) {
        try {
            return java.time.ZoneId.of(get(key));
        } catch (java.time.DateTimeException e) {
            throw new ConfigException(key + " must be a time zone such as Asia/Shanghai, not '" + get(key) + "'");
        }
    }

    /** The {@code kafka.*} keys without their prefix, for the Kafka clients. */
    public Map<String, String> kafkaClientSettings() {
        Map<String, String> map = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(KAFKA_PREFIX) && !v.isBlank()) {
                map.put(k.substring(KAFKA_PREFIX.length()), v);
            }
        });
        return map;
    }
}
