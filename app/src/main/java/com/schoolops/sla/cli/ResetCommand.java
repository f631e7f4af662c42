package com.schoolops.sla.cli;

import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.app.ApplicationReset;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Wipes the application's internal topics, group offsets and local state, after a dry run or with a confirmation. */
public final class ResetCommand implements Command {
    private final PrintStream out;

    public ResetCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "reset";
    }

    @Override
    public String summary() {
        return "wipe the application's internal topics, group offsets and local state: the next start reprocesses every input";
    }

    @Override
    public List<Args.Flag> flags() {
        List<Args.Flag> flags = new ArrayList<>(ClusterOptions.FLAGS);
        flags.add(Args.Flag.toggle("dry-run", "say what would be deleted, delete nothing"));
        flags.add(Args.Flag.toggle("yes", "delete it (required: a reset cannot be undone)"));
        return flags;
    }

    @Override
    public int run(Args args) throws Exception {
        AppConfig config = AppConfig.from(ClusterOptions.settings(name(), args, Map.of()));
        try (ApplicationReset reset = new ApplicationReset(config)) {
            ApplicationReset.Plan plan = reset.plan();
            out.println("Reset of application " + plan.applicationId() + ":");
            out.println("  internal topics: " + (plan.internalTopics().isEmpty() ? "none" : String.join(", ", plan.internalTopics())));
            out.println("  committed offsets of group " + plan.applicationId() + ": " + (plan.groupExists() ? "deleted" : "none"));
            out.println("  local state on this machine: " + plan.localState() + " (run the reset on every machine that ran it)");
            out.println("  inputs and outputs are kept; the next start reads every input from the beginning.");
            if (plan.blocked()) {
                out.println("Refused: " + plan.groupMembers() + " instance(s) still run. Stop every instance first.");
                return 2;
            }
            if (args.has("dry-run")) {
                out.println("Dry run: nothing deleted.");
                return 0;
            }
            if (!args.has("yes")) {
                out.println("Nothing deleted: add --yes to reset (or --dry-run to only look).");
                return 2;
            }
            reset.execute(plan);
            out.println("Done.");
            return 0;
        }
    }
}
