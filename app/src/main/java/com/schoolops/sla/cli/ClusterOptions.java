package com.schoolops.sla.cli;

import com.schoolops.sla.config.Settings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;

/** The options every command that talks to a cluster shares (a picocli mixin): the settings, and the brokers. */
public final class ClusterOptions {
    @Mixin
    SettingsOptions settings;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka brokers (same as --set kafka.bootstrap.servers=...)")
    String bootstrapServers;

    public Settings settings(String command) {
        return settings(command, com.schoolops.sla.config.SettingsCatalogue.everything());
    }

    /** The settings of the deployable that declares {@code own}: the shared file's other keys are accepted and ignored. */
    public Settings settings(String command, com.schoolops.sla.config.SettingsCatalogue own) {
        return settings.settings(command, own, Map.of(), bootstrapServers == null ? Map.of() : Map.of("kafka.bootstrap.servers", bootstrapServers));
    }
}
