package org.thermosgd.validation.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.thermosgd.figures.FigureSpec;
import org.thermosgd.figures.Figures;
import org.thermosgd.fp.solver.FokkerPlanck;
import org.thermosgd.fp.solver.FokkerPlanckSolver;
import org.thermosgd.fp.solver.Grid;
import org.thermosgd.run.CsvTable;
import org.thermosgd.sde.ensemble.Ensemble;
import org.thermosgd.sde.integrator.Baoab;
import org.thermosgd.sde.integrator.EulerMaruyama;
import org.thermosgd.sde.integrator.Stepper;
import org.thermosgd.sde.observable.AcrossPaths;
import org.thermosgd.sde.potential.DoubleWellPotential;
import org.thermosgd.sde.potential.Potential;
import org.thermosgd.sde.potential.QuadraticPotential;
import org.thermosgd.sde.problem.NoiseRoot;
import org.thermosgd.sde.problem.UnderdampedLangevin;
import org.thermosgd.sde.observable.LogLogSlope;

/**
 * {@code validate sde-vs-sgd}: SGD with momentum (paper form, constant factor, Gaussian gradient noise of variance q)
 * against its continuous approximation, dX = V dt, dV = -((1-mu)/l) V dt - (1/l) f'(X) dt + sqrt(q/l) dW, time
 * measured so that one step is dt = l. Its stationary x-law is Boltzmann exp(-f / T_x), T_x = l q / (2 (1 - mu)). On a
 * quadratic and a double well: E[x^2] of SGD, of Euler-Maruyama and BAOAB at dt = l, of the Kramers equation solved
 * numerically, and of Boltzmann; SGD's x-histogram against the numerical Kramers marginal and Boltzmann (L1); and the
 * weak error of SGD's E[x^2] against l, whose slope the order-1 weak approximation (Li, Tai and E; the paper's eq. 21)
 * predicts to be 1 in relative terms.
 */
public final class SdeVsSgdValidation {
    public static final double MU = 0.5;
    public static final double Q = 1.0;

    private SdeVsSgdValidation() {
    }

    public record Row(String potential, double lr, double boltzmann, double fokkerPlanck, double sgd, double sgdSe,
               double em, double emSe, double baoab, double baoabSe, double l1SgdBoltzmann, double l1FpBoltzmann,
               double l1SgdFp, double[] centres, double[] sgdDensity, double[] fpDensity, double[] boltzmannDensity) {
    }

    /** One SGD simulation: per-path time averages of x^2, and the pooled x-histogram on [-w, w] (density). */
    public record SgdSample(double[] x2PerPath, double[] density) {
    }

    /** SGD in the paper form with constant factor and N(0, q) gradient noise; paths start at +-0.5, half each. */
    public static SgdSample sgd(Potential f, double lr, int paths, long steps, long seed, double w, int cells) {
        List<double[]> per = Ensemble.run(paths, 2, seed, (p, rng) -> {
            ZigguratSampler.NormalizedGaussian z = ZigguratSampler.NormalizedGaussian.of(rng);
            double[] x = {p % 2 == 0 ? 0.5 : -0.5};
            double[] g = new double[1];
            double v = 0;
            double[] out = new double[cells + 1];
            long burn = steps / 10;
            double sq = Math.sqrt(Q);
            for (long k = 0; k < burn + steps; k++) {
                f.gradient(x, g);
                v = MU * v - (g[0] + sq * z.sample());
                x[0] += lr * v;
                if (k >= burn) {
                    out[cells] += x[0] * x[0];
                    int b = (int) Math.floor((x[0] + w) / (2 * w) * cells);
                    if (b >= 0 && b < cells) {
                        out[b]++;
                    }
                }
            }
            out[cells] /= steps;
            return out;
        });
        double[] d = new double[cells];
        double[] x2 = new double[paths];
        double norm = (double) paths * steps * (2 * w / cells);
        for (int p = 0; p < paths; p++) {
            double[] h = per.get(p);
            x2[p] = h[cells];
            for (int b = 0; b < cells; b++) {
                d[b] += h[b] / norm;
            }
        }
        return new SgdSample(x2, d);
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
        UnderdampedLangevin p = UnderdampedLangevin.of(f, (1 - MU) / lr, 1 / lr, NoiseRoot.isotropic(1, Q / lr));
        return Ensemble.run(paths, 2, seed, (i, rng) -> {
            Stepper s = baoab ? Baoab.create().stepper(p, lr, rng) : EulerMaruyama.create().stepper(p, lr, rng);
            double[] y = {i % 2 == 0 ? 0.5 : -0.5, 0};
            double sum = 0;
            long burn = steps / 10;
            for (long k = 0; k < burn + steps; k++) {
                s.step(k * lr, y);
                if (k >= burn) {
                    sum += y[0] * y[0];
                }
            }
            return sum / steps;
        }).stream().mapToDouble(Double::doubleValue).toArray();
    }

    public static List<Row> run(boolean quick, boolean test) {
        double[] lrs = test ? new double[] {0.02, 0.08} : quick ? new double[] {0.01, 0.02, 0.04, 0.08}
                : new double[] {0.005, 0.01, 0.02, 0.04, 0.08, 0.16};
        int paths = test ? 8 : 16;
        long steps = test ? 20_000 : quick ? 200_000 : 1_000_000;
        List<Row> rows = new ArrayList<>();
        long seed = 11;
        for (String name : List.of("quadratic", "double-well")) {
            Potential f = name.equals("quadratic") ? QuadraticPotential.diagonal(1.0)
                    : DoubleWellPotential.of(1, 0.05, 1.0);
            for (double lr : lrs) {
                double tx = lr * Q / (2 * (1 - MU));
                double width = name.equals("quadratic") ? 8 * Math.sqrt(tx) : 1 + 8 * Math.sqrt(tx / 0.4);
                double b = boltzmannX2(f, tx, -width, width);
                // Kramers equation in (x, V) with gamma = (1-mu)/l, force 1/l, kinetic temperature q / (2 (1 - mu))
                double tv = Q / (2 * (1 - MU));
                int cells = test ? 60 : quick ? 160 : 240;
                FokkerPlanck fp = FokkerPlanck.kinetic(f, (1 - MU) / lr, tv, 1 / lr, new Grid(-width, width, cells),
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
                rows.add(new Row(name, lr, b, fpx2, s.mean(), s.standardError(), em.mean(), em.standardError(),
                        ba.mean(), ba.standardError(), l1(sgdDensity, bMarginal, hx), l1(fpMarginal, bMarginal, hx),
                        l1(sgdDensity, fpMarginal, hx), centres, sgdDensity, fpMarginal, bMarginal));
            }
        }
        return rows;
    }

    public static CsvTable table(List<Row> rows) {
        CsvTable t = CsvTable.of(CsvTable.Column.of("potential", "name"), CsvTable.Column.of("lr", "1"),
                CsvTable.Column.of("boltzmann_x2", "position^2"), CsvTable.Column.of("fokker_planck_x2", "position^2"),
                CsvTable.Column.of("sgd_x2", "position^2"), CsvTable.Column.of("sgd_se", "position^2"),
                CsvTable.Column.of("em_x2", "position^2"), CsvTable.Column.of("em_se", "position^2"),
                CsvTable.Column.of("baoab_x2", "position^2"), CsvTable.Column.of("baoab_se", "position^2"),
                CsvTable.Column.of("l1_sgd_boltzmann", "1"), CsvTable.Column.of("l1_fp_boltzmann", "1"),
                CsvTable.Column.of("l1_sgd_fp", "1"));
        for (Row r : rows) {
            t.add(r.potential(), r.lr(), r.boltzmann(), r.fokkerPlanck(), r.sgd(), r.sgdSe(), r.em(), r.emSe(),
                    r.baoab(), r.baoabSe(), r.l1SgdBoltzmann(), r.l1FpBoltzmann(), r.l1SgdFp());
        }
        return t;
    }

    /** Exact stationary E[x^2] of the SGD recursion on the quadratic (sde module), for the noise-free weak error. */
    public static double exactQuadratic(double lr) {
        return org.thermosgd.sde.sgd.ExactStationary.solve(new org.thermosgd.sde.sgd.SgdProblem(
                org.thermosgd.sde.sgd.UpdateForm.PAPER, MU, lr, new org.thermosgd.sde.sgd.StepFactor.Constant(1),
                new double[][] {{1}}, new org.thermosgd.sde.sgd.GradientNoise.Gaussian(new double[][] {{Q}}, 1)))
                .x2()[0];
    }

    public static List<String[]> verdicts(List<Row> rows, Path figures) throws IOException {
        List<String[]> out = new ArrayList<>();
        List<FigureSpec.Series> series = new ArrayList<>();
        for (String name : List.of("quadratic", "double-well")) {
            List<Row> sel = rows.stream().filter(r -> r.potential().equals(name)).toList();
            boolean quad = name.equals("quadratic");
            List<double[]> resolved = new ArrayList<>();
            double maxZ = 0;
            for (Row r : sel) {
                double sgd = quad ? exactQuadratic(r.lr()) : r.sgd();
                double err = Math.abs(sgd / r.boltzmann() - 1);
                if (quad) {
                    maxZ = Math.max(maxZ, Math.abs(r.sgd() - sgd) / r.sgdSe());
                }
                if (quad || Math.abs(r.sgd() - r.boltzmann()) > 3 * r.sgdSe()) {
                    resolved.add(new double[] {r.lr(), err});
                }
            }
            double[] lr = resolved.stream().mapToDouble(v -> v[0]).toArray();
            double[] rel = resolved.stream().mapToDouble(v -> v[1]).toArray();
            if (lr.length > 0) {
                series.add(new FigureSpec.Series((quad ? "SGD exact " : "SGD simulated ") + name, null, lr, rel,
                        null));
            }
            String how = quad ? "exact SGD moments (simulation agrees within max |z| = " + String.format("%.2f", maxZ)
                    + ")" : "simulated, points whose error exceeds 3 s.e.";
            if (lr.length < 2) {
                out.add(new String[] {"SGD's stationary E[x^2] approaches the continuous model's with weak order 1 ("
                        + name + ")", "slope of log relative error against log lr, " + how,
                        "error below statistical resolution at " + (sel.size() - lr.length) + " of " + sel.size()
                                + " learning rates", "inconclusive"});
            } else {
                double sl = LogLogSlope.of(lr, rel);
                out.add(new String[] {"SGD's stationary E[x^2] approaches the continuous model's with weak order 1 ("
                        + name + ")", "slope of log |E_sgd[x^2] / E_Boltzmann[x^2] - 1| against log lr, " + how
                        + "; holds in [0.7, 1.3]", String.format("%.2f over %d learning rates", sl, lr.length),
                        sl >= 0.7 && sl <= 1.3 ? "holds" : "fails"});
            }
            double maxFp = sel.stream().mapToDouble(r -> Math.abs(r.fokkerPlanck() / r.boltzmann() - 1)).max()
                    .orElse(0);
            out.add(new String[] {"the numerical Kramers solution reproduces Boltzmann (" + name + ")",
                    "max relative difference of E[x^2], Fokker-Planck (Fromm second-order transport in x) vs Boltzmann;"
                            + " holds < 10%", String.format("%.3f", maxFp), maxFp < 0.1 ? "holds" : "fails"});
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
        for (String name : List.of("quadratic", "double-well")) {
            double maxL1 = rows.stream().filter(r -> r.potential().equals(name)).mapToDouble(Row::l1SgdBoltzmann)
                    .max().orElse(0);
            out.add(new String[] {"SGD's stationary density of x is the continuous model's Boltzmann law (" + name
                    + ")", "largest L1 distance between SGD's x-histogram (paths started at +-0.5, half each) and"
                    + " Boltzmann over lr; holds < 0.1", String.format("%.3f", maxL1), maxL1 < 0.1 ? "holds"
                    : "fails"});
        }
        if (!series.isEmpty()) {
            Figures.render(new FigureSpec("weak-error", "", "Learning rate", "1", "|E[x^2] / Boltzmann - 1|", "1",
                    true, true, true, series), figures);
        }
        return out;
    }
}
