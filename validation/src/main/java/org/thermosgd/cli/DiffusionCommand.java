package org.thermosgd.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.thermosgd.fp.diffusion.DiffusionAnalysis;
import org.thermosgd.fp.diffusion.DiffusionRoute;
import org.thermosgd.validation.diffusion.DiffusionResult;
import org.thermosgd.validation.diffusion.DiffusionStudy;
import org.thermosgd.validation.text.DiffusionText;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code thermosgd diffusion}: how isotropic the gradient noise is, at a trained network or for synthetic laws. */
@Command(name = "diffusion", mixinStandardHelpOptions = true,
        description = "Diffusion matrix and isotropy of the gradient noise.")
final class DiffusionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;


    static final class Source {
        @Option(names = "--run", paramLabel = "RUN_DIR", description = "A training run directory (its checkpoint).")
        Path run;

        @Option(names = "--gradients", paramLabel = "FILE", description = "Per-sample gradients from any framework:"
                + " .npy [N, n], or .npz / .safetensors with one array [N, ...] per parameter block (rows are"
                + " samples; float32, float64 or float16; optional int64 sample_index [N]).")
        Path gradients;

        @Option(names = "--synthetic", paramLabel = "KIND",
                description = "isotropic, spiked, diagonal or heavy-tailed Gaussian/stable gradients.")
        String synthetic;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--checkpoint", paramLabel = "EPOCH",
            description = "Epoch to analyse (default: the latest; Model 1 keeps every epoch's parameters).")
    Integer checkpoint;

    @Option(names = "--dim", defaultValue = "1000",
            description = "Dimension n for --synthetic (default ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--samples", description = "Per-sample gradients N for --run and --synthetic (default 1000;"
            + " --gradients analyses every row of its file).")
    Integer samples;

    @Option(names = "--save-gradients", paramLabel = "FILE", description = "With --run: also write the per-sample"
            + " gradients analysed, .npy [N, n] (indices in FILE.sample_index.npy) or .npz (one array per parameter"
            + " block and sample_index).")
    Path saveGradients;

    @Option(names = "--curvature", defaultValue = "0", paramLabel = "K", description = "With --run (Model 1): also"
            + " the noise along the top K Hessian eigenvectors of the training loss and the alignment cos(H, S) against"
            + " cos(I, S), with a verdict (default 0: off).")
    int curvature;

    @Option(names = "--out", paramLabel = "DIR",
            description = "With --gradients: the run directory (default runs/<UTC time>-diffusion-file).")
    Path out;

    @Option(names = "--top-k", defaultValue = "20", description = "Eigenvalues to report (default ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--gram-limit", defaultValue = "3000",
            description = "Largest N analysed through the N x N Gram matrix; above it a sketch"
                    + " (default ${DEFAULT-VALUE}).")
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

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws IOException {
        DiffusionAnalysis.Options options = new DiffusionAnalysis.Options(topK, replicates, 16, seed, gramLimit);
        if (curvature != 0 && source.run == null) {
            throw new IllegalArgumentException("--curvature needs --run (the Hessian of a run's training loss)");
        }
        if (curvature < 0) {
            throw new IllegalArgumentException("--curvature " + curvature + " must be >= 0");
        }
        if (saveGradients != null && source.run == null) {
            throw new IllegalArgumentException("--save-gradients needs --run (it writes the gradients of a run's"
                    + " checkpoint)");
        }
        if (out != null && source.gradients == null) {
            throw new IllegalArgumentException("--out applies to --gradients; --run writes into"
                    + " RUN_DIR/diffusion-epoch-E");
        }
        if (source.gradients != null && (samples != null || checkpoint != null)) {
            throw new IllegalArgumentException((samples != null ? "--samples" : "--checkpoint") + " does not apply to"
                    + " --gradients (every row of the file is analysed)");
        }
        int n = samples == null ? 1000 : samples;
        DiffusionResult out = source.synthetic != null
                ? DiffusionStudy.synthetic(source.synthetic, dim, n, seed, options)
                : source.gradients != null
                ? DiffusionStudy.gradients(source.gradients, this.out, options, DiffusionRoute.parse(route),
                        Thermosgd.invocation(spec))
                : DiffusionStudy.checkpoint(source.run, checkpoint, n, seed, options, DiffusionRoute.parse(route),
                        saveGradients, curvature);
        return json.print(out, DiffusionText::of);
    }
}
