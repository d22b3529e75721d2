package org.thermosgd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.thermosgd.run.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code thermosgd reproduce FIG}: run an experiment of the paper and write its figures and report. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Reproduce a figure of the paper: runs, figures, report (resumable).")
final class ReproduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FIG", description = "fig1, fig2 or fig5 (fig3, fig4, fig6 not yet).")
    String fig;

    @Option(names = "--scale", defaultValue = "quick",
            description = "quick (fewer epochs, same settings) or paper (default ${DEFAULT-VALUE}).")
    String scale;

    @Option(names = "--seeds", defaultValue = "1", description = "Seeds per setting (default ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--jobs", defaultValue = "2",
            description = "Runs side by side, one thread each (default ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder (default reproductions/<UTC time>-FIG); an"
            + " existing reproduction folder is continued.")
    Path out;

    @Option(names = "--plan", description = "Only write the manifest and a Slurm job-array script.")
    boolean plan;

    /** For tests: shrink every run to this many epochs and training images (0 = as planned). */
    @Option(names = "--test-epochs", hidden = true, defaultValue = "0")
    int testEpochs;

    @Option(names = "--test-subset", hidden = true, defaultValue = "0")
    int testSubset;

    /** For tests: stop after this many runs, as if killed (0 = all). */
    @Option(names = "--test-max-runs", hidden = true, defaultValue = "0")
    int testMaxRuns;

    @Override
    public Integer call() throws IOException {
        Experiments.Manifest m = Experiments.shrink(Experiments.plan(fig, scale, seeds), testEpochs, testSubset);
        Path dir = Reproduction.folder(out, fig);
        Reproduction.writeManifest(dir, m);
        PrintWriter w = spec.commandLine().getOut();
        int n = m.runs().size();
        double seconds = 0;
        for (Experiments.Run r : m.runs()) {
            int images = r.train().trainSubset() > 0 ? r.train().trainSubset() : 60_000;
            boolean cnn = r.train().model().equals("cnn");
            // measured here: Model 1 ~1.5 ms per iteration + 0.7 s evaluation per epoch; Model 2 ~130 samples/s
            // + ~12 s evaluation per epoch
            seconds += r.train().epochs() * (cnn ? images / 130.0 + 12
                    : Math.ceil((double) images / r.train().batch()) * 1.5e-3 + 0.7);
        }
        double minutes = seconds / 60 / Math.max(1, Math.min(jobs, n));
        if (plan) {
            Path script = dir.resolve("slurm.sh");
            AtomicFiles.writeString(script, "#!/bin/bash\n#SBATCH --job-name=thermosgd-" + fig + "\n#SBATCH --array=0-"
                    + (n - 1) + "\n#SBATCH --cpus-per-task=1\n# one task per run; collect afterwards with:"
                    + " thermosgd collect " + dir.toAbsolutePath() + "\n" + "\"" + Thermosgd.sourceDir()
                    .toAbsolutePath().resolve("thermosgd") + "\" run --manifest \"" + dir.toAbsolutePath()
                    .resolve(Reproduction.MANIFEST) + "\" --index \"$SLURM_ARRAY_TASK_ID\"\n");
            w.printf("%s: %d runs planned in %s (manifest.json, slurm.sh)%n", fig, n, dir);
            w.flush();
            return 0;
        }
        w.printf("%s (%s scale): %d runs, %d at a time, roughly %.0f minutes on this machine; folder %s%n", fig, scale,
                n, Math.min(jobs, n), Math.ceil(minutes), dir);
        w.flush();
        Reproduction.execute(dir, m, jobs, w, testMaxRuns);
        Reproduction.collect(dir, w);
        return 0;
    }
}
