package org.thermosgd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.thermosgd.fp.diffusion.DiffusionAnalysis;
import org.thermosgd.fp.diffusion.DiffusionReport;
import org.thermosgd.fp.diffusion.GradientSet;
import org.thermosgd.fp.diffusion.GramMatrix;
import org.thermosgd.fp.diffusion.SyntheticGradients;
import org.thermosgd.run.CsvTable;
import org.thermosgd.run.Json;
import org.thermosgd.sde.sgd.LeadingOrder;
import org.thermosgd.sde.sgd.StepFactor;
import org.thermosgd.sde.sgd.UpdateForm;
import org.thermosgd.training.data.DataHome;
import org.thermosgd.training.data.Datasets;
import org.thermosgd.training.train.Checkpoint;
import org.thermosgd.training.train.TrainConfig;
import org.thermosgd.training.train.Trainer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.thermosgd.validation.run.TrainingRun;
import org.thermosgd.validation.run.RunFigures;
import org.thermosgd.validation.diffusion.CheckpointDiffusion;

/** {@code thermosgd diffusion}: how isotropic the gradient noise is, at a trained network or for synthetic laws. */
@Command(name = "diffusion", mixinStandardHelpOptions = true,
        description = "Diffusion matrix and isotropy of the gradient noise.")
final class DiffusionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    static final class Source {
        @Option(names = "--run", paramLabel = "RUN_DIR", description = "A training run directory (its checkpoint).")
        Path run;

        @Option(names = "--synthetic", paramLabel = "KIND",
                description = "isotropic, spiked, diagonal or heavy-tailed Gaussian/stable gradients.")
        String synthetic;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--checkpoint", paramLabel = "EPOCH",
            description = "Epoch to analyse (default: the latest; Model 1 keeps every epoch's parameters).")
    Integer checkpoint;

    @Option(names = "--dim", defaultValue = "1000", description = "Dimension n for --synthetic (default ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--samples", defaultValue = "1000", description = "Per-sample gradients N (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--top-k", defaultValue = "20", description = "Eigenvalues to report (default ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--gram-limit", defaultValue = "3000",
            description = "Largest N analysed through the N x N Gram matrix; above it a sketch (default ${DEFAULT-VALUE}).")
    int gramLimit;

    @Option(names = "--route", defaultValue = "auto", description = "auto, factored (dense networks: Gram matrix"
            + " from per-layer factors), gram (N x N Gram of explicit gradients) or sketched (randomised range finder);"
            + " auto takes factored where the network allows it, else gram up to --gram-limit, else sketched.")
    String route;

    @Option(names = "--replicates", defaultValue = "100",
            description = "Half-sample replicates for the intervals (default ${DEFAULT-VALUE}).")
    int replicates;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (samples < 8) {
            throw new IllegalArgumentException("--samples " + samples + " must be >= 8");
        }
        DiffusionAnalysis.Options options = new DiffusionAnalysis.Options(topK, replicates, 16, seed, gramLimit);
        Map<String, Object> out = new LinkedHashMap<>();
        DiffusionReport report;
        if (source.synthetic != null) {
            GradientSet g = SyntheticGradients.of(source.synthetic, dim, samples, seed);
            report = DiffusionAnalysis.analyse(g, options, GramMatrix.java(),
                    org.thermosgd.fp.diffusion.CentredProducts.Factory.java());
            out.put("source", Map.of("synthetic", source.synthetic, "dimension", dim, "samples", samples, "seed",
                    seed));
            out.put("report", report);
        } else {
            Path runDir = source.run;
            TrainConfig config = Json.read(runDir.resolve("config.json"), TrainingRun.ConfigFile.class).train();
            Path ck = runDir.resolve(Checkpoint.FILE);
            if (!Files.exists(ck)) {
                throw new IllegalArgumentException(runDir + ": no " + Checkpoint.FILE + " (the run never finished an"
                        + " epoch)");
            }
            Checkpoint c = Checkpoint.read(ck);
            if (checkpoint != null && checkpoint != c.epochsCompleted()) {
                Path snap = runDir.resolve(Trainer.snapshot(checkpoint));
                if (!Files.exists(snap)) {
                    throw new IllegalArgumentException(runDir + ": --checkpoint " + checkpoint + " does not exist;"
                            + " available: the latest (epoch " + c.epochsCompleted() + ")" + (Files.isDirectory(
                            runDir.resolve("checkpoints")) ? " and the snapshots in " + runDir.resolve("checkpoints")
                            : ""));
                }
                c = Checkpoint.read(snap);
            }
            CheckpointDiffusion.Analysis a = CheckpointDiffusion.analyse(config, c, Datasets.load(config.dataset(), config.dataPath(),
                    DataHome.fromEnvironment()), samples, seed, options, route);
            report = a.report();
            Map<String, Object> src = new LinkedHashMap<>();
            src.put("run", runDir.toString());
            src.put("model", config.model());
            src.put("epoch", c.epochsCompleted());
            src.put("samples", samples);
            src.put("seed", seed);
            src.put("route", a.route());
            src.put("perSampleGradientSeconds", a.gradientSeconds());
            src.put("analysisSeconds", a.analysisSeconds());
            out.put("source", src);
            out.put("report", report);
            out.put("temperature", temperatures(config, report));
            Path dir = runDir.resolve("diffusion-epoch-" + c.epochsCompleted());
            Files.createDirectories(dir);
            Json.writeAtomically(dir.resolve("diffusion.json"), out);
            CsvTable spectrum = CsvTable.of(CsvTable.Column.of("rank", "1"),
                    CsvTable.Column.of("eigenvalue", "grad^2"), CsvTable.Column.of("eigenvalue_over_D", "1"));
            for (int i = 0; i < report.topEigenvalues().length; i++) {
                spectrum.add(i + 1, report.topEigenvalues()[i], report.topEigenvalues()[i] / report.dCovariance());
            }
            spectrum.writeAtomically(dir.resolve("spectrum.csv"));
            RunFigures.spectrum(dir.resolve("figures"), report.topEigenvalues(), report.dCovariance());
            out.put("written", dir.toString());
        }
        out.put("conventions", Map.of(
                "M", "second moment (1/N) sum g g^T, the paper's D-hat (eq. 24), includes the mean",
                "S", "sample covariance (1/(N-1)) sum (g - mean)(g - mean)^T, estimating Sigma",
                "D", "isotropic constant tr(.)/n (eq. 8), units gradient^2",
                "participationRatio", "(tr Sigma)^2 / (n tr Sigma^2), tr Sigma^2 without its sampling bias;"
                        + " 1 = isotropic",
                "lambdaMaxOverD", "largest eigenvalue of S over tr(S)/n; 1 = isotropic (its sample value is"
                        + " inflated when n >> N)",
                "kurtosis", "excess kurtosis of projections (0 for Gaussian noise)",
                "tailIndex", "alpha of a symmetric alpha-stable fit (2 = Gaussian)"));
        PrintWriter w = spec.commandLine().getOut();
        w.println(json ? Json.write(out) : text(report, out));
        w.flush();
        return 0;
    }

    /** Predicted temperatures from D: the paper's eq. (19) and docs/theory.md's leading order, both with D = tr S / n. */
    static Map<String, Object> temperatures(TrainConfig c, DiffusionReport r) {
        double mu = c.momentum();
        double d = r.dCovariance();
        StepFactor factor = switch (c.protocol()) {
            case "random" -> new StepFactor.Uniform(0, 2);
            case "random-max" -> new StepFactor.Uniform(0, 1);
            default -> new StepFactor.Constant(1);
        };
        UpdateForm form = UpdateForm.parse(c.form());
        double kappa = LeadingOrder.kappa(form, factor, mu);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("paper", c.lr() * d / (6 * c.batch() * (1 - mu)));
        t.put("leadingOrder", c.lr() * kappa * (1 - mu) * d / (2 * factor.mean() * c.batch()));
        t.put("conventions", "T in loss units (Boltzmann exp(-f/T) in parameter space) for isotropic D = tr(S)/n:"
                + " paper T = lr D / (6 C (1 - mu)); leading order T = lr kappa (1 - mu) D / (2 E[s] C) with kappa of"
                + " form " + form.id() + " and factor " + factor + (c.protocol().startsWith("cyclic")
                ? " (cyclic protocols: evaluated at the mean factor s = 1)" : ""));
        return t;
    }

    private static String text(DiffusionReport r, Map<String, Object> out) {
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
        if (out.containsKey("written")) {
            b.append("  written to ").append(out.get("written"));
        }
        return b.toString().stripTrailing();
    }
}
