package com.schoolops.sla.tools;

import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.cli.HelpOption;
import com.schoolops.sla.cli.SettingsOptions;
import com.schoolops.sla.cli.UsageException;
import com.schoolops.sla.config.ConfigCatalogue;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.replay.Replay;
import com.schoolops.sla.serde.InMemorySchemaRegistry;
import com.schoolops.sla.serde.ValueSerdes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** specification section 6: the topology over a JSON Lines file, with simulated time. */
@Command(name = "replay", description = "run the topology offline over a JSON Lines file with simulated time; write every output as JSON Lines")
final class ReplayCommand implements Callable<Integer> {
    private final PrintStream err;

    @Option(names = "--input", paramLabel = "IN.jsonl", required = true, description = "input records and advance lines (specification section 6)")
    Path input;
    @Option(names = "--output", paramLabel = "OUT.jsonl", required = true, description = "where to write the output records")
    Path output;
    @Option(names = "--policies", paramLabel = "FILE", description = "the SLA contracts to judge by (JSON, as the bundled ones); default: the bundled ones")
    Path policies;
    @Mixin
    SettingsOptions settings;
    @Mixin
    HelpOption help;

    ReplayCommand(PrintStream err) {
        this.err = err;
    }

    @Override
    public Integer call() throws Exception {
        Replay.quietSimulatedTime();
        if (!Files.isReadable(input)) {
            throw new UsageException("replay: cannot read --input " + input);
        }
        Map<String, String> commandDefaults = new HashMap<>();
        if (policies != null) {
            if (!Files.isReadable(policies)) {
                throw new UsageException("replay: cannot read --policies " + policies);
            }
            commandDefaults.put(ConfigCatalogue.SLA_POLICIES, policies.toString()); // same as --set sla.policies=FILE
        }
        Settings settings = this.settings.settings("replay", commandDefaults);
        // Offline: values only travel inside this process, through an in-memory registry.
        AppConfig config = AppConfig.from(settings, ValueSerdes.registry(InMemorySchemaRegistry.withKnownSchemas()));
        long started = System.nanoTime();
        Replay.Summary summary;
        try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8);
             Writer out = Files.newBufferedWriter(output, StandardCharsets.UTF_8);
             Replay replay = new Replay(config, out, err)) {
            summary = replay.run(in);
        }
        err.printf("replay: %d lines (%d records, %d advances, %d rejected) -> %d output records in %s, %.1f s%n",
                summary.lines(), summary.records(), summary.advances(), summary.rejected(), summary.outputs(), output,
                (System.nanoTime() - started) / 1e9);
        return 0;
    }
}
