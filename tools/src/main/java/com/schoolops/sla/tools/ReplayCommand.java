package com.schoolops.sla.tools;

import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.cli.Args;
import com.schoolops.sla.cli.ClusterOptions;
import com.schoolops.sla.cli.Command;
import com.schoolops.sla.cli.UsageException;
import com.schoolops.sla.config.ConfigCatalogue;
import com.schoolops.sla.config.Settings;
import com.schoolops.sla.replay.Replay;
import com.schoolops.sla.serde.InMemorySchemaRegistry;
import com.schoolops.sla.serde.ValueSerdes;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** specification section 6: the topology over a JSON Lines file, with simulated time. */
final class ReplayCommand implements Command {
    private final PrintStream err;

    ReplayCommand(PrintStream err) {
        this.err = err;
    }

    @Override
    public String name() {
        return "replay";
    }

    @Override
    public String summary() {
        return "run the topology offline over a JSON Lines file with simulated time; write every output as JSON Lines";
    }

    @Override
    public List<Args.Flag> flags() {
        List<Args.Flag> flags = new ArrayList<>();
        flags.add(Args.Flag.value("input", "IN.jsonl", "input records and advance lines (specification section 6)"));
        flags.add(Args.Flag.value("output", "OUT.jsonl", "where to write the output records"));
        flags.add(Args.Flag.value("policies", "FILE", "the SLA contracts to judge by (JSON, as the bundled ones); default: the bundled ones"));
        flags.add(Args.Flag.value("config", "FILE", "properties file with settings (health intervals, thresholds, topic names)"));
        flags.add(Args.Flag.repeatable("set", "KEY=VALUE", "one setting; repeatable"));
        return flags;
    }

    @Override
    public int run(Args args) throws Exception {
        Path input = Path.of(args.required(name(), "input"));
        Path output = Path.of(args.required(name(), "output"));
        if (!Files.isReadable(input)) {
            throw new UsageException("replay: cannot read --input " + input);
        }
        Map<String, String> commandDefaults = new HashMap<>();
        Optional<Path> policies = args.value("policies").map(Path::of);
        if (policies.isPresent()) {
            if (!Files.isReadable(policies.get())) {
                throw new UsageException("replay: cannot read --policies " + policies.get());
            }
            commandDefaults.put(ConfigCatalogue.SLA_POLICIES, policies.get().toString()); // same as --set sla.policies=FILE
        }
        Settings settings = ClusterOptions.settings(name(), args, commandDefaults);
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
