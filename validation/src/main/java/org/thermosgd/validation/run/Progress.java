package org.thermosgd.validation.run;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of long work on standard error, never on standard output (which carries results and {@code --json}): a
 * bar with ETA on a terminal; elsewhere (logs, pipes, Slurm) a line at most every {@link #LINE_SECONDS} seconds
 * ("task: i of K unit, s elapsed, about s left"). {@link #note} lines (one per training epoch) show in both. Nothing
 * at all while {@link #quiet} is set (commands run with {@code --json}).
 */
public final class Progress implements AutoCloseable {
    /** Seconds between progress lines when no terminal is attached. */
    public static final double LINE_SECONDS = 10;
    private static volatile boolean quiet;

    private final ProgressBar bar;
    private final String task;
    private final long total;
    private final String unit;
    private final long start = System.nanoTime();
    private long done;
    private long lastLine = start;

    private Progress(ProgressBar bar, String task, long total, String unit) {
        this.bar = bar;
        this.task = task;
        this.total = total;
        this.unit = unit;
    }

    /** Silences every progress display of this process (set per command invocation). */
    public static void quiet(boolean q) {
        quiet = q;
    }

    public static Progress of(String task, long total, String unit) {
        if (quiet || System.console() == null) {
            return new Progress(null, task, total, unit);
        }
        return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" " + unit, 1).showSpeed().setUpdateIntervalMillis(500)
                .build(), task, total, unit);
    }

    public synchronized void step(long n) {
        done += n;
        if (bar != null) {
            bar.stepBy(n);
            return;
        }
        long now = System.nanoTime();
        if (!quiet && (now - lastLine) / 1e9 >= LINE_SECONDS) {
            lastLine = now;
            System.err.println(line(now));
            System.err.flush();
        }
    }

    /** The progress line at time {@code now} (System.nanoTime). */
    String line(long now) {
        double elapsed = (now - start) / 1e9;
        String left = done > 0 && done < total ? String.format(", about %.0f s left", elapsed * (total - done) / done)
                : "";
        return String.format("%s: %,d of %,d %s, %.0f s elapsed%s", task, done, total, unit, elapsed, left);
    }

    /** A line of its own (e.g. an epoch's numbers), unless quiet. */
    public synchronized void note(String line) {
        if (quiet) {
            return;
        }
        System.err.println(line);
        System.err.flush();
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
