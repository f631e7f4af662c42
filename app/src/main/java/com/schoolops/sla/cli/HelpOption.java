package com.schoolops.sla.cli;

import picocli.CommandLine.Option;

/** {@code -h, --help} on every command (a picocli mixin). */
public final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;
}
