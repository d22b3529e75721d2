package org.thermosgd.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.thermosgd.sde.sgd.SgdProblemFile;
import org.thermosgd.sde.sgd.StationaryComparison;
import org.thermosgd.validation.text.TheoryText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code thermosgd sgd}: momentum SGD on quadratic losses, exactly and by simulation. */
@Command(name = "sgd", mixinStandardHelpOptions = true,
        description = "Stationary law of momentum SGD on a quadratic loss.",
        subcommands = {SgdCommand.Stationary.class})
final class SgdCommand extends CommandGroup {
    @Command(name = "stationary", mixinStandardHelpOptions = true,
            description = "Exact stationary second moments next to the paper's and the leading-order predictions.")
    static final class Stationary implements Callable<Integer> {
        @Option(names = "--problem", required = true, paramLabel = "FILE.json",
                description = "Problem: {\"form\", \"momentum\", \"lr\", \"factor\": {...}, \"hessian\": [[...]],"
                        + " \"noise\": {...}} (see docs/theory.md).")
        Path problem;

        @Mixin
        SimulationOptions sim;

        @Mixin
        JsonOption out;

        @Override
        public Integer call() {
            StationaryComparison c = StationaryComparison.of(SgdProblemFile.read(problem), sim.simulate, sim.paths,
                    sim.steps, sim.seed, sim.threads);
            return out.print(c.report(), r -> TheoryText.of(c));
        }
    }
}
