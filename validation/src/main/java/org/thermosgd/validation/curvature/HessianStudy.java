package org.thermosgd.validation.curvature;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.thermosgd.figures.FigureSpec;
import org.thermosgd.figures.Figures;
import org.thermosgd.run.CsvTable;
import org.thermosgd.run.Json;
import org.thermosgd.sde.sgd.StepFactor;
import org.thermosgd.sde.spectral.Lanczos;
import org.thermosgd.sde.spectral.SpectralDensity;
import org.thermosgd.sde.spectral.TraceEstimate;
import org.thermosgd.training.curvature.HessianOperator;
import org.thermosgd.training.data.DataHome;
import org.thermosgd.training.data.Dataset;
import org.thermosgd.training.data.Datasets;
import org.thermosgd.training.data.ImageSet;
import org.thermosgd.training.engine.NativeThreads;
import org.thermosgd.training.model.ModelCatalog;
import org.thermosgd.training.model.Network;
import org.thermosgd.training.model.ParameterBlock;
import org.thermosgd.training.train.Checkpoint;
import org.thermosgd.training.train.RunFiles;
import org.thermosgd.training.train.TrainConfig;
import org.thermosgd.training.train.Trainer;
import org.thermosgd.validation.run.Progress;

/**
 * The Hessian of a run's training loss at a checkpoint: the loss is the mean cross-entropy (nats per sample) over
 * the run's training images (all, or the first N), plus (wd / 2) |x|^2 when the run had weight decay. Writes
 * {@code RUN_DIR/hessian-epoch-E/}: hessian.json, eigenvalues.csv, traces.csv, density.csv, quadrature.csv and the
 * figures of the spectrum and the density.
 */
public final class HessianStudy {
    /** What to compute: eigenpairs, probes for the traces, quadrature probes and steps, the Lanczos budget. */
    public record Options(int topK, int bottom, Integer samples, int traceProbes, int densityProbes,
                          int densitySteps, int maxSteps, double tolerance, long seed, String products,
                          int noiseSamples) {
        public Options {
            if (topK < 1 || bottom < 0 || traceProbes < 2 || densityProbes < 1 || densitySteps < 2 || maxSteps < 2
                    || !(tolerance > 0)) {
                throw new IllegalArgumentException("--top-k " + topK + " >= 1, --bottom " + bottom + " >= 0, --probes "
                        + traceProbes + " >= 2, --density-probes " + densityProbes + " >= 1, --density-steps "
                        + densitySteps + " >= 2, --max-steps " + maxSteps + " >= 2, --tolerance " + tolerance
                        + " > 0 required");
            }
            if (!java.util.List.of("auto", "exact", "differences").contains(products)) {
                throw new IllegalArgumentException("--products '" + products + "' must be auto, exact or differences");
            }
            if (noiseSamples < 0 || noiseSamples == 1) {
                throw new IllegalArgumentException("--noise-samples " + noiseSamples + " must be 0 (off) or >= 2");
            }
            if (samples != null && samples < 1) {
                throw new IllegalArgumentException("--samples " + samples + " must be >= 1");
            }
        }

        public static Options defaults() {
            return new Options(10, 0, null, 30, 3, 60, 150, 1e-3, 1L, "auto", 0);
        }
    }

    /**
     * What {@code thermosgd hessian} reports (hessian.json and the --json output, fields in alphabetical order; the
     * parts not asked for are absent). Eigenvalues, residuals and traces in nats/param^2 (the loss is the mean
     * cross-entropy in nats per sample).
     *
     * @param source the run, checkpoint, loss and Hessian-vector products
     * @param converged whether every eigenpair's residual met the tolerance
     * @param lanczosSteps the Lanczos steps taken
     * @param eigenvalues the top-k eigenvalues, largest first
     * @param residuals |Hv - lambda v| of each
     * @param bottomEigenvalues the most negative eigenvalues (absent without --bottom)
     * @param bottomResiduals their residuals (absent without --bottom)
     * @param noise the gradient noise against the curvature (absent without --noise-samples)
     * @param trace Hutchinson's estimate of tr H with its 95% interval
     * @param layerTraces the same per parameter block
     * @param stability lr x lambda_max against the run's stability bound
     * @param seconds wall-clock seconds of the study
     * @param written the directory the files went to (absent in hessian.json itself)
     */
    @JsonPropertyOrder(alphabetic = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(Source source, boolean converged, int lanczosSteps, double[] eigenvalues,
                         double[] residuals, double[] bottomEigenvalues, double[] bottomResiduals,
                         NoiseCurvature.Result noise, TraceEstimate.Trace trace, List<TraceEstimate.Trace> layerTraces,
                         Stability stability, double seconds, String written) {
        Result written(String dir) {
            return new Result(source, converged, lanczosSteps, eigenvalues, residuals, bottomEigenvalues,
                    bottomResiduals, noise, trace, layerTraces, stability, seconds, dir);
        }
    }

    /**
     * The Hessian's source.
     *
     * @param run the run directory's name
     * @param model the run's model name
     * @param epoch the epochs completed at the checkpoint
     * @param samples the training images the loss averages over
     * @param loss the loss, in words
     * @param products how Hessian-vector products were computed, in words
     * @param hessianVectorProducts how many were computed
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Source(String run, String model, int epoch, int samples, String loss, String products,
                         long hessianVectorProducts) {
    }

    /**
     * lr x lambda_max against the largest lr x h for which the run's update form is stable (dimensionless; < 1 is
     * stable).
     *
     * @param bound the largest stable lr x h at s = 1
     * @param ratio lr x lambda_max / bound
     * @param ratioAtLargestFactor lr x s_max x lambda_max / bound, s_max the protocol's largest step factor
     * @param largestFactor s_max
     * @param convention the definitions, in words
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Stability(double bound, double ratio, double ratioAtLargestFactor, double largestFactor,
                            String convention) {
    }

    private HessianStudy() {
    }

    public static Result run(Path runDir, Integer epoch, Options o, PrintWriter log) throws IOException {
        TrainConfig config = RunFiles.config(runDir).train();
        Checkpoint c = RunFiles.checkpoint(runDir, epoch, "--checkpoint");
        Dataset data = Datasets.load(config.dataset(), config.dataPath(), DataHome.fromEnvironment());
        ImageSet train = config.trainImages(data);
        int samples = o.samples() == null ? train.size() : o.samples();
        if (samples > train.size()) {
            throw new IllegalArgumentException("--samples " + samples + " exceeds the run's " + train.size()
                    + " training images");
        }
        Network net = ModelCatalog.withParameters(config.model(), c.params());
        if (o.topK() > net.parameterCount() || o.bottom() > net.parameterCount()) {
            throw new IllegalArgumentException("--top-k " + o.topK() + " / --bottom " + o.bottom() + " must be at most"
                    + " the " + net.parameterCount() + " parameters of " + config.model());
        }
        Lanczos.requireMemory(net.parameterCount(), o.topK(), o.bottom(), o.maxSteps());
        if (o.noiseSamples() > train.size()) {
            throw new IllegalArgumentException("--noise-samples " + o.noiseSamples() + " exceeds the run's "
                    + train.size() + " training images");
        }
        NativeThreads.use(config.threads());
        long budget = o.maxSteps() + o.topK() + o.bottom() + o.traceProbes() + o.densityProbes() * o.densitySteps()
                + (o.noiseSamples() > 0 ? o.traceProbes() : 0);
        log.printf("hessian: %s after epoch %d, mean loss over %d training images%s; at most %d Hessian-vector"
                + " products%n", config.model(), c.epochsCompleted(), samples, config.weightDecay() > 0
                ? " + weight decay" : "", budget);
        log.flush();
        long t0 = System.nanoTime();
        Result out;
        Lanczos.Result eig;
        try (Progress progress = Progress.of("hessian " + config.model(), budget, "products")) {
            HessianOperator h = HessianOperator.of(config.model(), c.params(), train, samples, config.weightDecay(),
                    o.products(), k -> progress.step(1));
            eig = Lanczos.extremes(h, o.topK(), o.bottom(), o.maxSteps(), o.tolerance(), o.seed());
            List<TraceEstimate.Block> blocks = new ArrayList<>();
            for (ParameterBlock b : net.blocks()) {
                blocks.add(new TraceEstimate.Block(b.name(), (int) b.offset(), (int) b.size()));
            }
            List<TraceEstimate.Trace> traces = TraceEstimate.hutchinson(h, o.traceProbes(), blocks, o.seed());
            SpectralDensity.Quadrature q = SpectralDensity.of(h, o.densitySteps(), o.densityProbes(), o.seed());
            StepFactor law = config.protocol().law(Trainer.batchesPerEpoch(config, data));
            double bound = config.form().stabilityBound(config.momentum());
            Source src = new Source(runDir.toAbsolutePath().normalize().getFileName().toString(),
                    RunFiles.sharedModelName(config), c.epochsCompleted(), samples, "mean softmax cross-entropy"
                    + " (nats/sample) over the first " + samples + " training images" + (config.weightDecay() > 0
                    ? " + (" + config.weightDecay() + " / 2) |x|^2 (the run's coupled weight decay)"
                    : "; the run had no weight decay"), h.method(), h.products());
            NoiseCurvature.Result noise = null;
            if (o.noiseSamples() > 0) {
                log.printf("hessian: noise against curvature from %d per-sample gradients%n", o.noiseSamples());
                log.flush();
                noise = NoiseCurvature.of(net, train, o.noiseSamples(), h, eig.values(), eig.vectors(),
                        o.traceProbes(), o.seed());
            }
            double lambdaMax = eig.values()[0];
            Stability st = new Stability(bound, config.lr() * lambdaMax / bound,
                    config.lr() * law.largest() * lambdaMax / bound, law.largest(), "lr x lambda_max over the largest"
                    + " lr x h for which the run's update form (" + config.form().id() + ", momentum "
                    + config.momentum() + ") is stable on a quadratic of curvature h at s = 1: 2 (1 + mu) for heavy"
                    + " ball (paper, torch), 2 (1 + mu) / (1 + 2 mu) for the Nesterov forms (computed on the update"
                    + " map); ratioAtLargestFactor uses lr x s_max of protocol " + config.protocol().id()
                    + "; < 1 is stable");
            out = new Result(src, eig.converged(), eig.steps(), eig.values(), eig.residuals(),
                    o.bottom() > 0 ? eig.bottomValues() : null, o.bottom() > 0 ? eig.bottomResiduals() : null, noise,
                    traces.get(0), traces.subList(1, traces.size()), st, (System.nanoTime() - t0) / 1e9, null);
            Path dir = runDir.resolve("hessian-epoch-" + c.epochsCompleted());
            write(dir, out, eig, traces, q);
            out = out.written(dir.toString());
        }
        if (!eig.converged()) {
            throw new IllegalStateException(String.format("Lanczos did not converge in %d steps: relative residuals"
                    + " |Hv - lambda v| / |lambda_max| up to %.1e above the tolerance %.0e (residuals %s); %s;"
                    + " the unconverged pairs are in %s", eig.steps(), eig.worstRelativeResidual(), o.tolerance(),
                    java.util.Arrays.toString(eig.residuals()), eig.steps() < Math.min(o.maxSteps(),
                    net.parameterCount()) ? "it stopped where the Java heap could hold no more Lanczos vectors: give"
                    + " it more with JAVA_OPTS=-Xmx<GB>g, or raise --tolerance" : "raise --max-steps or --tolerance",
                    out.written()));
        }
        return out;
    }

    private static void write(Path dir, Result out, Lanczos.Result eig, List<TraceEstimate.Trace> traces,
                              SpectralDensity.Quadrature q) throws IOException {
        Files.createDirectories(dir);
        Json.writeAtomically(dir.resolve("hessian.json"), out);
        CsvTable e = CsvTable.of(CsvTable.Column.of("rank", "1"), CsvTable.Column.of("eigenvalue", "nats/param^2"),
                CsvTable.Column.of("residual", "nats/param^2"));
        for (int i = 0; i < eig.values().length; i++) {
            e.add(i + 1, eig.values()[i], eig.residuals()[i]);
        }
        for (int i = 0; i < eig.bottomValues().length; i++) {
            e.add(-(i + 1), eig.bottomValues()[i], eig.bottomResiduals()[i]);
        }
        e.writeAtomically(dir.resolve("eigenvalues.csv"));
        CsvTable t = CsvTable.of(CsvTable.Column.of("block", "name"), CsvTable.Column.of("trace", "nats/param^2"),
                CsvTable.Column.of("lo95", "nats/param^2"), CsvTable.Column.of("hi95", "nats/param^2"));
        for (TraceEstimate.Trace tr : traces) {
            t.add(tr.name(), tr.value(), tr.lo(), tr.hi());
        }
        t.writeAtomically(dir.resolve("traces.csv"));
        CsvTable qt = CsvTable.of(CsvTable.Column.of("node", "nats/param^2"), CsvTable.Column.of("weight", "1"));
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < q.nodes().length; j++) {
            qt.add(q.nodes()[j], q.weights()[j]);
            lo = Math.min(lo, q.nodes()[j]);
            hi = Math.max(hi, q.nodes()[j]);
        }
        qt.writeAtomically(dir.resolve("quadrature.csv"));
        double sigma = Math.max((hi - lo) / 300, 1e-12);
        int points = 600;
        double[] grid = new double[points];
        for (int g = 0; g < points; g++) {
            grid[g] = lo - 5 * sigma + (hi - lo + 10 * sigma) * g / (points - 1);
        }
        double[] density = SpectralDensity.smoothed(q, grid, sigma);
        CsvTable d = CsvTable.of(CsvTable.Column.of("eigenvalue", "nats/param^2"),
                CsvTable.Column.of("density", "1/(nats/param^2)"));
        double peak = 0;
        for (double v : density) {
            peak = Math.max(peak, v);
        }
        double[] floor = new double[points];
        for (int g = 0; g < points; g++) {
            d.add(grid[g], density[g]);
            floor[g] = Math.max(density[g], 1e-6 * peak);
        }
        d.writeAtomically(dir.resolve("density.csv"));
        Path fig = dir.resolve("figures");
        if (out.noise() != null) {
            double[][] rows = out.noise().topDirections();
            CsvTable nc = CsvTable.of(CsvTable.Column.of("rank", "1"), CsvTable.Column.of("lambda", "nats/param^2"),
                    CsvTable.Column.of("uSu", "grad^2"), CsvTable.Column.of("uMu", "grad^2"));
            double[] lam = new double[rows.length];
            double[] sig = new double[rows.length];
            double[] fisher = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                nc.add(i + 1, rows[i][0], rows[i][1], rows[i][2]);
                lam[i] = rows[i][0];
                sig[i] = rows[i][1];
                fisher[i] = rows[i][2];
            }
            nc.writeAtomically(dir.resolve("noise-curvature.csv"));
            Figures.render(new FigureSpec("noise-against-curvature", "", "Curvature lambda_i", "nats/param^2",
                    "Noise along u_i", "grad^2", false, false, true, List.of(
                    new FigureSpec.Series("u'Su", null, lam, sig, null),
                    new FigureSpec.Series("u'Mu", "theory", lam, fisher, null))), fig);
        }
        double[] rank = new double[eig.values().length];
        for (int i = 0; i < rank.length; i++) {
            rank[i] = i + 1;
        }
        Figures.render(new FigureSpec("hessian-top-eigenvalues", "", "Rank", "1", "Eigenvalue", "nats/param^2",
                false, false, true, List.of(new FigureSpec.Series("Lanczos", null, rank, eig.values(),
                eig.residuals()))), fig);
        Figures.render(new FigureSpec("hessian-density", "", "Eigenvalue", "nats/param^2",
                "Density (SLQ, floor 1e-6 of peak)",
                "1/(nats/param^2)", false, true, false, List.of(new FigureSpec.Series("density", null, grid, floor,
                null))), fig);
    }
}
