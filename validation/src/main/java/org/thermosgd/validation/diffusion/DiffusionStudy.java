package org.thermosgd.validation.diffusion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.thermosgd.fp.diffusion.CentredProducts;
import org.thermosgd.fp.diffusion.DiffusionAnalysis;
import org.thermosgd.fp.diffusion.DiffusionReport;
import org.thermosgd.fp.diffusion.DiffusionRoute;
import org.thermosgd.fp.diffusion.GradientFile;
import org.thermosgd.fp.diffusion.GradientSet;
import org.thermosgd.fp.diffusion.GramMatrix;
import org.thermosgd.fp.diffusion.SyntheticGradients;
import org.thermosgd.run.CsvTable;
import org.thermosgd.run.Json;
import org.thermosgd.run.Provenance;
import org.thermosgd.run.RunDirectory;
import org.thermosgd.sde.sgd.LeadingOrder;
import org.thermosgd.sde.sgd.PaperPrediction;
import org.thermosgd.sde.sgd.StepFactor;
import org.thermosgd.training.data.DataHome;
import org.thermosgd.training.data.Dataset;
import org.thermosgd.training.data.Datasets;
import org.thermosgd.training.data.Sha256;
import org.thermosgd.training.train.Checkpoint;
import org.thermosgd.training.train.RunFiles;
import org.thermosgd.training.train.TrainConfig;
import org.thermosgd.training.train.Trainer;
import org.thermosgd.validation.run.RunFigures;
import org.thermosgd.validation.run.RunSupport;

/**
 * {@code thermosgd diffusion}: how isotropic the gradient noise is, for synthetic gradient laws or at a training run's
 * checkpoint. For a run, the report goes to {@code RUN_DIR/diffusion-epoch-E/} (diffusion.json, spectrum.csv, the
 * spectrum figure) with the temperatures each formula predicts from the measured D for that run's protocol, form,
 * lr, batch and momentum.
 */
public final class DiffusionStudy {
    private DiffusionStudy() {
    }

    /** N gradients of a synthetic law in dimension {@code dim}: the report and its source. */
    public static DiffusionResult synthetic(String kind, int dim, int samples, long seed,
                                                DiffusionAnalysis.Options options) {
        requireSamples(samples);
        GradientSet g = SyntheticGradients.of(kind, dim, samples, seed);
        return new DiffusionResult(new DiffusionResult.Synthetic(kind, dim, samples, seed),
                DiffusionAnalysis.analyse(g, options, GramMatrix.java(), CentredProducts.Factory.java()), null, null,
                conventions(), null);
    }

    /**
     * The analysis at a run's checkpoint after {@code epoch} (null: the latest), by {@code route}, with the noise
     * against curvature ({@code curvatureTopK > 0}) and the gradients saved ({@code saveGradients} not null) from the
     * same per-sample gradients; written to {@code RUN_DIR/diffusion-epoch-E/}.
     */
    public static DiffusionResult checkpoint(Path runDir, Integer epoch, int samples, long seed,
                                             DiffusionAnalysis.Options options, DiffusionRoute route,
                                             Path saveGradients, int curvatureTopK) throws IOException {
        requireSamples(samples);
        if (saveGradients != null) {
            CheckpointDiffusion.requireNew(saveGradients);
        }
        TrainConfig config = RunFiles.config(runDir).train();
        Checkpoint c = RunFiles.checkpoint(runDir, epoch, "--checkpoint");
        Dataset data = Datasets.load(config.dataset(), config.dataPath(), DataHome.fromEnvironment());
        int batchesPerEpoch = Trainer.batchesPerEpoch(config, data);
        StepFactor law = config.protocol().law(batchesPerEpoch);
        CheckpointDiffusion.Outcome o = CheckpointDiffusion.analyse(config, c, data, samples, seed, options, route,
                curvatureTopK, saveGradients);
        CheckpointDiffusion.Analysis a = o.analysis();
        DiffusionReport report = a.report();
        DiffusionResult.AtCheckpoint src = new DiffusionResult.AtCheckpoint(
                runDir.toAbsolutePath().normalize().getFileName().toString(), RunFiles.sharedModelName(config),
                c.epochsCompleted(), samples, seed, a.route(), a.gradientSeconds(), a.analysisSeconds(), o.saved());
        DiffusionResult out = new DiffusionResult(src, report, temperatures(config, law, batchesPerEpoch, report),
                o.curvature(), conventions(), null);
        return write(runDir.resolve("diffusion-epoch-" + c.epochsCompleted()), out);
    }

    /** diffusion.json, spectrum.csv and the spectrum figure in {@code dir}; the result says where it was written. */
    private static DiffusionResult write(Path dir, DiffusionResult out) throws IOException {
        DiffusionReport report = out.report();
        Files.createDirectories(dir);
        Json.writeAtomically(dir.resolve("diffusion.json"), out);
        CsvTable spectrum = CsvTable.of(CsvTable.Column.of("rank", "1"),
                CsvTable.Column.of("eigenvalue", "grad^2"), CsvTable.Column.of("eigenvalue_over_D", "1"));
        for (int i = 0; i < report.topEigenvalues().length; i++) {
            spectrum.add(i + 1, report.topEigenvalues()[i], report.topEigenvalues()[i] / report.dCovariance());
        }
        spectrum.writeAtomically(dir.resolve("spectrum.csv"));
        RunFigures.spectrum(dir.resolve("figures"), report.topEigenvalues(), report.dCovariance());
        return out.written(dir.toString());
    }

    /**
     * The analysis of per-sample gradients written by any framework ({@link GradientFile}: .npy, .npz,
     * .safetensors), in a new run directory ({@code out}, or runs/<UTC time>-diffusion-file): config.json with the
     * source file and its SHA-256, provenance, diffusion.json, spectrum.csv and the figure. Gradients that fit in
     * 40% of the heap are read into memory (Gram route up to the Gram limit, else sketched); larger files are
     * streamed through the sketched route, one pass over the file per product.
     */
    public static DiffusionResult gradients(Path file, Path out, DiffusionAnalysis.Options options,
                                                DiffusionRoute route,
                                                List<String> argv) throws IOException {
        if (route == DiffusionRoute.FACTORED) {
            throw new IllegalArgumentException("--route '" + route + "' must be auto, gram or sketched for"
                    + " --gradients (the factored route needs a network's layer factors)");
        }
        try (GradientFile g = GradientFile.open(file)) {
            // hashed once the header and the declared size have been checked against the file's length
            String sha = Sha256.of(file);
            boolean inMemory = g.floatBytes() <= 0.4 * Runtime.getRuntime().maxMemory()
                    && (long) g.samples() * g.dimension() < Integer.MAX_VALUE - 8;
            boolean gram = route == DiffusionRoute.GRAM || (route == DiffusionRoute.AUTO && inMemory
                    && g.samples() <= options.gramLimit());
            if (gram && !inMemory) {
                throw new IllegalArgumentException(String.format("--route gram needs the %d x %d gradients in"
                        + " memory (%.1f GB as float32) and this JVM's heap is %.1f GB: use --route sketched (streams"
                        + " the file) or set JAVA_OPTS=-Xmx...", g.samples(), g.dimension(), g.floatBytes() / 1e9,
                        Runtime.getRuntime().maxMemory() / 1e9));
            }
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("gradients", file.toAbsolutePath().normalize().getFileName().toString());
            config.put("sha256", sha);
            config.put("samples", g.samples());
            config.put("dimension", g.dimension());
            List<String> blocks = g.blocks().stream().map(b -> b.name() + " (" + b.size() + ")").toList();
            String how = gram ? "gram" : inMemory ? "sketched" : "sketched, streamed from the file";
            config.put("blocks", blocks);
            config.put("route", how);
            config.put("options", options);
            RunDirectory run = RunDirectory.create(Path.of("runs"), "diffusion-file", out);
            run.writeConfig(config);
            return run.execute(Provenance.start(RunSupport.sourceDir(), 1, options.seed(), argv), () -> {
                long t0 = System.nanoTime();
                DiffusionReport report;
                try {
                    report = gram ? DiffusionAnalysis.analyse(g.load(), options, GramMatrix.nd4j())
                            : DiffusionAnalysis.sketched(inMemory ? g.load() : g, options,
                            CentredProducts.Factory.nd4j());
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
                DiffusionResult.FromFile src = new DiffusionResult.FromFile(
                        file.toAbsolutePath().normalize().getFileName().toString(), sha, g.samples(), g.dimension(),
                        blocks, how, g.sampleIndex() != null, (System.nanoTime() - t0) / 1e9);
                return write(run.path(), new DiffusionResult(src, report, null, null, conventions(), null));
            });
        }
    }

    private static void requireSamples(int samples) {
        if (samples < 8) {
            throw new IllegalArgumentException("--samples " + samples + " must be >= 8");
        }
    }

    /**
     * Predicted temperatures of the run from D = tr(S)/n: the paper's eq. (19) and docs/theory.md's leading order,
     * with E[s] and kappa from {@code law}, the step-factor law of the protocol that drove the run
     * ({@code batchesPerEpoch} iterations per epoch).
     */
    public static DiffusionResult.Temperature temperatures(TrainConfig c, StepFactor law, int batchesPerEpoch,
                                                          DiffusionReport r) {
        double mu = c.momentum();
        double d = r.dCovariance();
        return new DiffusionResult.Temperature(PaperPrediction.temperature(c.lr(), d, c.batch(), mu),
                LeadingOrder.temperature(c.form(), law, mu, c.lr(), d, c.batch()), law.mean(), law.meanSquare(),
                "T in loss units (Boltzmann exp(-f/T) in parameter space) for isotropic D = tr(S)/n:"
                + " paper T = lr D / (6 C (1 - mu)); leading order T = lr kappa (1 - mu) D / (2 E[s] C) with kappa of"
                + " form " + c.form().id() + " and the step-factor law of protocol " + c.protocol().id()
                + " (E[s], E[s^2] and, for cyclic protocols, the autocorrelation over one period of 2P epochs of "
                + batchesPerEpoch + " iterations)");
    }

    /** The report's symbols in words (the "conventions" of diffusion.json). */
    public static Map<String, String> conventions() {
        return Map.of(
                "M", "second moment (1/N) sum g g^T, the paper's D-hat (eq. 24), includes the mean",
                "S", "sample covariance (1/(N-1)) sum (g - mean)(g - mean)^T, estimating Sigma",
                "D", "isotropic constant tr(.)/n (eq. 8), units gradient^2",
                "participationRatio", "(tr Sigma)^2 / (n tr Sigma^2), tr Sigma^2 without its sampling bias;"
                        + " 1 = isotropic",
                "lambdaMaxOverD", "largest eigenvalue of S over tr(S)/n; 1 = isotropic (its sample value is"
                        + " inflated when n >> N)",
                "kurtosis", "excess kurtosis of projections (0 for Gaussian noise)",
                "tailIndex", "alpha of a symmetric alpha-stable fit (2 = Gaussian)");
    }
}
