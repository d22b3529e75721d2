package org.thermosgd.validation.reproduce;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.thermosgd.run.AtomicFiles;
import org.thermosgd.run.FolderLock;
import org.thermosgd.training.data.Cifar10;
import org.thermosgd.training.data.DataHome;
import org.thermosgd.training.train.TrainConfig;
import org.thermosgd.validation.run.RunSupport;

/**
 * {@code thermosgd reproduce FIG}: plans a figure's runs (manifest.json), estimates their cost, then either runs them
 * side by side and collects figures and report, or writes a Slurm job-array script for a cluster.
 */
public final class ReproduceRun {
    /**
     * What to reproduce and how.
     *
     * @param seeds      seeds per setting (null: the figure's default)
     * @param dataset    fig4's data set: cifar10 or fashion-mnist (null: cifar10; in {@code all}, fashion-mnist where
     *                   CIFAR-10 is absent)
     * @param cifar10    folder with CIFAR-10's binary files (null: the data home)
     * @param plan       only write the manifest and a Slurm script
     * @param figureWidth width in inches of the figures in the paper's layout (3.5 one column, 7.1 two columns)
     * @param testEpochs for tests: shrink every run to this many epochs (0: as planned)
     * @param testSubset for tests: and to this many training images (0: as planned)
     * @param testMaxRuns for tests: stop after this many runs, as if killed (0: all)
     */
    public record Options(String scale, Integer seeds, String dataset, Path cifar10, int jobs, Path out, boolean plan,
                          double figureWidth, int testEpochs, int testSubset, int testMaxRuns) {
    }

    private ReproduceRun() {
    }

    /** Reproduces {@code fig} (one of {@link Experiments#NAMES}, or {@code all}: each into its own subfolder). */
    public static void execute(String fig, Options o, PrintWriter log) throws IOException {
        if (o.out() != null && o.out().toString().isBlank()) {
            throw new IllegalArgumentException("--out is empty: give the folder to write the reproduction into");
        }
        if (o.jobs() < 1) {
            throw new IllegalArgumentException("--jobs " + o.jobs() + " must be >= 1");
        }
        if (o.seeds() != null && o.seeds() < 1) {
            throw new IllegalArgumentException("--seeds " + o.seeds() + " must be >= 1");
        }
        if (!fig.equals("all")) {
            reproduce(fig, Reproduction.folder(o.out(), fig), o.dataset(), o, log);
            return;
        }
        Path root = Reproduction.folder(o.out(), "all");
        for (String f : Experiments.NAMES) {
            String dataset = f.equals("fig6") ? o.dataset() : null;
            if (f.equals("fig4")) {
                String missing = Cifar10.whyMissing(o.cifar10(), DataHome.fromEnvironment(), "--cifar10");
                dataset = o.dataset() != null ? o.dataset() : missing != null ? "fashion-mnist" : "cifar10";
                if (dataset.equals("fashion-mnist") && o.dataset() == null) {
                    log.println("fig4 on Fashion-MNIST: " + missing);
                    log.flush();
                }
            }
            reproduce(f, root.resolve(f), dataset, o, log);
        }
    }

    /** One figure in {@code dir}, which this process holds (a second process in the same folder is refused). */
    private static void reproduce(String f, Path dir, String dataset, Options o, PrintWriter log) throws IOException {
        Reproduction.requireUsable(dir);
        try (FolderLock lock = FolderLock.acquire(dir)) {
            reproduceLocked(f, dir, dataset, o, log);
        }
    }

    private static void reproduceLocked(String f, Path dir, String dataset, Options o, PrintWriter log)
            throws IOException {
        int k = o.seeds() != null ? o.seeds() : Experiments.defaultSeeds(f, dataset);
        Experiments.Manifest m = Experiments.shrink(Experiments.plan(f, o.scale(), k, dataset, o.cifar10(),
                DataHome.fromEnvironment()), o.testEpochs(), o.testSubset());
        Reproduction.writeManifest(dir, m);
        int n = m.runs().size();
        double seconds = coreSeconds(m);
        if (o.plan()) {
            AtomicFiles.writeString(dir.resolve("slurm.sh"), slurmScript(f, dir, n));
            log.printf("%s: %d runs planned in %s (manifest.json, slurm.sh); about %.1f core-hours%n", f, n, dir,
                    seconds / 3600);
            log.flush();
            return;
        }
        int jobs = Math.max(1, Math.min(o.jobs(), n));
        log.printf("%s (%s scale): %d runs, %d at a time, roughly %.0f minutes on 2 cores like the development"
                + " machine's; folder %s%n", f, o.scale(), n, jobs, Math.ceil(seconds / 60 / jobs), dir);
        log.flush();
        Reproduction.execute(dir, m, o.jobs(), log, o.testMaxRuns());
        Reproduction.collectLocked(dir, o.figureWidth(), log);
    }

    /**
     * Estimated single-core seconds for the manifest's runs, from per-model throughputs measured once on the
     * development machine (docs/experiments.md says which and how); a guide, not a promise.
     */
    public static double coreSeconds(Experiments.Manifest m) {
        double seconds = 0;
        for (Experiments.Run r : m.runs()) {
            TrainConfig t = r.train();
            int images = t.trainSubset() > 0 ? t.trainSubset() : t.dataset().equals("cifar10") ? 50_000 : 60_000;
            seconds += t.epochs() * switch (t.model()) {
                case "cnn" -> images / 130.0 + 12;
                case "vgg16" -> images / 35.0 + (images + 10_000) / 250.0;
                default -> Math.ceil((double) images / t.batch()) * 1.5e-3 + 0.7;
            };
        }
        return seconds;
    }

    /** A Slurm job array, one task per run and one thread each; {@code thermosgd collect DIR} afterwards. */
    public static String slurmScript(String fig, Path dir, int runs) {
        return "#!/bin/bash\n#SBATCH --job-name=thermosgd-" + fig + "\n#SBATCH --array=0-" + (runs - 1)
                + "\n#SBATCH --cpus-per-task=1\n# one task per run, one thread each; collect afterwards with:"
                + " thermosgd collect " + dir.toAbsolutePath() + "\nexport OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1\n"
                + "\"" + RunSupport.sourceDir().toAbsolutePath().resolve("thermosgd") + "\" run --manifest \""
                + dir.toAbsolutePath().resolve(Reproduction.MANIFEST) + "\" --index \"$SLURM_ARRAY_TASK_ID\"\n";
    }
}
