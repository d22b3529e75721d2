package org.thermosgd.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.thermosgd.run.RunDirectory;
import org.thermosgd.validation.run.Progress;
import org.thermosgd.validation.run.RunSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code thermosgd} command: one subcommand per job, each described in one line by {@code --help}. */
@Command(name = "thermosgd", mixinStandardHelpOptions = true, versionProvider = Thermosgd.Version.class,
        description = "Test the statistical-physics theory of SGD against real training.",
        subcommands = {ReproduceCommand.class, RunCommand.class, CollectCommand.class, ValidateCommand.class,
                DataCommand.class, TrainCommand.class, ModelsCommand.class, WeightsCommand.class, HessianCommand.class,
                DiffusionCommand.class, SgdCommand.class, FpCommand.class, FiguresCommand.class, SdeCommand.class,
                BenchCommand.class, CommandLine.HelpCommand.class})
public final class Thermosgd implements Runnable {
    /** Exit code for failures reported as one-line errors (bad input, missing data, failed runs). */
    public static final int EXIT_ERROR = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code; errors are printed as one line on stderr. */
    public static int execute(String... args) {
        Progress.quiet(Arrays.asList(args).contains("--json"));
        try {
            return commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            System.err.printf("thermosgd: error: out of Java heap (%.1f GB): give it more with JAVA_OPTS=-Xmx<GB>g or"
                    + " ask for less (fewer samples, a smaller batch)%n", Runtime.getRuntime().maxMemory() / 1e9);
            return EXIT_ERROR;
        }
    }

    /** The command line as typed, for provenance: {@code thermosgd} and the original arguments. */
    static List<String> invocation(CommandLine.Model.CommandSpec spec) {
        List<String> argv = new ArrayList<>();
        argv.add("thermosgd");
        argv.addAll(spec.commandLine().getParseResult().originalArgs());
        return argv;
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Thermosgd());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("thermosgd: error: " + RunDirectory.oneLine(e));
            if (Boolean.getBoolean("thermosgd.debug")) {
                e.printStackTrace(err);
            }
            err.flush();
            return EXIT_ERROR;
        });
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            String message = RunDirectory.oneLine(e).replaceFirst("^Error: ", "");
            if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
                message += "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
            }
            PrintWriter err = c.getErr();
            err.println("thermosgd: error: " + message + " (see '" + c.getCommandSpec().qualifiedName()
                    + " --help')");
            err.flush();
            return EXIT_ERROR;
        });
        return cl;
    }

    /** {@code --version}: thermosgd, git commit and library versions. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return RunSupport.versionLines();
        }
    }
}
