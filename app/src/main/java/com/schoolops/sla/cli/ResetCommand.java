package com.schoolops.sla.cli;

import com.schoolops.sla.app.AppConfig;
import com.schoolops.sla.app.ApplicationReset;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** Wipes the application's internal topics, group offsets and local state, after a dry run or with a confirmation. */
@Command(name = "reset", description = "wipe the application's internal topics, group offsets and local state: the next start "
        + "reprocesses every input")
public final class ResetCommand implements Callable<Integer> {
    private final PrintStream out;

    @Mixin
    ClusterOptions cluster;
    @Mixin
    HelpOption help;
    @Option(names = "--dry-run", description = "say what would be deleted, delete nothing")
    boolean dryRun;
    @Option(names = "--yes", description = "delete it (required: a reset cannot be undone)")
    boolean yes;

    public ResetCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        AppConfig config = AppConfig.from(cluster.settings("reset"));
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
            if (dryRun) {
                out.println("Dry run: nothing deleted.");
                return 0;
            }
            if (!yes) {
                out.println("Nothing deleted: add --yes to reset (or --dry-run to only look).");
                return 2;
            }
            reset.execute(plan);
            out.println("Done.");
            return 0;
        }
    }
}
