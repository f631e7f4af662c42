package com.schoolops.sla.cli;

import com.schoolops.sla.app.TopicAdmin;
import com.schoolops.sla.config.ConfigException;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The production jar's command line, {@code java -jar sla-app.jar <command> [options]}: {@code run} and
 * {@code topics}. The tools jar runs the same dispatcher with every command ({@code ToolsMain}).
 */
public final class Main {
    private final String jar;
    private final Map<String, Command> commands = new LinkedHashMap<>();
    private final PrintStream out;
    private final PrintStream err;

    /** A command line of {@code commands}, whose help shows {@code jar} as the way to call it. */
    public Main(String jar, List<Command> commands, PrintStream out, PrintStream err) {
        this.jar = jar;
        this.out = out;
        this.err = err;
        commands.forEach(c -> this.commands.put(c.name(), c));
    }

    /** The production commands. */
    public static List<Command> productionCommands(PrintStream out) {
        return List.of(new RunCommand(), new TopicsCommand(out), new ResetCommand(out));
    }

    public static void main(String[] args) {
        exit(new Main("java -jar sla-app.jar", productionCommands(System.out), System.out, System.err).execute(args));
    }

    /** Exits explicitly: Kafka clients may leave non-daemon threads behind after a command is done. */
    public static void exit(int code) {
        System.exit(code);
    }

    /** Runs a command line and returns the exit code: 0 done, 1 failed, 2 wrong usage. */
    public int execute(String[] argv) {
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h") || argv[0].equals("help")) {
            usage(out);
            return argv.length == 0 ? 2 : 0;
        }
        Command command = commands.get(argv[0]);
        if (command == null) {
            err.println("error: unknown command '" + argv[0] + "'; commands: " + String.join(", ", commands.keySet()));
            return 2;
        }
        String[] rest = Arrays.copyOfRange(argv, 1, argv.length);
        if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
            help(command);
            return 0;
        }
        try {
            return command.run(Args.parse(command.name(), rest, command.flags()));
        } catch (UsageException e) {
            err.println("error: " + e.getMessage() + " (see: " + jar + " " + command.name() + " --help)");
            return 2;
        } catch (ConfigException | TopicAdmin.ClusterUnavailableException e) {
            err.println("error: " + command.name() + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } catch (Exception e) {
            err.println("error: " + command.name() + " failed: " + e);
            if (System.getenv("SLA_DEBUG") != null) {
                e.printStackTrace(err);
            } else {
                err.println("(set SLA_DEBUG=1 for the stack trace)");
            }
            return 1;
        }
    }

    private void usage(PrintStream to) {
        to.println("Real-time SLA and device-health processor for school IT equipment, on Kafka Streams.");
        to.println();
        to.println("Usage: " + jar + " <command> [options]");
        to.println();
        to.println("Commands:");
        commands.values().forEach(c -> to.printf("  %-9s %s%n", c.name(), c.summary()));
        to.println();
        to.println("'" + jar + " <command> --help' lists a command's options. Settings: README.md, Configuration.");
    }

    private void help(Command command) {
        out.println("Usage: " + jar + " " + command.name() + " [options]");
        out.println();
        out.println(command.summary());
        out.println();
        out.println("Options:");
        for (Args.Flag f : command.flags()) {
            String name = "--" + f.name() + (f.placeholder() == null ? "" : " " + f.placeholder());
            out.printf("  %-28s %s%n", name, f.help());
        }
    }
}
