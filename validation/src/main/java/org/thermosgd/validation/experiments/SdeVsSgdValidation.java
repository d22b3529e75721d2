package org.thermosgd.validation.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.thermosgd.figures.FigureSpec;
import org.thermosgd.figures.Figures;
import org.thermosgd.fp.equilibrium.BoltzmannCheck;
import org.thermosgd.fp.solver.FokkerPlanck;
import org.thermosgd.fp.solver.FokkerPlanckSolver;
import org.thermosgd.fp.solver.Grid;
import org.thermosgd.run.CsvTable;
import org.thermosgd.sde.ensemble.PathDriver;
import org.thermosgd.sde.integrator.Baoab;
import org.thermosgd.sde.integrator.EulerMaruyama;
import org.thermosgd.sde.observable.AcrossPaths;
import org.thermosgd.sde.observable.LogLogSlope;
import org.thermosgd.sde.potential.DoubleWellPotential;
import org.thermosgd.sde.potential.Potential;
import org.thermosgd.sde.potential.QuadraticPotential;
import org.thermosgd.sde.problem.UnderdampedLangevin;
import org.thermosgd.sde.sgd.ExactStationary;
import org.thermosgd.sde.sgd.GradientNoise;
import org.thermosgd.sde.sgd.LeadingOrder;
import org.thermosgd.sde.sgd.SgdProblem;
import org.thermosgd.sde.sgd.StepFactor;
import org.thermosgd.sde.sgd.UpdateForm;
import org.thermosgd.validation.report.Verdict;
import org.thermosgd.validation.reproduce.Presets;

/**
 * {@code validate sde-vs-sgd}: SGD with momentum (paper form, constant factor, Gaussian gradient noise of variance q)
 * against its continuous approximation, dX = V dt, dV = -((1-mu)/l) V dt - (1/l) f'(X) dt + sqrt(q/l) dW, time
 * measured so that one step is dt = l. Its stationary x-law is Boltzmann exp(-f / T_x), T_x = l q / (2 (1 - mu)). On a
 * quadratic and a double well: E[x^2] of SGD, of Euler-Maruyama and BAOAB at dt = l, of the Kramers equation solved
 * numerically, and of Boltzmann; SGD's x-histogram against the numerical Kramers marginal and Boltzmann (L1); and the
 * weak error of SGD's E[x^2] against l, whose slope the order-1 weak approximation (Li, Tai and E; the paper's eq. 21)
 * predicts to be 1 in relative terms.
 */
public final class SdeVsSgdValidation implements Validation<List<SdeVsSgdValidation.Row>> {
    public static final double MU = 0.5;
    public static final double Q = 1.0;
    private static final StepFactor CONSTANT = new StepFactor.Constant(1);
    /** SGD's x is sampled every this many measured steps for the Boltzmann fit and tests. */
    public static final int THIN = 100;

    @Override
    public String name() {
        return "sde-vs-sgd";
    }

    @Override
    public String setting() {
        return "paper-form SGD, momentum 0.5, constant factor, Gaussian gradient noise of variance 1, quadratic h = 1"
                + " and double well (barrier 0.05, minima +-1); see moments.csv";
    }

    @Override
    public String data() {
        return "Data: moments.csv (one row per potential and lr: E[x^2] of SGD, Euler-Maruyama, BAOAB, the numerical"
                + " Kramers solution and Boltzmann; L1 distances of the x-densities; the maximum-likelihood Boltzmann"
                + " temperature of SGD's x-samples with its 95% interval, their KS statistic and KL divergence to"
                + " Boltzmann at T_x). Figures: figures/.";
    }

    @Override
    public List<Row> run(Context context) {
        return rows(Presets.sdeVsSgd(context.scale()));
    }

    @Override
    public Map<String, CsvTable> tables(List<Row> rows) {
        return Map.of("moments.csv", table(rows));
    }

    public record Row(String potential, double lr, double boltzmann, double fokkerPlanck, double sgd, double sgdSe,
               double em, double emSe, double baoab, double baoabSe, double l1SgdBoltzmann, double l1FpBoltzmann,
               double l1SgdFp, double[] centres, double[] sgdDensity, double[] fpDensity, double[] boltzmannDensity,
               BoltzmannCheck boltzmannCheck) {
    }

    /**
     * One SGD simulation: per-path time averages of x^2, the pooled x-histogram on [-w, w] (density), and x every
     * {@link #THIN} measured steps of every path.
     */
    public record SgdSample(double[] x2PerPath, double[] density, double[] thinned) {
    }

    /** SGD in the paper form with constant factor and N(0, q) gradient noise; paths start at +-0.5, half each. */
    public static SgdSample sgd(Potential f, double lr, int paths, long steps, long seed, double w, int cells) {
        record PathSample(double[] histogram, double x2, double[] thinned) {
        }
        long burn = steps / 10;
        List<PathSample> per = PathDriver.run(paths, 2, seed, (p, rng) -> {
            ZigguratSampler.NormalizedGaussian z = ZigguratSampler.NormalizedGaussian.of(rng);
            double[] x = new double[1];
            double[] v = new double[1];
            double[] g = new double[1];
            double sq = Math.sqrt(Q);
            return (t, y) -> {
                x[0] = y[0];
                v[0] = y[1];
                f.gradient(x, g);
                g[0] += sq * z.sample();
                UpdateForm.PAPER.apply(x, v, g, lr, MU, 1);
                y[0] = x[0];
                y[1] = v[0];
            };
        }, p -> new double[] {p % 2 == 0 ? 0.5 : -0.5, 0}, new PathDriver.Schedule(burn, steps, lr),
                () -> new PathDriver.Observer<PathSample>() {
                    private final double[] h = new double[cells];
                    private final double[] thinned = new double[(int) (steps / THIN)];
                    private double x2;

                    @Override
                    public void measure(long k, double[] y) {
                        x2 += y[0] * y[0];
                        int b = (int) Math.floor((y[0] + w) / (2 * w) * cells);
                        if (b >= 0 && b < cells) {
                            h[b]++;
                        }
                        long m = k - burn + 1;
                        if (m % THIN == 0) {
                            thinned[(int) (m / THIN) - 1] = y[0];
                        }
                    }

                    @Override
                    public PathSample result() {
                        return new PathSample(h, x2 / steps, thinned);
                    }
                });
        double[] d = new double[cells];
        double[] x2 = new double[paths];
        double norm = (double) paths * steps * (2 * w / cells);
        for (int p = 0; p < paths; p++) {
            PathSample s = per.get(p);
            x2[p] = s.x2();
            for (int b = 0; b < cells; b++) {
                d[b] += s.histogram()[b] / norm;
            }
        }
        return new SgdSample(x2, d, per.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.thinned())).toArray());
    }

    public static double l1(double[] a, double[] b, double width) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(a[i] - b[i]);
        }
        return s * width;
    }

    public static double boltzmannX2(Potential f, double t, double lo, double hi) {
        int n = 20_000;
        double h = (hi - lo) / n;
        double z = 0;
        double m = 0;
        double[] x = new double[1];
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            x[0] = lo + (i + 0.5) * h;
            min = Math.min(min, f.value(x));
        }
        for (int i = 0; i < n; i++) {
            x[0] = lo + (i + 0.5) * h;
            double w = Math.exp(-(f.value(x) - min) / t);
            z += w;
            m += w * x[0] * x[0];
        }
        return m / z;
    }

    public static double[] langevin(Potential f, double lr, boolean baoab, int paths, long steps, long seed) {
        UnderdampedLangevin p = UnderdampedLangevin.sgdLimit(f, lr, MU, Q);
        return PathDriver.run(paths, 2, seed, (i, rng) -> baoab ? Baoab.create().stepper(p, lr, rng)
                        : EulerMaruyama.create().stepper(p, lr, rng), i -> new double[] {i % 2 == 0 ? 0.5 : -0.5, 0},
                new PathDriver.Schedule(steps / 10, steps, lr), () -> new PathDriver.Observer<Double>() {
                    private double sum;

                    @Override
                    public void measure(long k, double[] y) {
                        sum += y[0] * y[0];
                    }

                    @Override
                    public Double result() {
                        return sum / steps;
                    }
                }).stream().mapToDouble(Double::doubleValue).toArray();
    }

    static List<Row> rows(Presets.SdeVsSgd size) {
        double[] lrs = size.lrs();
        int paths = size.paths();
        long steps = size.steps();
        List<Row> rows = new ArrayList<>();
        long seed = 11;
        for (String name : List.of("quadratic", "double-well")) {
            Potential f = name.equals("quadratic") ? QuadraticPotential.diagonal(1.0)
                    : DoubleWellPotential.of(1, 0.05, 1.0);
            for (double lr : lrs) {
                UnderdampedLangevin limit = UnderdampedLangevin.sgdLimit(f, lr, MU, Q);
                double tx = LeadingOrder.temperature(UpdateForm.PAPER, CONSTANT, MU, lr, Q, 1);
                double width = name.equals("quadratic") ? 8 * Math.sqrt(tx) : 1 + 8 * Math.sqrt(tx / 0.4);
                double b = boltzmannX2(f, tx, -width, width);
                // Kramers equation in (x, V) with gamma = (1-mu)/l, force 1/l, kinetic temperature q / (2 (1 - mu))
                double tv = limit.kineticTemperature();
                int cells = size.cells();
                FokkerPlanck fp = FokkerPlanck.kinetic(f, limit.gamma(), tv, limit.forceScale(),
                        new Grid(-width, width, cells),
                        new Grid(-7 * Math.sqrt(tv), 7 * Math.sqrt(tv), cells));
                double[] p = new FokkerPlanckSolver(fp).stationary();
                double[] q = fp.boltzmannExact(2);
                double fpx2 = 0;
                double[] fpMarginal = new double[cells];
                double[] bMarginal = new double[cells];
                double dv = fp.grids()[1].h();
                for (int k = 0; k < fp.size(); k++) {
                    double x = fp.centre(k)[0];
                    fpx2 += x * x * p[k] * fp.cellVolume();
                    fpMarginal[fp.cell(k)[0]] += p[k] * dv;
                    bMarginal[fp.cell(k)[0]] += q[k] * dv;
                }
                double[] centres = new double[cells];
                for (int i = 0; i < cells; i++) {
                    centres[i] = fp.grids()[0].centre(i);
                }
                SgdSample sample = sgd(f, lr, paths, steps, seed++, width, cells);
                double[] sgdDensity = sample.density();
                double hx = fp.grids()[0].h();
                AcrossPaths s = AcrossPaths.of(sample.x2PerPath());
                AcrossPaths em = AcrossPaths.of(langevin(f, lr, false, paths, steps, seed++));
                AcrossPaths ba = AcrossPaths.of(langevin(f, lr, true, paths, steps, seed++));
                BoltzmannCheck check = BoltzmannCheck.of(v -> f.value(new double[] {v}), sample.thinned(), tx,
                        -width, width, seed);
                rows.add(new Row(name, lr, b, fpx2, s.mean(), s.standardError(), em.mean(), em.standardError(),
                        ba.mean(), ba.standardError(), l1(sgdDensity, bMarginal, hx), l1(fpMarginal, bMarginal, hx),
                        l1(sgdDensity, fpMarginal, hx), centres, sgdDensity, fpMarginal, bMarginal, check));
            }
        }
        return rows;
    }

    static CsvTable table(List<Row> rows) {
        CsvTable t = CsvTable.of(CsvTable.Column.of("potential", "name"), CsvTable.Column.of("lr", "1"),
                CsvTable.Column.of("boltzmann_x2", "position^2"), CsvTable.Column.of("fokker_planck_x2", "position^2"),
                CsvTable.Column.of("sgd_x2", "position^2"), CsvTable.Column.of("sgd_se", "position^2"),
                CsvTable.Column.of("em_x2", "position^2"), CsvTable.Column.of("em_se", "position^2"),
                CsvTable.Column.of("baoab_x2", "position^2"), CsvTable.Column.of("baoab_se", "position^2"),
                CsvTable.Column.of("l1_sgd_boltzmann", "1"), CsvTable.Column.of("l1_fp_boltzmann", "1"),
                CsvTable.Column.of("l1_sgd_fp", "1"), CsvTable.Column.of("boltzmann_t", "loss"),
                CsvTable.Column.of("fitted_t", "loss"), CsvTable.Column.of("fitted_t_lo95", "loss"),
                CsvTable.Column.of("fitted_t_hi95", "loss"), CsvTable.Column.of("ks_sgd_boltzmann", "1"),
                CsvTable.Column.of("kl_sgd_boltzmann", "nats"));
        for (Row r : rows) {
            t.add(r.potential(), r.lr(), r.boltzmann(), r.fokkerPlanck(), r.sgd(), r.sgdSe(), r.em(), r.emSe(),
                    r.baoab(), r.baoabSe(), r.l1SgdBoltzmann(), r.l1FpBoltzmann(), r.l1SgdFp(),
                    r.boltzmannCheck().temperature(), r.boltzmannCheck().fit().temperature(),
                    r.boltzmannCheck().fit().lo95(), r.boltzmannCheck().fit().hi95(),
                            r.boltzmannCheck().ks().statistic(),
                    r.boltzmannCheck().kl().value());
        }
        return t;
    }

    /** Exact stationary E[x^2] of the SGD recursion on the quadratic (sde module), for the noise-free weak error. */
    public static double exactQuadratic(double lr) {
        return ExactStationary.solve(new SgdProblem(
                UpdateForm.PAPER, MU, lr, CONSTANT,
                new double[][] {{1}}, new GradientNoise.Gaussian(new double[][] {{Q}}, 1)))
                .x2()[0];
    }

    /**
     * The (lr, relative error of E[x^2] against Boltzmann) points a weak-order slope is fitted to: on the quadratic
     * from SGD's exact moments, on the double well from simulation, where the error exceeds 3 standard errors.
     */
    private static List<double[]> resolved(List<Row> sel, boolean quad) {
        List<double[]> resolved = new ArrayList<>();
        for (Row r : sel) {
            double sgd = quad ? exactQuadratic(r.lr()) : r.sgd();
            if (quad || Math.abs(r.sgd() - r.boltzmann()) > 3 * r.sgdSe()) {
                resolved.add(new double[] {r.lr(), Math.abs(sgd / r.boltzmann() - 1)});
            }
        }
        return resolved;
    }

    @Override
    public void figures(List<Row> rows, Path figures) throws IOException {
        List<FigureSpec.Series> series = new ArrayList<>();
        for (String name : List.of("quadratic", "double-well")) {
            boolean quad = name.equals("quadratic");
            List<double[]> resolved = resolved(rows.stream().filter(r -> r.potential().equals(name)).toList(), quad);
            if (!resolved.isEmpty()) {
                series.add(new FigureSpec.Series((quad ? "SGD exact " : "SGD simulated ") + name, null,
                        resolved.stream().mapToDouble(v -> v[0]).toArray(),
                        resolved.stream().mapToDouble(v -> v[1]).toArray(), null));
            }
        }
        if (!series.isEmpty()) {
            Figures.render(new FigureSpec("weak-error", "", "Learning rate", "1", "|E[x^2] / Boltzmann - 1|", "1",
                    true, true, true, series), figures);
        }
        for (Row r : rows) {
            if (r.potential().equals("double-well") && r.lr() == rows.stream().filter(x -> x.potential()
                    .equals("double-well")).mapToDouble(Row::lr).max().orElse(0)) {
                Figures.render(new FigureSpec("density-double-well", "double well, lr " + r.lr(), "x", "position",
                        "Density", "1/position", false, false, false, List.of(
                        new FigureSpec.Series("SGD", null, r.centres(), r.sgdDensity(), null),
                        new FigureSpec.Series("Fokker-Planck", "exact", r.centres(), r.fpDensity(), null),
                        new FigureSpec.Series("Boltzmann", "theory", r.centres(), r.boltzmannDensity(), null))),
                        figures);
            }
        }
    }

    @Override
    public List<Verdict> verdicts(List<Row> rows) {
        List<Verdict> out = new ArrayList<>();
        for (String name : List.of("quadratic", "double-well")) {
            List<Row> sel = rows.stream().filter(r -> r.potential().equals(name)).toList();
            boolean quad = name.equals("quadratic");
            double maxZ = quad ? sel.stream().mapToDouble(r -> Math.abs(r.sgd() - exactQuadratic(r.lr())) / r.sgdSe())
                    .max().orElse(0) : 0;
            List<double[]> resolved = resolved(sel, quad);
            double[] lr = resolved.stream().mapToDouble(v -> v[0]).toArray();
            double[] rel = resolved.stream().mapToDouble(v -> v[1]).toArray();
            String how = quad ? "exact SGD moments (simulation agrees within max |z| = " + String.format("%.2f", maxZ)
                    + ")" : "simulated, points whose error exceeds 3 s.e.";
            if (lr.length < 2) {
                out.add(new Verdict("SGD's stationary E[x^2] approaches the continuous model's with weak order 1 ("
                        + name + ")", "slope of log relative error against log lr, " + how,
                        "error below statistical resolution at " + (sel.size() - lr.length) + " of " + sel.size()
                                + " learning rates", "inconclusive"));
            } else {
                double sl = LogLogSlope.of(lr, rel);
                out.add(new Verdict("SGD's stationary E[x^2] approaches the continuous model's with weak order 1 ("
                        + name + ")", "slope of log |E_sgd[x^2] / E_Boltzmann[x^2] - 1| against log lr, " + how
                        + "; holds in [0.7, 1.3]", String.format("%.2f over %d learning rates", sl, lr.length),
                        sl >= 0.7 && sl <= 1.3 ? "holds" : "fails"));
            }
            double maxFp = sel.stream().mapToDouble(r -> Math.abs(r.fokkerPlanck() / r.boltzmann() - 1)).max()
                    .orElse(0);
            out.add(new Verdict("the numerical Kramers solution reproduces Boltzmann (" + name + ")",
                    "max relative difference of E[x^2], Fokker-Planck (Fromm second-order transport in x) vs Boltzmann;"
                            + " holds < 10%", String.format("%.3f", maxFp), maxFp < 0.1 ? "holds" : "fails"));
        }
        for (String name : List.of("quadratic", "double-well")) {
            double maxL1 = rows.stream().filter(r -> r.potential().equals(name)).mapToDouble(Row::l1SgdBoltzmann)
                    .max().orElse(0);
            out.add(new Verdict("SGD's stationary density of x is the continuous model's Boltzmann law (" + name
                    + ")", "largest L1 distance between SGD's x-histogram (paths started at +-0.5, half each) and"
                    + " Boltzmann over lr; holds < 0.1", String.format("%.3f", maxL1), maxL1 < 0.1 ? "holds"
                    : "fails"));
        }
        return out;
    }
}
