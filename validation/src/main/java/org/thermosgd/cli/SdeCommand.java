package org.thermosgd.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.thermosgd.sde.lyapunov.LinearSdeFile;
import org.thermosgd.sde.lyapunov.LinearStationaryComparison;
import org.thermosgd.validation.simulate.LangevinSimulation;
import org.thermosgd.validation.text.TheoryText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code thermosgd sde}: Langevin simulations and stationary laws of linear SDEs. */
@Command(name = "sde", mixinStandardHelpOptions = true,
        description = "Linear-SDE stationary laws; Langevin ensemble simulations.",
        subcommands = {SdeCommand.Stationary.class, SdeCommand.Simulate.class})
final class SdeCommand extends CommandGroup {
    @Command(name = "stationary", mixinStandardHelpOptions = true,
            description = "Stationary covariance of dZ = F Z dt + B dW (exact, or of the Euler-Maruyama chain).")
    static final class Stationary implements Callable<Integer> {
        @Option(names = "--problem", required = true, paramLabel = "FILE.json",
                description = "{\"drift\": F, \"diffusion\": B, \"scheme\": \"exact\"|\"euler-maruyama\", \"dt\": h}")
        Path problem;

        @Mixin
        SimulationOptions sim;

        @Mixin
        JsonOption json;

        @Override
        public Integer call() {
            LinearStationaryComparison.Result out = LinearStationaryComparison.of(LinearSdeFile.read(problem),
                    problem.toString(), sim.simulate, sim.paths, sim.steps, sim.seed, sim.threads);
            return json.print(out, TheoryText::of);
        }
    }

    @Command(name = "simulate", mixinStandardHelpOptions = true,
            description = "Simulate an underdamped Langevin ensemble; write series and summary to a run directory.")
    static final class Simulate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--potential", defaultValue = "quadratic",
                description = "quadratic (f = sum h_i x_i^2 / 2) or double-well (f = sum B ((x_i/a)^2 - 1)^2);"
                        + " default ${DEFAULT-VALUE}.")
        String potential;

        @Option(names = "--dim", defaultValue = "1", description = "Dimension n (default ${DEFAULT-VALUE}).")
        int dim;

        @Option(names = "--curvature", split = ",", defaultValue = "1",
                description = "Quadratic curvatures h_i: one value for all, or n comma-separated (default 1).")
        double[] curvature;

        @Option(names = "--barrier", defaultValue = "1", description = "Double-well barrier B (default 1).")
        double barrier;

        @Option(names = "--well", defaultValue = "1", description = "Double-well minima at +-a (default 1).")
        double well;

        @Option(names = "--gamma", defaultValue = "1", description = "Friction gamma, 1/time (default 1).")
        double gamma;

        @Option(names = "--temperature", defaultValue = "1",
                description = "Thermostat temperature T: noise covariance 2 gamma T I (default 1).")
        double temperature;

        @Option(names = "--paper", split = ",", paramLabel = "LR,MU,D,C",
                description = "Use the paper's eq. (9) instead: gamma = (1-mu)/lr, noise D/(3C) I (overrides --gamma,"
                        + " --temperature).")
        double[] paper;

        @Option(names = "--scheme", defaultValue = "euler-maruyama",
                description = "euler-maruyama or baoab (default ${DEFAULT-VALUE}).")
        String scheme;

        @Option(names = "--dt", defaultValue = "0.01", description = "Step, units of time (default ${DEFAULT-VALUE}).")
        double dt;

        @Option(names = "--steps", defaultValue = "100000",
                description = "Measured steps per path (default ${DEFAULT-VALUE}).")
        long steps;

        @Option(names = "--burn-in", defaultValue = "10000", description = "Burn-in steps (default ${DEFAULT-VALUE}).")
        long burnIn;

        @Option(names = "--paths", defaultValue = "16", description = "Paths (default ${DEFAULT-VALUE}).")
        int paths;

        @Option(names = "--record-every", defaultValue = "100",
                description = "Steps between rows of timeseries.csv (default ${DEFAULT-VALUE}).")
        int recordEvery;

        @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--threads", defaultValue = "1", description = "Threads (default ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--out", paramLabel = "DIR",
                description = "Run directory (default runs/<UTC time>-sde-simulate).")
        Path out;

        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws IOException {
            List<String> argv = Thermosgd.invocation(spec);
            LangevinSimulation.Summary summary = LangevinSimulation.run(new LangevinSimulation.Options(potential, dim,
                    curvature, barrier, well, gamma, temperature, paper, scheme, dt, steps, burnIn, paths, recordEvery,
                    seed, threads), out, argv);
            return json.print(summary, TheoryText::of);
        }
    }
}
