package com.schoolops.sla.cli;

import com.schoolops.sla.app.TopicAdmin;
import com.schoolops.sla.config.ConfigException;
import com.schoolops.sla.config.Durations;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;

/**
 * The production jar's command line, {@code java -jar sla-app.jar <command> [options]}: {@code run}, {@code topics}
 * and {@code reset}. The tools jar runs the same with every command ({@code ToolsMain}). Parsing, help, typed
 * options and shell completion are picocli's; what goes wrong is one line on stderr and an exit code: 2 for the
 * command line, 1 for a failure ({@code SLA_DEBUG=1} adds the stack trace).
 */
public final class Main {
    @Command(description = "Real-time SLA and device-health processor for school IT equipment, on Kafka Streams.",
            synopsisSubcommandLabel = "<command>", commandListHeading = "%nCommands:%n",
            footer = {"%n'${ROOT-COMMAND-NAME} <command> --help' lists a command's options. Settings: README.md, Configuration.",
                    "Shell completion (bash, zsh): source <(${ROOT-COMMAND-NAME} generate-completion)"})
    static final class Root {
    }

    private final String jar;
    private final CommandLine cli;
    private final PrintStream out;
    private final PrintStream err;

    /** A command line of {@code commands} (picocli {@link Command}s), whose help shows {@code jar} as the way to call it. */
    public Main(String jar, List<Object> commands, PrintStream out, PrintStream err) {
        this.jar = jar;
        this.out = out;
        this.err = err;
        this.cli = new CommandLine(new Root()).setCommandName(jar);
        commands.forEach(cli::addSubcommand);
        cli.addSubcommand("generate-completion", new AutoComplete.GenerateCompletion());
        cli.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(true) // told in the footer
                .description("print a bash/zsh completion script: source <(" + jar + " generate-completion)");
        // Set once every command is added: picocli passes these on to the commands it has.
        // picocli's own separator: --input IN.jsonl and --input=IN.jsonl both work (a space separator would refuse the second)
        cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .registerConverter(Duration.class, Durations::parse)
                .registerConverter(YearMonth.class, YearMonth::parse)
                .registerConverter(ZoneId.class, ZoneId::of);
        cli.setParameterExceptionHandler((e, args) -> usageError(e));
        cli.setExecutionExceptionHandler((e, command, parsed) -> failure(e, command.getCommandName()));
    }

    /** The production commands: the engine, notify, and the topics' and state's upkeep. */
    public static List<Object> productionCommands(PrintStream out) {
        return List.of(new RunCommand(), new NotifyCommand(), new TopicsCommand(out), new ResetCommand(out));
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
            cli.usage(out);
            return argv.length == 0 ? 2 : 0;
        }
        return cli.execute(argv);
    }

    private int usageError(ParameterException e) {
        CommandLine command = e.getCommandLine();
        if (command == cli) {
            err.println(e instanceof UnmatchedArgumentException unknown && !unknown.getUnmatched().isEmpty()
                    ? "error: unknown command '" + unknown.getUnmatched().get(0) + "'; commands: " + String.join(", ", listed())
                    : "error: " + e.getMessage());
        } else {
            err.println("error: " + command.getCommandName() + ": " + reason(e) + " (see: " + jar + " " + command.getCommandName() + " --help)");
        }
        return 2;
    }

    /** The commands the help lists (generate-completion is there for shells, not listed). */
    private List<String> listed() {
        return cli.getSubcommands().entrySet().stream().filter(c -> !c.getValue().getCommandSpec().usageMessage().hidden())
                .map(java.util.Map.Entry::getKey).toList();
    }

    /** picocli's reason, in the form this command line has always given it. */
    private static String reason(ParameterException e) {
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String first = unmatched.getUnmatched().get(0);
            return first.startsWith("-") ? "unknown option " + first.split("=", 2)[0] : "unexpected argument '" + first + "'";
        }
        String message = e.getMessage();
        return message.isEmpty() ? message : Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }

    private int failure(Exception e, String command) {
        if (e instanceof UsageException) {
            err.println("error: " + e.getMessage() + " (see: " + jar + " " + command + " --help)");
            return 2;
        }
        if (e instanceof ConfigException || e instanceof TopicAdmin.ClusterUnavailableException) {
            err.println("error: " + command + ": " + e.getMessage());
            return 1;
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return 130;
        }
        err.println("error: " + command + " failed: " + e);
        if (System.getenv("SLA_DEBUG") != null) {
            e.printStackTrace(err);
        } else {
            err.println("(set SLA_DEBUG=1 for the stack trace)");
        }
        return 1;
    }
}
