package org.thermosgd.validation.reproduce;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.thermosgd.run.FolderLock;
import org.thermosgd.run.RunDirectory;
import org.thermosgd.training.train.TrainSummary;
import org.thermosgd.validation.run.TrainingRun;

/**
 * Running a reproduction's training runs: how many side by side on the machine's cores ({@link #jobsFor},
 * {@link #makespan}), all unfinished ones ({@link #execute}), or one of them as a Slurm array task ({@link #runOne}).
 */
public final class Schedule {
    private Schedule() {
    }

    /**
     * One run of a planned reproduction (a Slurm array task): run {@code index} of {@code manifest}, or its summary.
     */
    public static TrainSummary runOne(Path manifest, int index, List<String> argv) throws IOException {
        Experiments.Manifest m = Manifests.read(manifest);
        if (index < 0 || index >= m.runs().size()) {
            throw new IllegalArgumentException("--index " + index + " is outside 0.." + (m.runs().size() - 1)
                    + " of " + manifest);
        }
        Experiments.Run r = m.runs().get(index);
        return TrainingRun.ensure(Manifests.runDir(manifest.toAbsolutePath().getParent(), r),
                r.train(), argv);
    }

    /**
     * Runs at a time for {@code runs} runs of about equal length on {@code cores} cores, one thread each: the count
     * between min(cores, runs) and min(runs, 2 x cores) that minimises the makespan when runs beyond the cores share
     * them (each then slower by runs-at-once / cores), the smallest on ties. Three runs on two cores go all at once
     * (1.5 run-lengths instead of 2); four go two at a time.
     */
    public static int jobsFor(int runs, int cores) {
        if (runs < 1 || cores < 1) {
            throw new IllegalArgumentException("runs " + runs + " and cores " + cores + " must be >= 1");
        }
        int best = Math.min(cores, runs);
        double bestSpan = makespan(runs, cores, best);
        for (int p = best + 1; p <= Math.min(runs, 2 * cores); p++) {
            double span = makespan(runs, cores, p);
            if (span < bestSpan - 1e-9) {
                best = p;
                bestSpan = span;
            }
        }
        return best;
    }

    /** Run-lengths to finish {@code runs} equal runs {@code jobs} at a time on {@code cores} cores (time-shared). */
    public static double makespan(int runs, int cores, int jobs) {
        int full = runs / jobs;
        int rest = runs % jobs;
        return full * Math.max(1.0, (double) jobs / cores) + (rest > 0 ? Math.max(1.0, (double) rest / cores) : 0);
    }

    /** Runs every unfinished run, {@code jobs} at a time, printing one line per run. */
    public static void execute(Path dir, Experiments.Manifest m, int jobs, PrintWriter log,
            int maxRuns) throws IOException {
        int n = maxRuns > 0 ? Math.min(maxRuns, m.runs().size()) : m.runs().size();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(jobs, n)));
        long t0 = System.nanoTime();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                fs.add(pool.submit(() -> {
                    Experiments.Run r = m.runs().get(index);
                    TrainSummary s;
                    try {
                        s = TrainingRun.ensure(Manifests.runDir(dir, r), r.train(),
                                List.of("thermosgd", "run", "--manifest", "../../" + Manifests.MANIFEST, "--index",
                                        Integer.toString(index)));
                    } catch (FolderLock.Held held) {
                        synchronized (log) {
                            log.printf("[%d/%d] %-28s left to the process that holds it: %s%n",
                                    done.incrementAndGet(), n, r.id(), RunDirectory.oneLine(held));
                            log.flush();
                        }
                        return null;
                    }
                    synchronized (log) {
                        log.printf("[%d/%d] %-28s test accuracy %.4f (best %.4f), train loss %.4f nats/sample,"
                                        + " %.0f s elapsed%n", done.incrementAndGet(), n, r.id(),
                                s.finalTestAccuracy(), s.bestTestAccuracy(), s.finalTrainLoss(),
                                (System.nanoTime() - t0) / 1e9);
                        log.flush();
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c);
        } finally {
            pool.shutdownNow();
        }
    }
}
