package org.thermosgd.validation.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.thermosgd.figures.FigureSpec;
import org.thermosgd.figures.Figures;
import org.thermosgd.fp.diffusion.DiffusionAnalysis;
import org.thermosgd.fp.diffusion.DiffusionReport;
import org.thermosgd.run.CsvTable;
import org.thermosgd.training.data.DataHome;
import org.thermosgd.training.data.Dataset;
import org.thermosgd.training.data.Datasets;
import org.thermosgd.training.train.Checkpoint;
import org.thermosgd.training.train.RunFiles;
import org.thermosgd.training.train.TrainConfig;
import org.thermosgd.validation.curvature.NoiseCurvature;
import org.thermosgd.validation.diffusion.CheckpointDiffusion;
import org.thermosgd.validation.report.Verdict;
import org.thermosgd.validation.reproduce.Experiments;
import org.thermosgd.validation.reproduce.Presets;
import org.thermosgd.validation.run.TrainingRun;

/**
 * {@code validate isotropy}: along a Model 1 and a Model 2 training run (the paper's Figure 1 and 2 settings), at
 * several epochs, how far the gradient noise is from the isotropic, Gaussian noise of eqs. (8)-(9): participation
 * ratio and lambda_max / D with intervals, per-layer D ratios, excess kurtosis and tail index.
 */
public final class IsotropyValidation implements Validation<List<IsotropyValidation.Point>> {
    @Override
    public String name() {
        return "isotropy";
    }

    @Override
    public String setting() {
        return "Model 1 (fig1 settings) and Model 2 (fig2 settings) on MNIST; diffusion analysis of per-sample"
                + " gradients at epochs 1, 2, 4, ... (see isotropy.csv)";
    }

    @Override
    public String data() {
        return "Data: isotropy.csv (one row per model and epoch); training runs under runs/. Figures: figures/.";
    }

    @Override
    public Map<String, CsvTable> tables(List<Point> points) {
        return Map.of("isotropy.csv", table(points));
    }

    /** One checkpoint: the diffusion report and, for Model 1, cos(H, S) and cos(I, S) (NaN otherwise). */
    public record Point(String model, int epoch, DiffusionReport report, double cosHS, double cosIS) {
    }

    /**
     * The two models' runs and analyses side by side when {@code --jobs} allows (each on one thread: they share
     * nothing but the data set), points listed Model 1 first.
     */
    @Override
    public List<Point> run(Context context) throws IOException {
        Presets.Isotropy size = Presets.isotropy(context.scale());
        Dataset data = Datasets.load("mnist", null, DataHome.fromEnvironment());
        Map<String, TrainConfig> configs = new LinkedHashMap<>();
        configs.put("mlp", Experiments.MODEL1_SETTING.withEpochs(size.model1().epochs())
                .withTrainSubset(size.model1().trainSubset()));
        configs.put("cnn", Experiments.MODEL2_SETTING.withEpochs(size.model2().epochs())
                .withTrainSubset(size.model2().trainSubset()));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, Math.min(context.jobs(), configs.size())));
        try {
            List<java.util.concurrent.Future<List<Point>>> parts = new ArrayList<>();
            for (Map.Entry<String, TrainConfig> e : configs.entrySet()) {
                parts.add(pool.submit(() -> along(e.getKey(), e.getValue(), data, context)));
            }
            List<Point> points = new ArrayList<>();
            for (java.util.concurrent.Future<List<Point>> f : parts) {
                points.addAll(f.get());
            }
            return points;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One model's run, stopped at epochs 1, 2, 4, ... and the last for the analyses. */
    private static List<Point> along(String model, TrainConfig c, Dataset data,
                                     Context context) throws IOException {
        Presets.Isotropy size = Presets.isotropy(context.scale());
        int samples = model.equals("mlp") ? size.model1Samples() : size.model2Samples();
        Path run = context.dir().resolve("runs").resolve(model);
        List<Integer> at = new ArrayList<>();
        for (int k = 1; k <= c.epochs(); k *= 2) {
            at.add(k);
        }
        if (at.get(at.size() - 1) != c.epochs()) {
            at.add(c.epochs());
        }
        List<Point> points = new ArrayList<>();
        boolean started = false;
        for (int epoch : at) {
            List<String> argv = List.of("thermosgd", "validate", "isotropy");
            if (!started) {
                TrainingRun.start(run, c, argv, epoch);
                started = true;
            } else {
                TrainingRun.resume(run, argv, epoch);
            }
            Checkpoint ck = RunFiles.latestCheckpoint(run);
            DiffusionReport r = CheckpointDiffusion.analyse(c, ck, data, samples, 7L,
                    new DiffusionAnalysis.Options(10, 40, 16, 7L)).report();
            double cosHS = Double.NaN;
            double cosIS = Double.NaN;
            if (model.equals("mlp")) {
                NoiseCurvature.Result nc = NoiseCurvature.atCheckpoint(c, ck, data, samples, size.curvatureTopK(),
                        size.hessianSamples(), size.probes(), 7L);
                cosHS = nc.cosineHS();
                cosIS = nc.cosineIS();
            }
            points.add(new Point(model, epoch, r, cosHS, cosIS));
            synchronized (context.log()) {
                context.log().printf("%s epoch %d: participation ratio %.2e, lambda_max/D %.0f, kurtosis %.1f,"
                        + " tail index %.2f, cos(H, S) %.3f%n", model, epoch, r.participationRatio(),
                        r.lambdaMaxOverD(), r.kurtosisRandomMean(), r.tailIndex(), cosHS);
                context.log().flush();
            }
        }
        return points;
    }

    static CsvTable table(List<Point> points) {
        CsvTable t = CsvTable.of(CsvTable.Column.of("model", "name"), CsvTable.Column.of("epoch", "1"),
                CsvTable.Column.of("samples", "1"), CsvTable.Column.of("d_covariance", "grad^2"),
                CsvTable.Column.of("d_second_moment", "grad^2"), CsvTable.Column.of("participation_ratio", "1"),
                CsvTable.Column.of("participation_lo", "1"), CsvTable.Column.of("participation_hi", "1"),
                CsvTable.Column.of("lambda_max_over_d", "1"), CsvTable.Column.of("top_share", "1"),
                CsvTable.Column.of("diagonal_cv", "1"), CsvTable.Column.of("kurtosis", "1"),
                CsvTable.Column.of("tail_index", "1"), CsvTable.Column.of("layer_d_ratio_min", "1"),
                CsvTable.Column.of("layer_d_ratio_max", "1"), CsvTable.Column.of("cos_H_S", "1"),
                CsvTable.Column.of("cos_I_S", "1"));
        for (Point p : points) {
            DiffusionReport r = p.report();
            double lo = r.blocks().stream().mapToDouble(DiffusionReport.BlockTrace::ratioToGlobal).min().orElse(1);
            double hi = r.blocks().stream().mapToDouble(DiffusionReport.BlockTrace::ratioToGlobal).max().orElse(1);
            t.add(p.model(), p.epoch(), r.samples(), r.dCovariance(), r.dSecondMoment(), r.participationRatio(),
                    r.participationRatioInterval() == null ? "" : r.participationRatioInterval().lo(),
                    r.participationRatioInterval() == null ? "" : r.participationRatioInterval().hi(),
                    r.lambdaMaxOverD(), r.topShare(), r.diagonalCv(), r.kurtosisRandomMean(), r.tailIndex(), lo, hi,
                    p.cosHS(), p.cosIS());
        }
        return t;
    }

    @Override
    public void figures(List<Point> points, Path dir) throws IOException {
        List<FigureSpec.Series> pr = new ArrayList<>();
        List<FigureSpec.Series> lm = new ArrayList<>();
        for (String model : List.of("mlp", "cnn")) {
            List<Point> sel = points.stream().filter(p -> p.model().equals(model)).toList();
            if (sel.isEmpty()) {
                continue;
            }
            double[] x = sel.stream().mapToDouble(Point::epoch).toArray();
            pr.add(new FigureSpec.Series(model, null, x,
                    sel.stream().mapToDouble(p -> p.report().participationRatio()).toArray(), null));
            lm.add(new FigureSpec.Series(model, null, x,
                    sel.stream().mapToDouble(p -> p.report().lambdaMaxOverD()).toArray(), null));
        }
        Figures.render(new FigureSpec("participation-ratio", "", "Epoch", "1", "Participation ratio (1 = isotropic)",
                "1", false, true, true, pr), dir);
        Figures.render(new FigureSpec("lambda-max-over-d", "", "Epoch", "1", "lambda_max / D (1 = isotropic)", "1",
                false, true, true, lm), dir);
    }

    @Override
    public List<Verdict> verdicts(List<Point> points) {
        double maxPr = points.stream().mapToDouble(p -> p.report().participationRatio()).max().orElse(Double.NaN);
        double minKurt = points.stream().mapToDouble(p -> p.report().kurtosisRandomMean()).min().orElse(Double.NaN);
        double maxAlpha = points.stream().mapToDouble(p -> p.report().tailIndex()).max().orElse(Double.NaN);
        List<Verdict> out = new ArrayList<>();
        out.add(new Verdict("the gradient noise is isotropic, D-hat = D I (eq. 8)",
                "largest participation ratio over models and epochs (1 = isotropic); holds >= 0.5, fails < 0.1",
                String.format("%.2e", maxPr), maxPr >= 0.5 ? "holds" : maxPr < 0.1 ? "fails" : "inconclusive"));
        out.add(new Verdict("the gradient noise is Gaussian (eq. 9)",
                "smallest excess kurtosis of random projections / largest tail index; holds if |kurtosis| < 1 and"
                        + " alpha > 1.9 everywhere, fails if kurtosis > 3 or alpha < 1.7 everywhere",
                String.format("%.2f / %.2f", minKurt, maxAlpha),
                minKurt > 3 || maxAlpha < 1.7 ? "fails" : Math.abs(minKurt) < 1 && maxAlpha > 1.9 ? "holds"
                        : "inconclusive"));
        double maxCos = points.stream().mapToDouble(Point::cosHS).filter(Double::isFinite).max().orElse(Double.NaN);
        if (Double.isFinite(maxCos)) {
            out.add(new Verdict("the gradient noise is proportional to the Hessian (the usual alternative to eq. 8)",
                    "largest cos(H, S) = tr(H S) / (|H|_F |S|_F) over Model 1's checkpoints (1 = proportional);"
                            + " holds >= 0.9, fails < 0.5", String.format("%.3f", maxCos),
                    maxCos >= 0.9 ? "holds" : maxCos < 0.5 ? "fails" : "inconclusive"));
        }
        return out;
    }
}
