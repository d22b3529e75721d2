package org.thermosgd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.thermosgd.fp.diffusion.DiffusionAnalysis;
import org.thermosgd.run.Json;
import org.thermosgd.validation.diffusion.DiffusionStudy;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
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
        DiffusionAnalysis.Options options = new DiffusionAnalysis.Options(topK, replicates, 16, seed, gramLimit);
        Map<String, Object> out = source.synthetic != null
                ? DiffusionStudy.synthetic(source.synthetic, dim, samples, seed, options)
                : DiffusionStudy.checkpoint(source.run, checkpoint, samples, seed, options, route);
        PrintWriter w = spec.commandLine().getOut();
        w.println(json ? Json.write(out) : DiffusionStudy.text(out));
        w.flush();
        return 0;
    }
}
