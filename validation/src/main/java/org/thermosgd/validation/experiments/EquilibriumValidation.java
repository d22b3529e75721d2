package org.thermosgd.validation.experiments;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.thermosgd.figures.FigureSpec;
import org.thermosgd.figures.Figures;
import org.thermosgd.run.CsvTable;
import org.thermosgd.sde.observable.AcrossPaths;
import org.thermosgd.sde.observable.AutocorrelationTime;
import org.thermosgd.sde.observable.Confidence;
import org.thermosgd.sde.sgd.ExactStationary;
import org.thermosgd.sde.sgd.GradientNoise;
import org.thermosgd.sde.sgd.LeadingOrder;
import org.thermosgd.sde.sgd.SgdProblem;
import org.thermosgd.sde.sgd.StepFactor;
import org.thermosgd.sde.spectral.Lanczos;
import org.thermosgd.training.curvature.HessianOperator;
import org.thermosgd.training.data.DataHome;
import org.thermosgd.training.data.Dataset;
import org.thermosgd.training.data.Datasets;
import org.thermosgd.training.data.ImageSet;
import org.thermosgd.training.model.ModelCatalog;
import org.thermosgd.training.train.Checkpoint;
import org.thermosgd.training.train.RunFiles;
import org.thermosgd.training.train.TrainConfig;
import org.thermosgd.training.train.Trainer;
import org.thermosgd.validation.curvature.NoiseCurvature;
import org.thermosgd.validation.report.Verdict;
import org.thermosgd.validation.reproduce.Presets;
import org.thermosgd.validation.run.SampleChoice;
import org.thermosgd.validation.run.TrainingRun;

/**
 * {@code validate equilibrium}: the positional half of the Boltzmann claim, per direction. Model 1 is trained to a
 * plateau at the Figure 1 settings (lr 0.005, batch 256, momentum 0.9, torch-nesterov); there the top-k eigenpairs
 * (lambda_i, u_i) of the Hessian of the mean training loss (exact R-operator products) and the per-sample gradient
 * noise along each, q_i = u_i^T Sigma u_i (sample covariance of N per-sample gradients), are measured. Then the
 * network is held at the same settings from those weights (fresh momentum buffer) with the constant and the random
 * protocol, and the iterates are projected on u_i: p_i(t) = u_i . (x_t - x_plateau). Measured per direction (first
 * 20% of the held iterations discarded): the variance of p_i after removing a linear drift (the drift is reported,
 * per epoch), its standard error from 10 block variances, the integrated autocorrelation time. Predicted: the exact
 * stationary E[x^2] of momentum SGD on the 1-D quadratic lambda_i x^2 / 2 with Gaussian gradient noise of variance
 * q_i / C per step and the protocol's step-factor law (docs/theory.md), and the leading order T_i / lambda_i. Also:
 * T_pos = lambda_i Var(p_i) against T_kin = lr E[(u_i . V)^2] with V = (x_t - x_{t-1}) / lr, both in loss units
 * (equipartition in the SGD limit of {@code UnderdampedLangevin.sgdLimit}: dt = lr, force grad f / lr, so the
 * velocity's temperature times lr is the positional one), lr s_max lambda_i over the form's stability bound, and
 * whether the direction rotated during the hold: max_j |u_i . u'_j| over the top-k eigenvectors u'_j at its end.
 * Mini-batches are drawn without replacement
 * from the training set; the finite-population factor (n - C) / (n - 1) = 0.996 is ignored.
 */
public final class EquilibriumValidation implements Validation<List<EquilibriumValidation.Direction>> {
    @Override
    public String name() {
        return "equilibrium";
    }

    @Override
    public String setting() {
        return "Model 1 on MNIST at the Figure 1 settings: plateau, top Hessian directions, held runs (constant,"
                + " random); see directions.csv";
    }

    @Override
    public String data() {
        return "Data: directions.csv (one row per protocol and Hessian direction); training runs under runs/. Figures:"
                + " figures/.";
    }

    /** One Hessian direction in one held run: measured and predicted. */
    public record Direction(String protocol, int rank, double lambda, double noise, double variance,
                            double varianceSe, double tau, double driftPerEpoch, double exact, double leading,
                            double positional, double kinetic, double stability, double overlap) {
    }

    @Override
    public List<Direction> run(Context context) throws IOException {
        Presets.Equilibrium size = Presets.equilibrium(context.scale());
        PrintWriter log = context.log();
        TrainConfig plateauConfig = TrainConfig.defaults().withEpochs(size.plateau().epochs())
                .withTrainSubset(size.plateau().trainSubset());
        Path plateau = context.dir().resolve("runs").resolve("plateau");
        TrainingRun.ensure(plateau, plateauConfig, List.of("thermosgd", "validate", "equilibrium"));
        Checkpoint base = RunFiles.latestCheckpoint(plateau);
        Dataset data = Datasets.load("mnist", null, DataHome.fromEnvironment());
        ImageSet train = plateauConfig.trainImages(data);
        int k = size.directions();
        int hessianSamples = size.hessianSamples() > 0 ? size.hessianSamples() : train.size();
        HessianOperator h = HessianOperator.of("mlp", base.params(), train, hessianSamples, 0, "auto", i -> { });
        Lanczos.Result eig = Lanczos.extremes(h, k, 0, 150, 1e-4, 5L);
        if (!eig.converged()) {
            throw new IllegalStateException("Lanczos did not converge at the plateau (worst relative residual "
                    + eig.worstRelativeResidual() + ")");
        }
        log.printf("plateau after %d epochs: top %d Hessian eigenvalues %s (mean loss over %d images)%n",
                base.epochsCompleted(), k, java.util.Arrays.toString(eig.values()), hessianSamples);
        log.flush();
        int n = eig.vectors()[0].length;
        INDArray u = NoiseCurvature.directions(eig.vectors());
        double[] q = NoiseCurvature.along(ModelCatalog.withParameters("mlp", base.params()), train,
                SampleChoice.choose(train.size(), size.noiseSamples(), 7L), u).covariance();
        double[] origin = project(u, Nd4j.createFromArray(base.params()), k);
        List<Direction> out = new ArrayList<>();
        for (String protocol : List.of("constant", "random")) {
            TrainConfig held = plateauConfig.withProtocol(protocol).withEpochs(size.heldEpochs()).withSeed(2);
            Path rd = context.dir().resolve("runs").resolve("held-" + protocol);
            RunFiles.removeOwnFiles(rd);
            List<double[]> path = new ArrayList<>();
            TrainingRun.fromWeights(rd, held, data, base.params(), List.of("thermosgd", "validate", "equilibrium",
                    protocol), new Trainer.Listener() {
                        @Override
                        public void iteration(int epoch, int batchInEpoch, int batchesPerEpoch) {
                        }

                        @Override
                        public void parameters(long iteration, INDArray params) {
                            double[] p = project(u, params, k);
                            for (int i = 0; i < k; i++) {
                                p[i] -= origin[i];
                            }
                            path.add(p);
                        }
                    });
            // did the directions rotate during the hold? the top-k eigenvectors at its end against those at the start
            Checkpoint end = RunFiles.latestCheckpoint(rd);
            Lanczos.Result after = Lanczos.extremes(HessianOperator.of("mlp", end.params(), train, hessianSamples, 0,
                    "auto", i -> { }), k, 0, 150, 1e-4, 5L);
            double[] overlap = new double[k];
            for (int i = 0; i < k; i++) {
                for (double[] w : after.vectors()) {
                    double dot = 0;
                    for (int j = 0; j < n; j++) {
                        dot += eig.vectors()[i][j] * w[j];
                    }
                    overlap[i] = Math.max(overlap[i], Math.abs(dot));
                }
            }
            int perEpoch = Trainer.batchesPerEpoch(held, data);
            StepFactor law = held.protocol().law(perEpoch);
            double bound = held.form().stabilityBound(held.momentum());
            for (int i = 0; i < k; i++) {
                double[] series = new double[path.size()];
                for (int t = 0; t < series.length; t++) {
                    series[t] = path.get(t)[i];
                }
                Direction d = direction(protocol, i, eig.values()[i], q[i], series, held, law, perEpoch, bound,
                        overlap[i]);
                out.add(d);
                log.printf("%s, direction %d (lambda %.3e): Var %.3e +- %.1e (tau %.1f steps), exact law %.3e,"
                        + " leading order %.3e; T_pos %.3e, T_kin %.3e; overlap with the end's top %d %.3f%n", protocol,
                        i + 1, d.lambda(), d.variance(), d.varianceSe(), d.tau(), d.exact(), d.leading(),
                        d.positional(), d.kinetic(), k, d.overlap());
                log.flush();
            }
        }
        return out;
    }

    private static double[] project(INDArray u, INDArray params, int k) {
        INDArray p = u.mmul(params.reshape(params.length(), 1));
        double[] out = new double[k];
        for (int i = 0; i < k; i++) {
            out[i] = p.getDouble(i, 0);
        }
        return out;
    }

    private static Direction direction(String protocol, int i, double lambda, double q, double[] series,
                                       TrainConfig held, StepFactor law, int perEpoch, double bound, double overlap) {
        int from = series.length / 5;
        int m = series.length - from;
        double[] t = new double[m];
        double[] y = new double[m];
        for (int j = 0; j < m; j++) {
            t[j] = j;
            y[j] = series[from + j];
        }
        double tm = (m - 1) / 2.0;
        double ym = 0;
        for (double v : y) {
            ym += v / m;
        }
        double sxy = 0;
        double sxx = 0;
        for (int j = 0; j < m; j++) {
            sxy += (t[j] - tm) * (y[j] - ym);
            sxx += (t[j] - tm) * (t[j] - tm);
        }
        double slope = sxy / sxx;
        double[] r = new double[m];
        for (int j = 0; j < m; j++) {
            r[j] = y[j] - ym - slope * (t[j] - tm);
        }
        int blocks = Math.min(10, m / 4);
        if (blocks < 2) {
            throw new IllegalStateException("held run of " + series.length + " iterations is too short for block"
                    + " variances");
        }
        int per = m / blocks;
        double[] vars = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            double s = 0;
            for (int j = b * per; j < (b + 1) * per; j++) {
                s += r[j] * r[j];
            }
            vars[b] = s / per;
        }
        AcrossPaths across = AcrossPaths.of(vars);
        double velocitySq = 0;
        for (int j = Math.max(1, from); j < series.length; j++) {
            double v = (series[j] - series[j - 1]) / held.lr();
            velocitySq += v * v / (series.length - Math.max(1, from));
        }
        SgdProblem p = new SgdProblem(held.form(), held.momentum(), held.lr(), law, new double[][] {{lambda}},
                new GradientNoise.Gaussian(new double[][] {{q}}, held.batch()));
        double exact = ExactStationary.solve(p).x2()[0];
        double leading = LeadingOrder.temperature(held.form(), law, held.momentum(), held.lr(), q, held.batch())
                / lambda;
        return new Direction(protocol, i + 1, lambda, q, across.mean(), across.standardError(),
                AutocorrelationTime.integrated(r), slope * perEpoch, exact, leading, lambda * across.mean(),
                held.lr() * velocitySq, held.lr() * law.largest() * lambda / bound, overlap);
    }

    @Override
    public Map<String, CsvTable> tables(List<Direction> result) {
        CsvTable t = CsvTable.of(CsvTable.Column.of("protocol", "name"), CsvTable.Column.of("rank", "1"),
                CsvTable.Column.of("lambda", "nats/param^2"), CsvTable.Column.of("noise_uSu", "grad^2"),
                CsvTable.Column.of("variance", "param^2"), CsvTable.Column.of("variance_se", "param^2"),
                CsvTable.Column.of("tau_int", "steps"), CsvTable.Column.of("drift_per_epoch", "param"),
                CsvTable.Column.of("exact_law", "param^2"), CsvTable.Column.of("leading_order", "param^2"),
                CsvTable.Column.of("T_positional", "nats"), CsvTable.Column.of("T_kinetic", "nats"),
                CsvTable.Column.of("lr_smax_lambda_over_bound", "1"), CsvTable.Column.of("overlap_at_end", "1"));
        for (Direction d : result) {
            t.add(d.protocol(), d.rank(), d.lambda(), d.noise(), d.variance(), d.varianceSe(), d.tau(),
                    d.driftPerEpoch(), d.exact(), d.leading(), d.positional(), d.kinetic(), d.stability(), d.overlap());
        }
        return Map.of("directions.csv", t);
    }

    @Override
    public void figures(List<Direction> result, Path dir) throws IOException {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (Direction d : result) {
            for (double v : new double[] {d.variance(), d.exact()}) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        List<FigureSpec.Series> series = new ArrayList<>();
        series.add(new FigureSpec.Series("measured = predicted", "theory", new double[] {lo, hi},
                new double[] {lo, hi}, null));
        for (String protocol : List.of("constant", "random")) {
            List<Direction> ds = result.stream().filter(d -> d.protocol().equals(protocol))
                    .sorted(Comparator.comparingDouble(Direction::exact)).toList();
            series.add(new FigureSpec.Series(protocol, protocol, ds.stream().mapToDouble(Direction::exact).toArray(),
                    ds.stream().mapToDouble(Direction::variance).toArray(),
                    ds.stream().mapToDouble(d -> Confidence.Z95 * d.varianceSe()).toArray()));
        }
        Figures.render(new FigureSpec("variance-per-direction", "", "Predicted Var (exact 1-D law)", "param^2",
                "Measured Var", "param^2", true, true, true, series), dir);
    }

    @Override
    public List<Verdict> verdicts(List<Direction> result) {
        List<Verdict> out = new ArrayList<>();
        for (String protocol : List.of("constant", "random")) {
            List<Direction> ds = result.stream().filter(d -> d.protocol().equals(protocol)).toList();
            double worst = ds.stream().mapToDouble(d -> Math.abs(d.variance() / d.exact() - 1)).max().orElse(0);
            // a direction breaks the prediction when its deviation exceeds the 20% tolerance by 3 standard errors
            boolean broken = ds.stream().anyMatch(d -> Math.abs(d.variance() / d.exact() - 1) - 0.2
                    > 3 * d.varianceSe() / d.exact());
            out.add(new Verdict("the exact 1-D law predicts the variance along each of the top " + ds.size()
                    + " Hessian directions (" + protocol + " protocol)", "largest |measured / predicted - 1|; holds"
                    + " < 0.2 in every direction, fails when a direction exceeds 0.2 by 3 standard errors",
                    String.format("%.3f", worst), worst < 0.2 ? "holds" : broken ? "fails" : "inconclusive"));
            double worstEq = ds.stream().mapToDouble(d -> Math.abs(Math.log(d.kinetic() / d.positional())))
                    .max().orElse(0);
            out.add(new Verdict("equipartition along the top Hessian directions: T_kin = T_pos (" + protocol + ")",
                    "largest factor between lr E[(u.V)^2] and lambda Var(u.x); holds < 1.3, fails > 2",
                    String.format("%.3g", Math.exp(worstEq)), Math.exp(worstEq) < 1.3 ? "holds"
                    : Math.exp(worstEq) > 2 ? "fails" : "inconclusive"));
        }
        return out;
    }
}
