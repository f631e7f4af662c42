package com.schoolops.sla.tools;

import com.schoolops.sla.cli.Main;
import com.schoolops.sla.cli.ResetCommand;
import com.schoolops.sla.cli.RunCommand;
import com.schoolops.sla.cli.TopicsCommand;

import java.io.PrintStream;
import java.util.List;

/** The newcomer's jar, {@code java -jar topology/target/sla-processor.jar <command>}: every command, the production ones included. */
public final class ToolsMain {
    public static final String JAR = "java -jar topology/target/sla-processor.jar";

    private ToolsMain() {
    }

    public static Main main(PrintStream out, PrintStream err) {
        return new Main(JAR, List.of(new DemoCommand(out), new RunCommand(), new com.schoolops.sla.cli.NotifyCommand(), new ReplayCommand(err), new SimulateCommand(out),
                new TailCommand(out), new TopicsCommand(out), new ResetCommand(out), new BenchCommand(out), new ReportCommand(out), new WhatIfCommand(out)), out, err);
    }

    public static void main(String[] args) {
        Main.exit(main(System.out, System.err).execute(args));
    }
}
