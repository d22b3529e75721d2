package org.thermosgd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.thermosgd.validation.curvature.HessianStudy;
import org.thermosgd.validation.text.HessianText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code thermosgd hessian}: curvature of a run's training loss at a checkpoint. */
@Command(name = "hessian", mixinStandardHelpOptions = true,
        description = "Hessian spectrum, trace and stability of a run's loss.")
final class HessianCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "RUN_DIR", description = "A training run directory.")
    Path run;

    @Option(names = "--checkpoint", paramLabel = "EPOCH", description = "Epoch (default: the latest).")
    Integer checkpoint;

    @Option(names = "--top-k", defaultValue = "10", description = "Largest eigenpairs (default ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--bottom", defaultValue = "0", description = "Most negative eigenpairs too (default none).")
    int bottom;

    @Option(names = "--samples", paramLabel = "N",
            description = "Mean loss over the first N training images (default: all of the run's).")
    Integer samples;

    @Option(names = "--probes", defaultValue = "30", description = "Hutchinson probes for the traces (default"
            + " ${DEFAULT-VALUE}).")
    int probes;

    @Option(names = "--density-probes", defaultValue = "3", description = "SLQ probes (default ${DEFAULT-VALUE}).")
    int densityProbes;

    @Option(names = "--density-steps", defaultValue = "60", description = "Lanczos steps per SLQ probe (default"
            + " ${DEFAULT-VALUE}).")
    int densitySteps;

    @Option(names = "--max-steps", defaultValue = "150", description = "Lanczos budget for the eigenpairs (default"
            + " ${DEFAULT-VALUE}).")
    int maxSteps;

    @Option(names = "--tolerance", defaultValue = "1e-3", description = "Converged when |Hv - lambda v| <= tolerance x"
            + " |lambda_max| (default ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--products", defaultValue = "auto", description = "auto, exact (R-operator, mlp) or differences"
            + " (central differences of exact gradients, any network); auto takes exact where it exists.")
    String products;

    @Option(names = "--noise-samples", defaultValue = "0", paramLabel = "N", description = "Also compare the"
            + " gradient noise of N per-sample gradients with the curvature: u_i^T S u_i and u_i^T M u_i along the top"
            + " eigenvectors, cos(H, S) and cos(I, S), a verdict (default 0: off).")
    int noiseSamples;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the random start and probes (default 1).")
    long seed;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws IOException {
        HessianStudy.Options o = new HessianStudy.Options(topK, bottom, samples, probes, densityProbes, densitySteps,
                maxSteps, tolerance, seed, products, noiseSamples);
        HessianStudy.Result r = HessianStudy.run(run, checkpoint, o, new PrintWriter(System.err, true));
        return json.print(r, HessianText::of);
    }
}
