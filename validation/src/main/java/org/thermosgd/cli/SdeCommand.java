package org.thermosgd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.rng.UniformRandomProvider;
import org.thermosgd.run.CsvTable;
import org.thermosgd.run.Json;
import org.thermosgd.run.Provenance;
import org.thermosgd.run.RunDirectory;
import org.thermosgd.run.RunStatus;
import org.thermosgd.sde.ensemble.Ensemble;
import org.thermosgd.sde.integrator.Baoab;
import org.thermosgd.sde.integrator.EulerMaruyama;
import org.thermosgd.sde.integrator.ExactLinearTransition;
import org.thermosgd.sde.integrator.Stepper;
import org.thermosgd.sde.lyapunov.LinearStationary;
import org.thermosgd.sde.observable.AcrossPaths;
import org.thermosgd.sde.observable.AutocorrelationTime;
import org.thermosgd.sde.observable.CovarianceAccumulator;
import org.thermosgd.sde.observable.LangevinObservables;
import org.thermosgd.sde.potential.DoubleWellPotential;
import org.thermosgd.sde.potential.Potential;
import org.thermosgd.sde.potential.QuadraticPotential;
import org.thermosgd.sde.problem.LinearSdeFile;
import org.thermosgd.sde.problem.UnderdampedLangevin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.thermosgd.validation.run.Progress;
import org.thermosgd.validation.run.RunSupport;

/** {@code thermosgd sde}: Langevin simulations and stationary laws of linear SDEs. */
@Command(name = "sde", mixinStandardHelpOptions = true,
        description = "Linear-SDE stationary laws; Langevin ensemble simulations.",
        subcommands = {SdeCommand.Stationary.class, SdeCommand.Simulate.class})
final class SdeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "stationary", mixinStandardHelpOptions = true,
            description = "Stationary covariance of dZ = F Z dt + B dW (exact, or of the Euler-Maruyama chain).")
    static final class Stationary implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--problem", required = true, paramLabel = "FILE.json",
                description = "{\"drift\": F, \"diffusion\": B, \"scheme\": \"exact\"|\"euler-maruyama\", \"dt\": h}")
        Path problem;

        @Mixin
        SimulationOptions sim;

        @Override
        public Integer call() {
            LinearSdeFile f = LinearSdeFile.read(problem);
            double[][] cov = f.scheme().equals(LinearSdeFile.EXACT)
                    ? LinearStationary.continuous(f.sde())
                    : LinearStationary.eulerMaruyama(f.sde(), f.dt());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("cov", cov);
            out.put("scheme", f.scheme());
            if (sim.simulate) {
                if (f.dt() == null) {
                    throw new IllegalArgumentException(problem + ": field 'dt' is required to simulate");
                }
                out.put("simulated", simulate(f));
            }
            out.put("conventions", Map.of("cov", f.scheme().equals(LinearSdeFile.EXACT)
                    ? "stationary covariance of the SDE: F S + S F^T + B B^T = 0"
                    : "stationary covariance of the Euler-Maruyama chain at step dt: S = (I + F dt) S (I + F dt)^T"
                    + " + B B^T dt", "simulated", "mean over paths of each path's time-averaged Z Z^T after a"
                    + " burn-in of 20 relaxation times (paths start at 0); se = standard error across paths"));
            PrintWriter w = spec.commandLine().getOut();
            w.println(sim.json ? Json.write(out) : text(out));
            w.flush();
            return 0;
        }

        private Map<String, Object> simulate(LinearSdeFile f) {
            int d = f.sde().dimension();
            double dt = f.dt();
            long burnIn = (long) Math.ceil(20 * LinearStationary.relaxationTime(f.sde()) / dt);
            List<double[][]> per = Ensemble.run(sim.paths, sim.threads, sim.seed, (i, rng) -> {
                Stepper s = f.scheme().equals(LinearSdeFile.EXACT)
                        ? ExactLinearTransition.create().stepper(f.sde(), dt, rng)
                        : EulerMaruyama.create().stepper(f.sde(), dt, rng);
                double[] y = new double[d];
                CovarianceAccumulator acc = new CovarianceAccumulator(d);
                for (long k = 0; k < burnIn + sim.steps; k++) {
                    s.step(k * dt, y);
                    if (k >= burnIn) {
                        acc.add(y);
                    }
                }
                return acc.secondMoments();
            });
            double[][] mean = new double[d][d];
            double[][] se = new double[d][d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    int a = i;
                    int b = j;
                    AcrossPaths s = AcrossPaths.of(per, m -> m[a][b]);
                    mean[i][j] = s.mean();
                    se[i][j] = s.standardError();
                }
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("cov", mean);
            result.put("se", se);
            result.put("paths", sim.paths);
            result.put("burnInSteps", burnIn);
            result.put("steps", sim.steps);
            result.put("seed", sim.seed);
            return result;
        }

        @SuppressWarnings("unchecked")
        private static String text(Map<String, Object> out) {
            StringBuilder b = new StringBuilder("stationary covariance (" + out.get("scheme") + "):\n");
            for (double[] row : (double[][]) out.get("cov")) {
                b.append("  ").append(Arrays.toString(row)).append('\n');
            }
            Map<String, Object> sim = (Map<String, Object>) out.get("simulated");
            if (sim != null) {
                b.append("simulated (").append(sim.get("paths")).append(" paths x ").append(sim.get("steps"))
                        .append(" steps), entry +- standard error:\n");
                double[][] m = (double[][]) sim.get("cov");
                double[][] se = (double[][]) sim.get("se");
                for (int i = 0; i < m.length; i++) {
                    b.append(" ");
                    for (int j = 0; j < m.length; j++) {
                        b.append(String.format(" %.6g +- %.2g", m[i][j], se[i][j]));
                    }
                    b.append('\n');
                }
            }
            return b.toString().stripTrailing();
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

        @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default runs/<UTC time>-sde-simulate).")
        Path out;

        @Option(names = "--json", description = "Print the summary as JSON.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            if (recordEvery < 1 || steps < 1 || burnIn < 0 || paths < 2) {
                throw new IllegalArgumentException("need --steps >= 1, --burn-in >= 0, --record-every >= 1 and"
                        + " --paths >= 2");
            }
            Potential pot = potential();
            UnderdampedLangevin problem = paper != null
                    ? paperProblem(pot)
                    : UnderdampedLangevin.atTemperature(pot, gamma, temperature);
            if (!scheme.equals("euler-maruyama") && !scheme.equals("baoab")) {
                throw new IllegalArgumentException("--scheme must be euler-maruyama or baoab, found '" + scheme + "'");
            }
            double noiseVar = problem.noise().variance(0);
            double targetT = noiseVar / (2 * problem.gamma());

            Map<String, Object> config = new LinkedHashMap<>();
            config.put("command", "sde simulate");
            config.put("potential", potential);
            config.put("dimension", dim);
            config.put("curvature", potential.equals("quadratic") ? curvatures() : null);
            config.put("barrier", potential.equals("double-well") ? barrier : null);
            config.put("well", potential.equals("double-well") ? well : null);
            config.put("gamma", problem.gamma());
            config.put("noiseVariancePerUnitTime", noiseVar);
            config.put("thermostatTemperature", targetT);
            config.put("paper", paper == null ? null : Map.of("lr", paper[0], "momentum", paper[1], "D", paper[2],
                    "C", paper[3]));
            config.put("scheme", scheme);
            config.put("dt", dt);
            config.put("burnInSteps", burnIn);
            config.put("steps", steps);
            config.put("paths", paths);
            config.put("recordEvery", recordEvery);
            config.put("seed", seed);
            config.put("threads", threads);
            config.put("conventions", "dX = V dt, dV = -gamma V dt - grad f dt + sqrt(S) dW, unit mass; thermostat"
                    + " temperature = S / (2 gamma); time in units of dt * steps");

            RunDirectory run = RunDirectory.create(Path.of("runs"), "sde-simulate", out);
            run.writeConfig(config);
            List<String> argv = new ArrayList<>(List.of("thermosgd", "sde", "simulate"));
            argv.addAll(spec.commandLine().getParseResult().originalArgs());
            run.start(Provenance.start(RunSupport.sourceDir(), threads, seed, argv));
            try {
                Map<String, Object> summary = simulate(problem, run, targetT);
                Json.writeAtomically(run.resolve("summary.json"), summary);
                run.finish(RunStatus.COMPLETED, null);
                PrintWriter w = spec.commandLine().getOut();
                summary.put("runDirectory", run.path().toString());
                w.println(json ? Json.write(summary) : text(summary));
                w.flush();
                return 0;
            } catch (RuntimeException | IOException e) {
                run.finish(RunStatus.FAILED, RunSupport.oneLine(e));
                throw e;
            }
        }

        private double[] curvatures() {
            if (curvature.length == 1) {
                double[] h = new double[dim];
                Arrays.fill(h, curvature[0]);
                return h;
            }
            if (curvature.length != dim) {
                throw new IllegalArgumentException("--curvature has " + curvature.length + " values, expected 1 or"
                        + " --dim = " + dim);
            }
            return curvature.clone();
        }

        private Potential potential() {
            return switch (potential) {
                case "quadratic" -> QuadraticPotential.diagonal(curvatures());
                case "double-well" -> DoubleWellPotential.of(dim, barrier, well);
                default -> throw new IllegalArgumentException("--potential must be quadratic or double-well, found '"
                        + potential + "'");
            };
        }

        private UnderdampedLangevin paperProblem(Potential pot) {
            if (paper.length != 4) {
                throw new IllegalArgumentException("--paper takes LR,MU,D,C (4 values), found " + paper.length);
            }
            return UnderdampedLangevin.paper(pot, paper[0], paper[1], paper[2], (int) paper[3]);
        }

        private Map<String, Object> simulate(UnderdampedLangevin problem, RunDirectory run, double targetT)
                throws IOException {
            int n = problem.positions();
            int rows = (int) ((burnIn + steps) / recordEvery);
            record PathResult(LangevinObservables obs, double[][] series) {
            }
            List<PathResult> results;
            try (Progress progress = Progress.of("sde simulate", (burnIn + steps) * paths, "steps")) {
                results = Ensemble.run(paths, threads, seed, (path, rng) -> {
                    Stepper s = stepper(problem, rng);
                    double[] y = new double[2 * n];
                    LangevinObservables obs = new LangevinObservables(problem.potential(), problem.forceScale());
                    LangevinObservables window = new LangevinObservables(problem.potential(), problem.forceScale());
                    double[][] series = new double[rows][];
                    for (long k = 0; k < burnIn + steps; k++) {
                        s.step(k * dt, y);
                        window.add(y);
                        if (k >= burnIn) {
                            obs.add(y);
                        }
                        if ((k + 1) % recordEvery == 0) {
                            series[(int) ((k + 1) / recordEvery) - 1] = new double[] {window.meanPotential(),
                                    window.kineticTemperature(), window.configurationalTemperature()};
                            window = new LangevinObservables(problem.potential(), problem.forceScale());
                            progress.step(recordEvery);
                        }
                    }
                    return new PathResult(obs, series);
                });
            }
            CsvTable ts = CsvTable.of(CsvTable.Column.of("step", "1"), CsvTable.Column.of("time", "time"),
                    CsvTable.Column.of("potential", "energy"), CsvTable.Column.of("kinetic_temperature", "energy"),
                    CsvTable.Column.of("configurational_temperature", "energy"));
            for (int r = 0; r < rows; r++) {
                double[] m = new double[3];
                for (PathResult p : results) {
                    for (int c = 0; c < 3; c++) {
                        m[c] += p.series()[r][c] / paths;
                    }
                }
                long step = (long) (r + 1) * recordEvery;
                ts.add(step, step * dt, m[0], m[1], m[2]);
            }
            ts.writeAtomically(run.resolve("timeseries.csv"));

            CsvTable coords = CsvTable.of(CsvTable.Column.of("coordinate", "1"), CsvTable.Column.of("x2", "position^2"),
                    CsvTable.Column.of("x2_se", "position^2"), CsvTable.Column.of("v2", "velocity^2"),
                    CsvTable.Column.of("v2_se", "velocity^2"));
            for (int i = 0; i < n; i++) {
                int c = i;
                AcrossPaths x2 = AcrossPaths.of(results, p -> p.obs().x2(c));
                AcrossPaths v2 = AcrossPaths.of(results, p -> p.obs().v2(c));
                coords.add(i, x2.mean(), x2.standardError(), v2.mean(), v2.standardError());
            }
            coords.writeAtomically(run.resolve("coordinates.csv"));

            AcrossPaths kin = AcrossPaths.of(results, p -> p.obs().kineticTemperature());
            AcrossPaths conf = AcrossPaths.of(results, p -> p.obs().configurationalTemperature());
            AcrossPaths pot = AcrossPaths.of(results, p -> p.obs().meanPotential());
            double[] fSeries = new double[(int) (steps / recordEvery)];
            double[][] s0 = results.get(0).series();
            int first = rows - fSeries.length;
            for (int r = 0; r < fSeries.length; r++) {
                fSeries[r] = s0[first + r][0];
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("thermostatTemperature", targetT);
            summary.put("kineticTemperature", Map.of("mean", kin.mean(), "se", kin.standardError()));
            summary.put("configurationalTemperature", Map.of("mean", conf.mean(), "se", conf.standardError()));
            summary.put("meanPotential", Map.of("mean", pot.mean(), "se", pot.standardError()));
            if (fSeries.length >= 4) {
                summary.put("potentialAutocorrelationTimeSteps",
                        AutocorrelationTime.integrated(fSeries) * recordEvery);
            }
            summary.put("paths", paths);
            summary.put("measuredSteps", steps);
            summary.put("conventions", Map.of(
                    "temperature", "units of energy (k_B = 1); kinetic = (1/n) sum E[v_i^2] (unit mass),"
                            + " configurational = (1/n) E[x . grad f] (equals T for exp(-f/T))",
                    "se", "standard error across independent paths of each path's time average after burn-in",
                    "potentialAutocorrelationTimeSteps", "integrated autocorrelation time of f on path 0, from"
                            + " window means of recordEvery steps (Sokal window), in steps"));
            return summary;
        }

        private Stepper stepper(UnderdampedLangevin problem, UniformRandomProvider rng) {
            return scheme.equals("baoab") ? Baoab.create().stepper(problem, dt, rng)
                    : EulerMaruyama.create().stepper(problem, dt, rng);
        }

        @SuppressWarnings("unchecked")
        private static String text(Map<String, Object> s) {
            Map<String, Double> kin = (Map<String, Double>) s.get("kineticTemperature");
            Map<String, Double> conf = (Map<String, Double>) s.get("configurationalTemperature");
            return String.format("thermostat temperature %.6g (energy units)%n"
                            + "kinetic temperature        %.6g +- %.2g (1/n sum E[v_i^2])%n"
                            + "configurational temperature %.6g +- %.2g (1/n E[x . grad f])%n"
                            + "run directory: %s", (Double) s.get("thermostatTemperature"), kin.get("mean"),
                    kin.get("se"), conf.get("mean"), conf.get("se"), s.get("runDirectory"));
        }
    }
}
