package org.thermosgd.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.thermosgd.validation.fp.FokkerPlanckSolve;
import org.thermosgd.validation.text.TheoryText;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code thermosgd fp}: numerical Fokker-Planck solutions. */
@Command(name = "fp", mixinStandardHelpOptions = true, description = "Numerical Fokker-Planck solutions.",
        subcommands = {FpCommand.Solve.class})
final class FpCommand extends CommandGroup {
    @Command(name = "solve", mixinStandardHelpOptions = true,
            description = "Stationary density, distance to Boltzmann and relaxation rate on a grid.")
    static final class Solve implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        static final class Kind {
            @Option(names = "--kinetic", description = "Kramers equation in phase space (x, v).")
            boolean kinetic;

            @Option(names = "--overdamped", description = "Smoluchowski equation in x (default).")
            boolean overdamped;
        }

        @ArgGroup(exclusive = true)
        Kind kind;

        @Option(names = "--potential", defaultValue = "double-well",
                description = "quadratic (f = h x^2/2), double-well (f = B ((x/a)^2 - 1)^2) or washboard"
                        + " (f = A (1 - cos(2 pi x/L)) - F x on a periodic domain); default ${DEFAULT-VALUE}.")
        String potential;

        @Option(names = "--amplitude", defaultValue = "1", description = "Washboard amplitude A (default 1).")
        double amplitude;

        @Option(names = "--period", defaultValue = "6.283185307179586",
                description = "Washboard period L, the periodic domain [0, L) (default 2 pi).")
        double period;

        @Option(names = "--tilt", defaultValue = "0", description = "Washboard tilt force F (default 0: Boltzmann;"
                + " otherwise a steady state with a current).")
        double tilt;

        @Option(names = "--curvature", defaultValue = "1", description = "Quadratic curvature h (default 1).")
        double curvature;

        @Option(names = "--barrier", defaultValue = "1", description = "Double-well barrier B (default 1).")
        double barrier;

        @Option(names = "--well", defaultValue = "1", description = "Double-well minima at +-a (default 1).")
        double well;

        @Option(names = "--gamma", defaultValue = "1", description = "Friction gamma (kinetic), 1/time (default 1).")
        double gamma;

        @Option(names = "--temperature", defaultValue = "0.5", description = "Temperature T, energy (default 0.5).")
        double temperature;

        @Option(names = "--grid", description = "Cells: NX (overdamped, default 400) or NXxNV (kinetic, default"
                + " 200x200).")
        String grid;

        @Option(names = "--x-range", split = ",", paramLabel = "LO,HI",
                description = "Domain in x (default: 6 thermal widths beyond the minima).")
        double[] xRange;

        @Option(names = "--v-range", split = ",", paramLabel = "LO,HI",
                description = "Domain in v (default +-6 sqrt(T)).")
        double[] vRange;

        @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default runs/<UTC time>-fp-solve).")
        Path out;

        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws IOException {
            List<String> argv = Thermosgd.invocation(spec);
            FokkerPlanckSolve.Summary summary = FokkerPlanckSolve.run(new FokkerPlanckSolve.Options(kind != null
                    && kind.kinetic, potential, amplitude, period, tilt, curvature, barrier, well, gamma, temperature,
                    grid, xRange, vRange), out, argv);
            return json.print(summary, TheoryText::of);
        }
    }
}
