package com.schoolops.sla.cli;

import com.schoolops.sla.config.ConfigException;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.config.SettingsCatalogue;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The options of every command that reads the settings (a picocli mixin): a properties file and single settings. */
public final class SettingsOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "properties file with the settings (see README, Configuration)")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "one setting, overriding the file and environment; repeatable")
    Map<String, String> set = new LinkedHashMap<>();

    /** The settings of {@code command}: its own defaults, then the file, the environment, {@code --set} and {@code options} over them. */
    public Settings settings(String command, Map<String, String> commandDefaults, Map<String, String> options) {
        return settings(command, SettingsCatalogue.everything(), commandDefaults, options);
    }

    /** The settings of the deployable that declares {@code own}, as {@link #settings(String, Map, Map)}. */
    public Settings settings(String command, SettingsCatalogue own, Map<String, String> commandDefaults, Map<String, String> options) {
        if (config != null && !Files.isReadable(config)) {
            throw new UsageException(command + ": cannot read --config " + config);
        }
        Map<String, String> overrides = new LinkedHashMap<>(commandDefaults);
        overrides.putAll(set);
        overrides.putAll(options);
        try {
            return Settings.load(own, config, System.getenv(), overrides);
        } catch (ConfigException e) {
            throw new UsageException(command + ": " + e.getMessage());
        }
    }

    public Settings settings(String command, Map<String, String> commandDefaults) {
        return settings(command, commandDefaults, Map.of());
    }
}
