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
 * One deployable's configuration: its catalogue's defaults, then a properties file, then {@code SLA_*}
 * environment variables, then command-line overrides, later ones winning. Keys under {@code kafka.} are
 * passed to the Kafka clients and Streams as they are (without the prefix). Every other key must be declared:
 * by the deployable's own catalogue (its value is checked against its type at start), or by another deployable's
 * on the class path, for the file is shared (README, Configuration): such a key is accepted and ignored, so a
 * wrong engine setting does not stop {@code notify}. A key nobody declares is a typo and fails at start.
 */
public final class Settings {
    public static final String KAFKA_PREFIX = "kafka.";

    private final SettingsCatalogue own;
    private final Map<String, String> values;

    private Settings(SettingsCatalogue own, Map<String, String> values) {
        this.own = own;
        this.values = Collections.unmodifiableMap(values);
    }

    /** The defaults of every catalogue on the class path (what {@code run} and the tools read). */
    public static Settings defaults() {
        return load(null, Map.of(), Map.of());
    }

    /** Every catalogue on the class path from an optional properties file, the environment and overrides. */
    public static Settings load(Path file, Map<String, String> environment, Map<String, String> overrides) {
        return load(SettingsCatalogue.everything(), file, environment, overrides);
    }

    /** The settings of the deployable that declares {@code own}, from an optional properties file, the environment and overrides. */
    public static Settings load(SettingsCatalogue own, Path file, Map<String, String> environment, Map<String, String> overrides) {
        Map<String, String> given = new LinkedHashMap<>();
        if (file != null) {
            given.putAll(readFile(file));
        }
        given.putAll(fromEnvironment(own, environment));
        given.putAll(overrides);
        return from(own, given);
    }

    private static Settings from(SettingsCatalogue own, Map<String, String> given) {
        SettingsCatalogue everyone = SettingsCatalogue.everything();
        Map<String, String> merged = new LinkedHashMap<>();
        own.settings().forEach(s -> merged.put(s.key(), s.defaultValue()));
        List<String> unknown = new ArrayList<>();
        given.forEach((key, value) -> {
            if (key.startsWith(KAFKA_PREFIX) || own.find(key).isPresent()) {
                merged.put(key, value);
            } else if (everyone.find(key).isEmpty()) {
                unknown.add(key);
            }
        });
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown configuration key(s) " + unknown + "; see the configuration reference in README.md");
        }
        own.settings().forEach(s -> s.check(merged.get(s.key())));
        return new Settings(own, merged);
    }

    /** A copy with some keys replaced, for tests and for commands that set keys of their own. */
    public Settings with(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(values);
        merged.putAll(overrides);
        return from(own, merged);
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
    static Map<String, String> fromEnvironment(SettingsCatalogue own, Map<String, String> environment) {
        Map<String, String> map = new TreeMap<>();
        for (Setting setting : own.settings()) {
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
        return (Integer) Setting.Type.WHOLE_NUMBER.parse(key, get(key));
    }

    public double getDouble(String key) {
        return (Double) Setting.Type.NUMBER.parse(key, get(key));
    }

    public boolean getBoolean(String key) {
        return (Boolean) Setting.Type.BOOLEAN.parse(key, get(key));
    }

    public Duration getDuration(String key) {
        return (Duration) Setting.Type.DURATION.parse(key, get(key));
    }

    public java.time.ZoneId getZone(String key) {
        return (java.time.ZoneId) Setting.Type.ZONE.parse(key, get(key));
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
