package com.schoolops.sla.cli;

import com.schoolops.sla.config.ConfigException;
import com.schoolops.sla.config.Settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The options every command that talks to a cluster shares: a properties file, single overrides, the brokers. */
public final class ClusterOptions {
    public static final List<Args.Flag> FLAGS = List.of(
            Args.Flag.value("config", "FILE", "properties file with the settings (see README, Configuration)"),
            Args.Flag.repeatable("set", "KEY=VALUE", "one setting, overriding the file and environment; repeatable"),
            Args.Flag.value("bootstrap-servers", "HOST:PORT", "Kafka brokers (same as --set kafka.bootstrap.servers=...)"));

    private ClusterOptions() {
    }

    /** The {@code --set KEY=VALUE} options of a command, in order. */
    public static Map<String, String> pairs(String command, List<String> values) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : values) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new UsageException(command + ": --set takes KEY=VALUE, not '" + pair + "'");
            }
            map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return map;
    }

    public static Settings settings(String command, Args args, Map<String, String> commandDefaults) {
        Path file = args.value("config").map(Path::of).orElse(null);
        if (file != null && !Files.isReadable(file)) {
            throw new UsageException(command + ": cannot read --config " + file);
        }
        Map<String, String> overrides = new LinkedHashMap<>(commandDefaults);
        overrides.putAll(pairs(command, args.all("set")));
        args.value("bootstrap-servers").ifPresent(b -> overrides.put("kafka.bootstrap.servers", b));
        try {
            return Settings.load(file, System.getenv(), overrides);
        } catch (ConfigException e) {
            throw new UsageException(command + ": " + e.getMessage());
        }
    }
}
