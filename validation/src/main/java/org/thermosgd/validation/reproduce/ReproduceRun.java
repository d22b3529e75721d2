package org.thermosgd.validation.reproduce;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.thermosgd.run.AtomicFiles;
import org.thermosgd.run.FolderLock;
import org.thermosgd.run.PlainName;
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
     * @param missing    with {@code plan}, on an existing reproduction folder: write slurm-missing.sh, a job array of
     *                   the unfinished runs only
     * @param figureWidth width in inches of the figures in the paper's layout (3.5 one column, 7.1 two columns)
     * @param testEpochs for tests: shrink every run to this many epochs (0: as planned)
     * @param testSubset for tests: and to this many training images (0: as planned)
     * @param testMaxRuns for tests: stop after this many runs, as if killed (0: all)
     */
    /** {@code jobs}: runs side by side, or null for {@link Schedule#jobsFor} on this machine's cores. */
    public record Options(String scale, Integer seeds, String dataset, Path cifar10, Integer jobs, Path out,
                          boolean plan, boolean missing, double figureWidth, int testEpochs, int testSubset,
                          int testMaxRuns) {
    }

    /** The job-array script of every run, and the one of the unfinished runs ({@code --plan --missing}). */
    public static final String SLURM_SCRIPT = "slurm.sh";
    public static final String SLURM_MISSING_SCRIPT = "slurm-missing.sh";

    private ReproduceRun() {
    }

    /** Reproduces {@code fig} (one of {@link Experiments#NAMES}, or {@code all}: each into its own subfolder). */
    public static void execute(String fig, Options o, PrintWriter log) throws IOException {
        if (o.out() != null && o.out().toString().isBlank()) {
            throw new IllegalArgumentException("--out is empty: give the folder to write the reproduction into");
        }
        if (o.jobs() != null && o.jobs() < 1) {
            throw new IllegalArgumentException("--jobs " + o.jobs() + " must be >= 1");
        }
        if (o.seeds() != null && o.seeds() < 1) {
            throw new IllegalArgumentException("--seeds " + o.seeds() + " must be >= 1");
        }
        if (o.missing() && !o.plan()) {
            throw new IllegalArgumentException("--missing works only with --plan: it writes " + SLURM_MISSING_SCRIPT
                    + " for the unfinished runs of a planned reproduction (add --plan)");
        }
        if (o.missing() && o.out() == null) {
            throw new IllegalArgumentException("--missing needs --out DIR, the reproduction folder whose unfinished"
                    + " runs to resubmit");
        }
        if (!fig.equals("all")) {
            reproduce(fig, Manifests.folder(o.out(), fig), o.dataset(), o, log);
            return;
        }
        Path root = Manifests.folder(o.out(), "all");
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
        if (o.missing() && !Files.isRegularFile(dir.resolve(Manifests.MANIFEST))) {
            throw new IllegalArgumentException("--missing: " + dir + " holds no " + Manifests.MANIFEST + ", so"
                    + " nothing was planned there; plan it first with --plan --out " + dir);
        }
        if (o.plan()) {
            slurmSafe(dir.toAbsolutePath().toString(), "the reproduction folder", true);
        }
        Manifests.requireUsable(dir);
        try (FolderLock lock = FolderLock.acquire(dir)) {
            reproduceLocked(f, dir, dataset, o, log);
        }
    }

    private static void reproduceLocked(String f, Path dir, String dataset, Options o, PrintWriter log)
            throws IOException {
        int k = o.seeds() != null ? o.seeds() : Experiments.defaultSeeds(f, dataset);
        Experiments.Manifest m = Experiments.shrink(Experiments.plan(f, o.scale(), k, dataset, o.cifar10(),
                DataHome.fromEnvironment()), o.testEpochs(), o.testSubset());
        Manifests.write(dir, m);
        int n = m.runs().size();
        double seconds = coreSeconds(m);
        String again = "thermosgd reproduce " + f + " --scale " + m.scale() + " --seeds " + m.seeds()
                + (dataset != null ? " --dataset " + dataset : "")
                + (o.cifar10() != null ? " --cifar10 " + shellWord(o.cifar10().toAbsolutePath().toString()) : "")
                + (o.testEpochs() > 0 ? " --test-epochs " + o.testEpochs() : "")
                + (o.testSubset() > 0 ? " --test-subset " + o.testSubset() : "")
                + " --plan --missing --out " + shellWord(dir.toAbsolutePath().toString());
        if (o.missing()) {
            List<String> ids = new ArrayList<>();
            List<Integer> indices = RunStatuses.unfinishedIndices(dir, m, ids);
            if (indices.isEmpty()) {
                log.printf("%s: all %d runs in %s are finished; nothing to resubmit (%s not written); thermosgd"
                        + " collect %s%n", f, n, dir, SLURM_MISSING_SCRIPT, dir);
            } else {
                Path script = dir.resolve(SLURM_MISSING_SCRIPT);
                AtomicFiles.writeString(script, slurmScript(f, dir, m, indices, again));
                log.printf("%s: %d of %d runs unfinished in %s (%s); %s resubmits them: sbatch %s%n", f,
                        indices.size(), n, dir, String.join(", ", ids), SLURM_MISSING_SCRIPT, script);
            }
            log.flush();
            return;
        }
        if (o.plan()) {
            List<Integer> all = java.util.stream.IntStream.range(0, n).boxed().toList();
            AtomicFiles.writeString(dir.resolve(SLURM_SCRIPT), slurmScript(f, dir, m, all, again));
            log.printf("%s: %d runs planned in %s (manifest.json, %s); about %.1f core-hours%n", f, n, dir,
                    SLURM_SCRIPT, seconds / 3600);
            log.flush();
            return;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int jobs = o.jobs() != null ? Math.min(o.jobs(), n) : Schedule.jobsFor(n, cores);
        log.printf("%s (%s scale): %d runs, %d at a time on %d cores, roughly %.0f minutes on cores like the"
                + " development machine's; folder %s%n", f, o.scale(), n, jobs, cores,
                Math.ceil(seconds / n * Schedule.makespan(n, cores, jobs) / 60), dir);
        log.flush();
        Schedule.execute(dir, m, jobs, log, o.testMaxRuns());
        ReproductionReport.collectLocked(dir, o.figureWidth(), log);
    }

    /**
     * Estimated single-core seconds for the manifest's runs: per model, training and evaluation throughputs
     * (samples/s; Model 1 as seconds per iteration and per evaluation) whose measurement, date and command are in
     * docs/experiments.md ("Paper scale", the estimate); a guide, not a promise.
     */
    public static double coreSeconds(Experiments.Manifest m) {
        double seconds = 0;
        for (Experiments.Run r : m.runs()) {
            TrainConfig t = r.train();
            int images = t.trainImageCount();
            seconds += t.epochs() * switch (t.model()) {
                case "cnn" -> images / 470.0 + (images + 10_000) / 1500.0;
                case "vgg16" -> images / 75.0 + (images + 10_000) / 225.0;
                default -> Math.ceil((double) images / t.batch()) * 1.5e-3 + 0.7;
            };
        }
        return seconds;
    }

    /**
     * What one task of a model needs: the memory to request from Slurm and the JVM heap within it, in GB: the peak
     * resident set sizes they cover, and how they were measured, are in docs/experiments.md ("On a Slurm cluster").
     * The heap is capped because a JVM otherwise takes a quarter of the node's memory, whatever Slurm granted.
     */
    public record TaskMemory(int requestGigabytes, int heapGigabytes) {
        public static TaskMemory of(String model) {
            return switch (model) {
                case "cnn" -> new TaskMemory(5, 1);
                case "vgg16" -> new TaskMemory(6, 2);
                default -> new TaskMemory(2, 1);
            };
        }

        /** The largest need among the manifest's runs (one request serves every task of the array). */
        public static TaskMemory of(Experiments.Manifest m) {
            TaskMemory max = new TaskMemory(0, 0);
            for (Experiments.Run r : m.runs()) {
                TaskMemory t = of(r.train().model());
                max = new TaskMemory(Math.max(max.requestGigabytes(), t.requestGigabytes()),
                        Math.max(max.heapGigabytes(), t.heapGigabytes()));
            }
            return max;
        }
    }

    /** Slurm's array syntax for sorted, distinct run indices: consecutive ones as ranges, e.g. "0,2-4,7". */
    public static String arraySpec(List<Integer> indices) {
        if (indices.isEmpty()) {
            throw new IllegalArgumentException("a job array needs at least one run index");
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < indices.size(); ) {
            int j = i;
            while (j + 1 < indices.size() && indices.get(j + 1) == indices.get(j) + 1) {
                j++;
            }
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(indices.get(i));
            if (j > i) {
                b.append('-').append(indices.get(j));
            }
            i = j + 1;
        }
        return b.toString();
    }

    /**
     * A Slurm job array of the runs {@code indices} of the manifest in {@code dir}: one task per run, with the CPUs
     * the runs' thread count needs (1 as planned) and the memory of the largest model ({@link TaskMemory}); the
     * native thread pools are pinned to those CPUs. {@code again} is the command that resubmits unfinished runs.
     */
    public static String slurmScript(String fig, Path dir, Experiments.Manifest m, List<Integer> indices,
                                     String again) {
        int threads = m.runs().stream().mapToInt(r -> r.train().threads()).max().orElse(1);
        TaskMemory mem = TaskMemory.of(m);
        String models = String.join(", ", m.runs().stream().map(r -> r.train().model()).distinct().toList());
        Path abs = dir.toAbsolutePath();
        String folder = slurmSafe(abs.toString(), "the reproduction folder", true);
        String launcher = slurmSafe(RunSupport.sourceDir().toAbsolutePath().resolve("thermosgd").toString(),
                "thermosgd's launcher", false);
        slurmSafe(again, "the resubmission command", false);
        return "#!/bin/bash\n"
                + "#SBATCH --job-name=thermosgd-" + fig + "\n"
                + "#SBATCH --array=" + arraySpec(indices) + "\n"
                + "#SBATCH --cpus-per-task=" + threads + "\n"
                + "#SBATCH --mem=" + mem.requestGigabytes() + "G\n"
                + "#SBATCH --output=\"" + abs.resolve("slurm-%A_%a.out") + "\"\n"
                + "# One task per run of manifest.json, " + threads + " thread(s) each as the runs are configured"
                + " (threads " + threads + "): the native\n# pools (ND4J's OpenMP, OpenBLAS) are pinned to the task's"
                + " CPUs. Memory for " + models + " (peak resident size measured on one\n# thread, see"
                + " docs/experiments.md), with the JVM heap capped at " + mem.heapGigabytes() + " GB inside it.\n"
                + "# Afterwards: thermosgd collect " + shellWord(folder) + "\n"
                + "# Unfinished runs (cancelled, failed, timed out) after the job has ended: " + again + "\n"
                + "export OMP_NUM_THREADS=" + threads + " OPENBLAS_NUM_THREADS=" + threads + "\n"
                + "export JAVA_OPTS=\"${JAVA_OPTS:--Xmx" + mem.heapGigabytes() + "g}\"\n"
                + shellWord(launcher) + " run --manifest " + shellWord(abs.resolve(Manifests.MANIFEST).toString())
                + " --index \"$SLURM_ARRAY_TASK_ID\"\n";
    }

    /** {@code s} as one POSIX shell word: single quotes, each ' written as '\''. */
    public static String shellWord(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * {@code path} when a Slurm script can carry it: no control character (a newline would end a comment or a
     * command), and in an #SBATCH line ({@code inSbatchLine}) neither '"' nor '%' (an #SBATCH line is split by Slurm
     * itself, which reads '%' as a file-name
     * pattern and cannot escape '"'); otherwise a one-line refusal naming {@code what} and the character.
     */
    static String slurmSafe(String path, String what, boolean inSbatchLine) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || inSbatchLine && (c == '"' || c == '%')) {
                throw new IllegalArgumentException(what + " " + PlainName.quoted(path)
                        + " holds " + (c == '"' || c == '%' ? "'" + c + "'" : String.format("the control character"
                        + " U+%04X", (int) c)) + " at position " + i + ", which a Slurm script cannot carry"
                        + " safely; choose a --out path without it");
            }
        }
        return path;
    }
}
