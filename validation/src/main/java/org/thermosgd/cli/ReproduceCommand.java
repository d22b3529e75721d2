package org.thermosgd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.thermosgd.run.AtomicFiles;
import org.thermosgd.training.data.Cifar10;
import org.thermosgd.training.data.DataHome;
import org.thermosgd.training.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import org.thermosgd.validation.run.RunSupport;
import org.thermosgd.validation.reproduce.Experiments;
import org.thermosgd.validation.reproduce.Reproduction;

/** {@code thermosgd reproduce FIG}: run an experiment of the paper and write its figures and report. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Reproduce a figure of the paper: runs, figures, report (resumable).")
final class ReproduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FIG", description = "fig1, fig2, fig3, fig4, fig5, fig6 or all (each figure into its own"
            + " subfolder; fig4 is skipped where CIFAR-10 is absent).")
    String fig;

    @Option(names = "--scale", defaultValue = "quick",
            description = "quick (fewer epochs, same settings) or paper (default ${DEFAULT-VALUE}).")
    String scale;

    @Option(names = "--seeds", description = "Seeds per setting (default 3 for fig3 and fig4, which report the spread"
            + " over seeds; 1 otherwise).")
    Integer seeds;

    @Option(names = "--cifar10", paramLabel = "DIR", description = "Folder with CIFAR-10's binary files (default:"
            + " $THERMOSGD_HOME/data/cifar-10-batches-bin); fig4 needs them, fig6 adds its VGG16 panel with them.")
    Path cifar10;

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
        PrintWriter w = spec.commandLine().getOut();
        if (!fig.equals("all")) {
            reproduce(fig, Reproduction.folder(out, fig), w);
            return 0;
        }
        Path root = Reproduction.folder(out, "all");
        for (String f : Experiments.NAMES) {
            String missing = Cifar10.whyMissing(cifar10, DataHome.fromEnvironment(), "--cifar10");
            if (f.equals("fig4") && missing != null) {
                w.println("fig4 skipped: " + missing);
                w.flush();
                continue;
            }
            reproduce(f, root.resolve(f), w);
        }
        return 0;
    }

    private void reproduce(String f, Path dir, PrintWriter w) throws IOException {
        int k = seeds != null ? seeds : Experiments.defaultSeeds(f);
        Experiments.Manifest m = Experiments.shrink(Experiments.plan(f, scale, k, cifar10, DataHome.fromEnvironment()),
                testEpochs, testSubset);
        Reproduction.writeManifest(dir, m);
        int n = m.runs().size();
        double seconds = 0;
        for (Experiments.Run r : m.runs()) {
            TrainConfig t = r.train();
            int images = t.trainSubset() > 0 ? t.trainSubset() : t.dataset().equals("cifar10") ? 50_000 : 60_000;
            // measured here, one thread per run: Model 1 ~1.5 ms per iteration + 0.7 s evaluation per epoch; Model 2
            // ~130 samples/s + ~12 s evaluation per epoch; VGG16 ~35 samples/s training, ~250 samples/s evaluation
            seconds += t.epochs() * switch (t.model()) {
                case "cnn" -> images / 130.0 + 12;
                case "vgg16" -> images / 35.0 + (images + 10_000) / 250.0;
                default -> Math.ceil((double) images / t.batch()) * 1.5e-3 + 0.7;
            };
        }
        double minutes = seconds / 60 / Math.max(1, Math.min(jobs, n));
        if (plan) {
            Path script = dir.resolve("slurm.sh");
            AtomicFiles.writeString(script, "#!/bin/bash\n#SBATCH --job-name=thermosgd-" + f + "\n#SBATCH --array=0-"
                    + (n - 1) + "\n#SBATCH --cpus-per-task=1\n# one task per run, one thread each; collect afterwards with:"
                    + " thermosgd collect " + dir.toAbsolutePath() + "\nexport OMP_NUM_THREADS=1"
                    + " OPENBLAS_NUM_THREADS=1\n" + "\"" + RunSupport.sourceDir()
                    .toAbsolutePath().resolve("thermosgd") + "\" run --manifest \"" + dir.toAbsolutePath()
                    .resolve(Reproduction.MANIFEST) + "\" --index \"$SLURM_ARRAY_TASK_ID\"\n");
            w.printf("%s: %d runs planned in %s (manifest.json, slurm.sh); about %.1f core-hours%n", f, n, dir,
                    seconds / 3600);
            w.flush();
            return;
        }
        w.printf("%s (%s scale): %d runs, %d at a time, roughly %.0f minutes on this machine; folder %s%n", f, scale,
                n, Math.min(jobs, n), Math.ceil(minutes), dir);
        w.flush();
        Reproduction.execute(dir, m, jobs, w, testMaxRuns);
        Reproduction.collect(dir, w);
    }
}
