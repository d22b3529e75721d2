package org.thermosgd.validation.simulate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.thermosgd.figures.FigureSpec;
import org.thermosgd.figures.Figures;
import org.thermosgd.fp.equilibrium.BoltzmannCheck;
import org.thermosgd.fp.equilibrium.BoltzmannFit;
import org.thermosgd.fp.equilibrium.GaussianKde;
import org.thermosgd.fp.equilibrium.Histogram;
import org.thermosgd.run.CsvTable;
import org.thermosgd.run.Json;
import org.thermosgd.run.MemoryBudget;
import org.thermosgd.run.Provenance;
import org.thermosgd.run.RunDirectory;
import org.thermosgd.sde.ensemble.Ensemble;
import org.thermosgd.sde.ensemble.PathDriver;
import org.thermosgd.sde.integrator.Baoab;
import org.thermosgd.sde.integrator.EulerMaruyama;
import org.thermosgd.sde.observable.AcrossPaths;
import org.thermosgd.sde.observable.AutocorrelationTime;
import org.thermosgd.sde.observable.LangevinObservables;
import org.thermosgd.sde.potential.DoubleWellPotential;
import org.thermosgd.sde.potential.Potential;
import org.thermosgd.sde.potential.QuadraticPotential;
import org.thermosgd.sde.problem.UnderdampedLangevin;
import org.thermosgd.validation.run.Progress;
import org.thermosgd.validation.run.RunSupport;

/**
 * {@code thermosgd sde simulate}: an underdamped-Langevin ensemble in a run directory. Per path, window means of the
 * potential and the kinetic and configurational temperatures every {@code recordEvery} steps ({@code timeseries.csv},
 * averaged over paths), per-coordinate moments after burn-in ({@code coordinates.csv}), and in {@code summary.json}
 * the temperatures with standard errors across paths and, for coordinate 0, the maximum-likelihood Boltzmann
 * temperature of its samples with a 95% interval and the KS and KL distances of those samples to the Boltzmann law at
 * the thermostat temperature.
 */
public final class LangevinSimulation {
    /**
     * @param potential   quadratic (f = sum h_i x_i^2 / 2) or double-well (f = sum B ((x_i/a)^2 - 1)^2)
     * @param curvature   h_i: one value for all coordinates or {@code dim} values
     * @param paper       null, or {lr, mu, D, C}: the paper's eq. (9), gamma = (1 - mu)/lr, noise D/(3C)
     * @param scheme      euler-maruyama or baoab
     */
    /** The most rows one path's time series may have (an array's limit). */
    static final long MAX_ROWS = Integer.MAX_VALUE - 8;

    /** Heap of one row of a path's time series: a 3-double array and its reference. */
    private static final double ROW_BYTES = 8 + 16 + 3 * 8;

    /** Heap per coordinate of one path: its state, the stepper's and the observables' arrays. */
    private static final double PATH_COORDINATE_BYTES = 16 * 8;

    /** Heap per coordinate shared by the paths: curvatures, force scales, a row of coordinates.csv. */
    private static final double COORDINATE_BYTES = 200;

    public record Options(String potential, int dim, double[] curvature, double barrier, double well, double gamma,
                          double temperature, double[] paper, String scheme, double dt, long steps, long burnIn,
                          int paths, int recordEvery, long seed, int threads) {
        public Options {
            if (recordEvery < 1 || steps < 1 || burnIn < 0 || paths < 2) {
                throw new IllegalArgumentException("need --steps >= 1, --burn-in >= 0, --record-every >= 1 and"
                        + " --paths >= 2");
            }
            if (!scheme.equals("euler-maruyama") && !scheme.equals("baoab")) {
                throw new IllegalArgumentException("--scheme must be euler-maruyama or baoab, found '" + scheme + "'");
            }
            if (paper != null && paper.length != 4) {
                throw new IllegalArgumentException("--paper takes LR,MU,D,C (4 values), found " + paper.length);
            }
            if (dim < 1) {
                throw new IllegalArgumentException("--dim must be >= 1, found " + dim);
            }
            if (steps > Long.MAX_VALUE - burnIn) {
                throw new IllegalArgumentException("--steps " + steps + " and --burn-in " + burnIn + " add up to more"
                        + " than " + Long.MAX_VALUE + " steps");
            }
            long rows = (burnIn + steps) / recordEvery;
            if (rows > MAX_ROWS) {
                throw new IllegalArgumentException(String.format("--steps %d and --burn-in %d at --record-every %d"
                        + " give %,d rows of the time series per path, more than the %,d it can hold (raise"
                        + " --record-every)", steps, burnIn, recordEvery, rows, MAX_ROWS));
            }
            Ensemble.requireHeap(String.format("--paths %d x --dim %d with %,d recorded rows a path", paths, dim,
                    rows), paths, ROW_BYTES * rows + 8.0 * (steps / recordEvery) + PATH_COORDINATE_BYTES * dim);
            MemoryBudget.requireHeap(String.format("--dim %d (its coordinates.csv and curvatures)", dim),
                    COORDINATE_BYTES * dim + ROW_BYTES * rows);
        }

        double[] curvatures() {
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

        Potential potentialFunction() {
            return switch (potential) {
                case "quadratic" -> QuadraticPotential.diagonal(curvatures());
                case "double-well" -> DoubleWellPotential.of(dim, barrier, well);
                default -> throw new IllegalArgumentException("--potential must be quadratic or double-well, found '"
                        + potential + "'");
            };
        }

        UnderdampedLangevin problem() {
            Potential pot = potentialFunction();
            return paper != null ? UnderdampedLangevin.paper(pot, paper[0], paper[1], paper[2], (int) paper[3])
                    : UnderdampedLangevin.atTemperature(pot, gamma, temperature);
        }
    }

    private LangevinSimulation() {
    }

    /**
     * A mean over independent paths of each path's time average after burn-in, and its standard error.
     *
     * @param mean the mean, in the observable's units
     * @param se its standard error across paths
     */
    @JsonPropertyOrder(alphabetic = true)
    public record MeanSe(double mean, double se) {
    }

    /**
     * The ensemble's summary (summary.json and the --json output, fields in alphabetical order; the parts that do not
     * apply are absent). Temperatures and the potential in energy units (k_B = 1).
     *
     * @param thermostatTemperature S / (2 gamma), the temperature the thermostat imposes
     * @param kineticTemperature (1/n) sum E[v_i^2] (unit mass)
     * @param configurationalTemperature (1/n) E[x . grad f]
     * @param meanPotential E[f]
     * @param potentialAutocorrelationTimeSteps integrated autocorrelation time of f on path 0, in steps (absent
     *     with fewer than 4 records)
     * @param boltzmannX0 coordinate 0 against its Boltzmann marginal (absent with fewer than 10 samples)
     * @param paths independent paths
     * @param measuredSteps steps per path after burn-in
     * @param conventions the fields' definitions, in words
     * @param runDirectory where the run was written (absent in summary.json itself)
     */
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Summary(double thermostatTemperature, MeanSe kineticTemperature, MeanSe configurationalTemperature,
                          MeanSe meanPotential, Double potentialAutocorrelationTimeSteps,
                          BoltzmannCheck.Summary boltzmannX0, int paths, long measuredSteps,
                          Map<String, String> conventions, String runDirectory) {
        Summary inDirectory(String dir) {
            return new Summary(thermostatTemperature, kineticTemperature, configurationalTemperature, meanPotential,
                    potentialAutocorrelationTimeSteps, boltzmannX0, paths, measuredSteps, conventions, dir);
        }
    }

    /** Runs the ensemble into a run directory ({@code out}, or runs/<UTC time>-sde-simulate); returns the summary. */
    public static Summary run(Options o, Path out, List<String> argv) throws IOException {
        UnderdampedLangevin problem = o.problem();
        double noiseVar = problem.noise().variance(0);
        double targetT = noiseVar / (2 * problem.gamma());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("command", "sde simulate");
        config.put("potential", o.potential());
        config.put("dimension", o.dim());
        config.put("curvature", o.potential().equals("quadratic") ? o.curvatures() : null);
        config.put("barrier", o.potential().equals("double-well") ? o.barrier() : null);
        config.put("well", o.potential().equals("double-well") ? o.well() : null);
        config.put("gamma", problem.gamma());
        config.put("noiseVariancePerUnitTime", noiseVar);
        config.put("thermostatTemperature", targetT);
        double[] paper = o.paper();
        config.put("paper", paper == null ? null : Map.of("lr", paper[0], "momentum", paper[1], "D", paper[2],
                "C", paper[3]));
        config.put("scheme", o.scheme());
        config.put("dt", o.dt());
        config.put("burnInSteps", o.burnIn());
        config.put("steps", o.steps());
        config.put("paths", o.paths());
        config.put("recordEvery", o.recordEvery());
        config.put("seed", o.seed());
        config.put("threads", o.threads());
        config.put("conventions", "dX = V dt, dV = -gamma V dt - grad f dt + sqrt(S) dW, unit mass; thermostat"
                + " temperature = S / (2 gamma); time in units of dt * steps");
        RunDirectory run = RunDirectory.create(Path.of("runs"), "sde-simulate", out);
        run.writeConfig(config);
        Summary summary = run.execute(Provenance.start(RunSupport.sourceDir(), o.threads(), o.seed(),
                argv), () -> {
                    Summary s = simulate(o, problem, run, targetT);
                    Json.writeAtomically(run.resolve(RunDirectory.SUMMARY), s);
                    return s;
                });
        return summary.inDirectory(run.path().toString());
    }

    /** One path's record: its observables after burn-in, window means, and thinned x_0 samples. */
    private record PathResult(LangevinObservables obs, double[][] series, double[] x0) {
    }

    private static final class PathObserver implements PathDriver.Observer<PathResult> {
        private final UnderdampedLangevin problem;
        private final int recordEvery;
        private final LangevinObservables obs;
        private final double[][] series;
        private final double[] x0;
        private final long burnIn;
        private LangevinObservables window;
        private final Progress progress;

        PathObserver(UnderdampedLangevin problem, Options o, Progress progress) {
            this.problem = problem;
            this.recordEvery = o.recordEvery();
            this.burnIn = o.burnIn();
            this.obs = observables();
            this.window = observables();
            this.series = new double[(int) ((o.burnIn() + o.steps()) / recordEvery)][];
            this.x0 = new double[(int) (o.steps() / recordEvery)];
            this.progress = progress;
        }

        private LangevinObservables observables() {
            return new LangevinObservables(problem.potential(), problem.forceScale());
        }

        @Override
        public void burnIn(long k, double[] y) {
            window.add(y);
            record(k, y);
        }

        @Override
        public void measure(long k, double[] y) {
            window.add(y);
            obs.add(y);
            long m = k - burnIn + 1;
            if (m % recordEvery == 0 && m / recordEvery <= x0.length) {
                x0[(int) (m / recordEvery) - 1] = y[0];
            }
            record(k, y);
        }

        private void record(long k, double[] y) {
            if ((k + 1) % recordEvery == 0) {
                series[(int) ((k + 1) / recordEvery) - 1] = new double[] {window.meanPotential(),
                        window.kineticTemperature(), window.configurationalTemperature()};
                window = observables();
                progress.step(recordEvery);
            }
        }

        @Override
        public PathResult result() {
            return new PathResult(obs, series, x0);
        }
    }

    private static Summary simulate(Options o, UnderdampedLangevin problem, RunDirectory run, double targetT)
            throws IOException {
        int n = problem.positions();
        int rows = (int) ((o.burnIn() + o.steps()) / o.recordEvery());
        List<PathResult> results;
        try (Progress progress = Progress.of("sde simulate", (o.burnIn() + o.steps()) * o.paths(), "steps")) {
            results = PathDriver.run(o.paths(), o.threads(), o.seed(), (path, rng) -> o.scheme().equals("baoab")
                            ? Baoab.create().stepper(problem, o.dt(), rng)
                            : EulerMaruyama.create().stepper(problem, o.dt(), rng), path -> new double[2 * n],
                    new PathDriver.Schedule(o.burnIn(), o.steps(), o.dt()), () -> new PathObserver(problem, o,
                            progress));
        }
        CsvTable ts = CsvTable.of(CsvTable.Column.of("step", "1"), CsvTable.Column.of("time", "time"),
                CsvTable.Column.of("potential", "energy"), CsvTable.Column.of("kinetic_temperature", "energy"),
                CsvTable.Column.of("configurational_temperature", "energy"));
        for (int r = 0; r < rows; r++) {
            double[] m = new double[3];
            for (PathResult p : results) {
                for (int c = 0; c < 3; c++) {
                    m[c] += p.series()[r][c] / o.paths();
                }
            }
            long step = (long) (r + 1) * o.recordEvery();
            ts.add(step, step * o.dt(), m[0], m[1], m[2]);
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
        double[] fSeries = new double[(int) (o.steps() / o.recordEvery())];
        double[][] s0 = results.get(0).series();
        int first = rows - fSeries.length;
        for (int r = 0; r < fSeries.length; r++) {
            fSeries[r] = s0[first + r][0];
        }
        Double tau = fSeries.length >= 4 ? AutocorrelationTime.integrated(fSeries) * o.recordEvery() : null;
        BoltzmannCheck.Summary boltzmann = boltzmann(results, o, problem, targetT, run.figures());
        return new Summary(targetT, new MeanSe(kin.mean(), kin.standardError()),
                new MeanSe(conf.mean(), conf.standardError()), new MeanSe(pot.mean(), pot.standardError()), tau,
                boltzmann, o.paths(), o.steps(), Map.of(
                "temperature", "units of energy (k_B = 1); kinetic = (1/n) sum E[v_i^2] (unit mass),"
                        + " configurational = (1/n) E[x . grad f] (equals T for exp(-f/T))",
                "se", "standard error across independent paths of each path's time average after burn-in",
                "potentialAutocorrelationTimeSteps", "integrated autocorrelation time of f on path 0, from"
                        + " window means of recordEvery steps (Sokal window), in steps",
                "boltzmannX0", "coordinate 0 after burn-in, one sample every recordEvery steps per path (at most "
                        + BoltzmannCheck.MAX_SAMPLES + ", evenly thinned): maximum-likelihood temperature of"
                        + " exp(-k f_0(x)/T) (k the force scale) with its 95% profile interval, KS statistic and"
                        + " p-value and KL(samples || Boltzmann at the thermostat temperature) in nats with a"
                        + " bootstrap interval; samples of one path are correlated, so the interval and p-value are"
                        + " optimistic when the record spacing is below the autocorrelation time; figure"
                        + " density-x0"), null);
    }

    /**
     * Coordinate 0's samples against its Boltzmann marginal exp(-k f_0(x) / T) (the potentials are sums over
     * coordinates; k the force scale), and the figure {@code density-x0}: their histogram (Freedman-Diaconis bins),
     * Gaussian kernel density estimate and the Boltzmann density at the thermostat temperature.
     */
    private static BoltzmannCheck.Summary boltzmann(List<PathResult> results, Options o,
                                                    UnderdampedLangevin problem, double targetT, Path figures)
            throws IOException {
        double[] all = results.stream().flatMapToDouble(r -> Arrays.stream(r.x0())).toArray();
        if (all.length < 10) {
            return null;
        }
        Potential f = problem.potential();
        double k = problem.forceScale();
        int n = f.dimension();
        DoubleUnaryOperator f0 = v -> {
            double[] y = new double[n];
            y[0] = v;
            return k * f.value(y);
        };
        BoltzmannCheck check = BoltzmannCheck.of(f0, all, targetT, o.seed());
        double[] x = BoltzmannCheck.thin(all, BoltzmannCheck.MAX_SAMPLES);
        Histogram h = Histogram.freedmanDiaconis(x);
        GaussianKde kde = GaussianKde.silverman(x);
        DoubleUnaryOperator boltzmann = BoltzmannFit.density(f0, targetT, check.lo(), check.hi());
        double[] centres = new double[h.bins()];
        for (int b = 0; b < h.bins(); b++) {
            centres[b] = h.centre(b);
        }
        int points = 200;
        double[] grid = new double[points];
        double[] smooth = new double[points];
        double[] theory = new double[points];
        for (int i = 0; i < points; i++) {
            grid[i] = h.lo() + (h.hi() - h.lo()) * i / (points - 1);
            smooth[i] = kde.density(grid[i]);
            theory[i] = boltzmann.applyAsDouble(grid[i]);
        }
        Figures.render(new FigureSpec("density-x0", "", "x_0", "position", "Density", "1/position", false, false,
                false, List.of(new FigureSpec.Series("histogram", null, centres, h.density(), null),
                new FigureSpec.Series("kernel estimate", "exact", grid, smooth, null),
                new FigureSpec.Series("Boltzmann at T", "theory", grid, theory, null))), figures);
        return check.summary();
    }
}
