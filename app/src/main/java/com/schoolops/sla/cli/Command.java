package com.schoolops.sla.cli;

import java.util.List;

/** A subcommand of the jar. */
public interface Command {
    String name();

    /** One line for the command list. */
    String summary();

    List<Args.Flag> flags();

    /** Runs the command; returns the process exit code. */
    int run(Args args) throws Exception;
}
