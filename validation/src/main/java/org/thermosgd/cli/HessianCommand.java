package org.thermosgd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.thermosgd.run.Json;
import org.thermosgd.sde.spectral.TraceEstimate;
import org.thermosgd.validation.curvature.HessianStudy;
import org.thermosgd.validation.curvature.NoiseCurvature;
import picocli.CommandLine.Command;
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

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        HessianStudy.Options o = new HessianStudy.Options(topK, bottom, samples, probes, densityProbes, densitySteps,
                maxSteps, tolerance, seed, products, noiseSamples);
        HessianStudy.Result r = HessianStudy.run(run, checkpoint, o, new PrintWriter(System.err, true));
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(Json.write(r));
        } else {
            double[] ev = r.eigenvalues();
            double[] res = r.residuals();
            w.printf("top eigenvalues of the Hessian (nats/param^2; residual |Hv - lambda v|), %d Lanczos steps:%n",
                    r.lanczosSteps());
            for (int i = 0; i < ev.length; i++) {
                w.printf("  %2d  %.6e  (%.1e)%n", i + 1, ev[i], res[i]);
            }
            TraceEstimate.Trace t = r.trace();
            w.printf("trace %.6e [%.6e, %.6e] (95%%, Hutchinson)%n", t.value(), t.lo(), t.hi());
            for (TraceEstimate.Trace l : r.layerTraces()) {
                w.printf("  layer %-22s trace %.4e [%.4e, %.4e]%n", l.name(), l.value(), l.lo(), l.hi());
            }
            HessianStudy.Stability st = r.stability();
            w.printf("stability: lr x lambda_max / bound = %.4f (bound %.4f; %.4f at the protocol's largest factor"
                    + " %.3g); < 1 is stable%n", st.ratio(), st.bound(), st.ratioAtLargestFactor(), st.largestFactor());
            NoiseCurvature.Result noise = r.noise();
            if (noise != null) {
                w.printf("noise against curvature (N = %s gradients): cos(H, S) = %.3f, cos(I, S) = %.3f: %s%n",
                        noise.samples(), noise.cosineHS(), noise.cosineIS(), noise.verdict());
                for (double[] row : noise.topDirections()) {
                    w.printf("  lambda %.4e  u^T S u %.4e  u^T M u %.4e  ratio %.4e%n", row[0], row[1], row[2],
                            row[3]);
                }
            }
            w.printf("loss: %s; products: %s; %.1f s%nwritten to %s%n", r.source().loss(), r.source().products(),
                    r.seconds(), r.written());
        }
        w.flush();
        return 0;
    }
}
