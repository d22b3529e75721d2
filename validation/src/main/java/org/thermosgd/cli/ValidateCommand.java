package org.thermosgd.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.thermosgd.validation.experiments.ValidationRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code thermosgd validate NAME}: theory against measurement, with a verdict per claim. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Put predictions next to measurements, with verdicts.")
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME",
            description = "quadratic, sde-vs-sgd, network-temperature, isotropy, equal-temperature or equilibrium")
    String name;

    @Option(names = "--scale", defaultValue = "quick", description = "quick or paper (default ${DEFAULT-VALUE}).")
    String scale;

    @Option(names = "--threads", defaultValue = "2",
            description = "Threads for simulations (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default validations/<UTC time>-NAME).")
    Path out;

    @Option(names = "--seeds", defaultValue = "1", description = "Seeds per setting, equal-temperature (default 1).")
    int seeds;

    @Option(names = "--jobs", defaultValue = "2", description = "Training runs side by side (default 2).")
    int jobs;

    /** For tests: shrink the training runs to seconds. */
    @Option(names = "--test-shrink", hidden = true)
    boolean testShrink;

    @Override
    public Integer call() throws IOException {
        List<String> argv = Thermosgd.invocation(spec);
        ValidationRun.execute(name, scale, threads, seeds, jobs, testShrink, out, argv, spec.commandLine().getOut());
        return 0;
    }
}
