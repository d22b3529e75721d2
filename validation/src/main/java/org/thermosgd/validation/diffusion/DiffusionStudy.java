package org.thermosgd.validation.diffusion;

import java.io.IOException;
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

    /** N gradients of a synthetic law in dimension {@code dim}: the report and its source, as a JSON-ready map. */
    public static Map<String, Object> synthetic(String kind, int dim, int samples, long seed,
                                                DiffusionAnalysis.Options options) {
        requireSamples(samples);
        GradientSet g = SyntheticGradients.of(kind, dim, samples, seed);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", Map.of("synthetic", kind, "dimension", dim, "samples", samples, "seed", seed));
        out.put("report", DiffusionAnalysis.analyse(g, options, GramMatrix.java(), CentredProducts.Factory.java()));
        out.put("conventions", conventions());
        return out;
    }

    /**
     * The analysis at a run's checkpoint after {@code epoch} (null: the latest), by {@code route}; written to
     * {@code RUN_DIR/diffusion-epoch-E/}, returned as a JSON-ready map.
     */
    public static Map<String, Object> checkpoint(Path runDir, Integer epoch, int samples, long seed,
                                                 DiffusionAnalysis.Options options, DiffusionRoute route,
                                                         Path saveGradients,
                                                 int curvatureTopK) throws IOException {
        requireSamples(samples);
        if (saveGradients != null) {
            CheckpointDiffusion.requireNew(saveGradients);
        }
        TrainConfig config = RunFiles.config(runDir).train();
        Checkpoint c = RunFiles.checkpoint(runDir, epoch, "--checkpoint");
        Dataset data = Datasets.load(config.dataset(), config.dataPath(), DataHome.fromEnvironment());
        int batchesPerEpoch = Trainer.batchesPerEpoch(config, data);
        StepFactor law = config.protocol().law(batchesPerEpoch);
        CheckpointDiffusion.Analysis a = CheckpointDiffusion.analyse(config, c, data, samples, seed, options, route);
        DiffusionReport report = a.report();
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> src = new LinkedHashMap<>();
        src.put("run", runDir.toAbsolutePath().normalize().getFileName().toString());
        src.put("model", RunFiles.sharedModelName(config));
        src.put("epoch", c.epochsCompleted());
        src.put("samples", samples);
        src.put("seed", seed);
        src.put("route", a.route());
        src.put("perSampleGradientSeconds", a.gradientSeconds());
        src.put("analysisSeconds", a.analysisSeconds());
        out.put("source", src);
        out.put("report", report);
        out.put("temperature", temperatures(config, law, batchesPerEpoch, report));
        if (curvatureTopK > 0) {
            out.put("curvature", org.thermosgd.validation.curvature.NoiseCurvature.atCheckpoint(config, c, data,
                    samples, curvatureTopK, Integer.MAX_VALUE, 20, seed));
        }
        Path dir = runDir.resolve("diffusion-epoch-" + c.epochsCompleted());
        if (saveGradients != null) {
            src.put("savedGradients", CheckpointDiffusion.saveGradients(config, c, data, samples, seed,
                    saveGradients));
        }
        write(dir, out, report);
        return out;
    }

    /** diffusion.json, spectrum.csv and the spectrum figure in {@code dir}; {@code out} gains "written". */
    private static void write(Path dir, Map<String, Object> out, DiffusionReport report) throws IOException {
        Files.createDirectories(dir);
        out.put("conventions", conventions());
        Json.writeAtomically(dir.resolve("diffusion.json"), out);
        out.put("written", dir.toString());
        CsvTable spectrum = CsvTable.of(CsvTable.Column.of("rank", "1"),
                CsvTable.Column.of("eigenvalue", "grad^2"), CsvTable.Column.of("eigenvalue_over_D", "1"));
        for (int i = 0; i < report.topEigenvalues().length; i++) {
            spectrum.add(i + 1, report.topEigenvalues()[i], report.topEigenvalues()[i] / report.dCovariance());
        }
        spectrum.writeAtomically(dir.resolve("spectrum.csv"));
        RunFigures.spectrum(dir.resolve("figures"), report.topEigenvalues(), report.dCovariance());
    }

    /**
     * The analysis of per-sample gradients written by any framework ({@link GradientFile}: .npy, .npz,
     * .safetensors), in a new run directory ({@code out}, or runs/<UTC time>-diffusion-file): config.json with the
     * source file and its SHA-256, provenance, diffusion.json, spectrum.csv and the figure. Gradients that fit in
     * 40% of the heap are read into memory (Gram route up to the Gram limit, else sketched); larger files are
     * streamed through the sketched route, one pass over the file per product.
     */
    public static Map<String, Object> gradients(Path file, Path out, DiffusionAnalysis.Options options,
                                                DiffusionRoute route,
                                                List<String> argv) throws IOException {
        if (route == DiffusionRoute.FACTORED) {
            throw new IllegalArgumentException("--route '" + route + "' must be auto, gram or sketched for"
                    + " --gradients (the factored route needs a network's layer factors)");
        }
        try (GradientFile g = GradientFile.open(file)) {
            // hashed once the header and the declared size have been checked against the file's length
            String sha = org.thermosgd.training.data.Sha256.of(file);
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
            config.put("blocks", g.blocks().stream().map(b -> b.name() + " (" + b.size() + ")").toList());
            config.put("route", gram ? "gram" : inMemory ? "sketched" : "sketched, streamed from the file");
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
                } catch (java.io.UncheckedIOException e) {
                    throw e.getCause();
                }
                Map<String, Object> result = new LinkedHashMap<>();
                Map<String, Object> src = new LinkedHashMap<>(config);
                src.remove("options");
                src.put("sampleIndexPresent", g.sampleIndex() != null);
                src.put("analysisSeconds", (System.nanoTime() - t0) / 1e9);
                result.put("source", src);
                result.put("report", report);
                write(run.path(), result, report);
                return result;
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
    public static Map<String, Object> temperatures(TrainConfig c, StepFactor law, int batchesPerEpoch,
                                                   DiffusionReport r) {
        double mu = c.momentum();
        double d = r.dCovariance();
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("paper", PaperPrediction.temperature(c.lr(), d, c.batch(), mu));
        t.put("leadingOrder", LeadingOrder.temperature(c.form(), law, mu, c.lr(), d, c.batch()));
        t.put("stepFactorMean", law.mean());
        t.put("stepFactorMeanSquare", law.meanSquare());
        t.put("conventions", "T in loss units (Boltzmann exp(-f/T) in parameter space) for isotropic D = tr(S)/n:"
                + " paper T = lr D / (6 C (1 - mu)); leading order T = lr kappa (1 - mu) D / (2 E[s] C) with kappa of"
                + " form " + c.form().id() + " and the step-factor law of protocol " + c.protocol().id()
                + " (E[s], E[s^2] and, for cyclic protocols, the autocorrelation over one period of 2P epochs of "
                + batchesPerEpoch + " iterations)");
        return t;
    }

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

    /** The report as text. */
    public static String text(Map<String, Object> out) {
        DiffusionReport r = (DiffusionReport) out.get("report");
        StringBuilder b = new StringBuilder();
        b.append(String.format("N = %d gradients of dimension n = %d%n", r.samples(), r.dimension()));
        b.append(String.format("  D (covariance S, tr/n) = %.4e  [%s]%n", r.dCovariance(),
                r.dCovarianceInterval() == null ? "-" : String.format("%.4e, %.4e", r.dCovarianceInterval().lo(),
                        r.dCovarianceInterval().hi())));
        b.append(String.format("  D (second moment M, tr/n) = %.4e%n", r.dSecondMoment()));
        b.append(String.format("  participation ratio (1 = isotropic) = %.4f  [%s]; naive %.4f%n",
                r.participationRatio(), r.participationRatioInterval() == null ? "-" : String.format("%.4f, %.4f",
                        r.participationRatioInterval().lo(), r.participationRatioInterval().hi()),
                r.participationRatioNaive()));
        b.append(String.format("  lambda_max / D = %.2f; top-%d share of tr S = %.3f; diagonal CV = %.3f%n",
                r.lambdaMaxOverD(), r.topEigenvalues().length, r.topShare(), r.diagonalCv()));
        b.append(String.format("  excess kurtosis of random projections = %.3f (Gaussian 0 +- %.3f); tail index"
                + " alpha = %.3f (Gaussian 2)%n", r.kurtosisRandomMean(), r.kurtosisStandardError(), r.tailIndex()));
        for (DiffusionReport.BlockTrace bt : r.blocks()) {
            b.append(String.format("  block %-12s n = %8d  D = %.4e  D/D_all = %.3f%n", bt.name(), bt.size(),
                    bt.dCovariance(), bt.ratioToGlobal()));
        }
        if (out.containsKey("temperature")) {
            b.append("  predicted temperature: ").append(out.get("temperature")).append('\n');
        }
        if (out.get("curvature") instanceof Map<?, ?> nc) {
            b.append(String.format("  noise against curvature: cos(H, S) = %.3f, cos(I, S) = %.3f: %s%n",
                    (Double) nc.get("cosineHS"), (Double) nc.get("cosineIS"), nc.get("verdict")));
        }
        if (out.containsKey("written")) {
            b.append("  written to ").append(out.get("written"));
        }
        return b.toString().stripTrailing();
    }
}
