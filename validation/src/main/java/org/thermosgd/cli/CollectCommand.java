package org.thermosgd.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.thermosgd.validation.reproduce.ReproductionReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code thermosgd collect DIR}: figures and report from a reproduction's finished runs. */
@Command(name = "collect", mixinStandardHelpOptions = true,
        description = "Gather a reproduction's finished runs into figures and a report.")
final class CollectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "A reproduction folder (with manifest.json).")
    Path dir;

    @Option(names = "--figure-width", defaultValue = "7.1", paramLabel = "INCHES", description = "Width of figures/FIG"
            + " (the paper's panels side by side): 3.5 for one column, 7.1 for two (default ${DEFAULT-VALUE}).")
    double figureWidth;

    @Override
    public Integer call() throws IOException {
        ReproductionReport.collect(dir, figureWidth, spec.commandLine().getOut());
        return 0;
    }
}
