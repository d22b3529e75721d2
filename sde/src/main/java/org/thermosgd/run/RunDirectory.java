package org.thermosgd.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.function.Function;

/**
 * One run's output folder: {@code config.json}, {@code provenance.json}, metric CSVs and {@code figures/}.
 * Every file is written atomically. The provenance says {@code RUNNING} until {@link #finish} records the end, so an
 * interrupted run never looks complete.
 */
public final class RunDirectory {
    public static final String CONFIG = "config.json";
    public static final String PROVENANCE = "provenance.json";
    public static final String FIGURES = "figures";
    /** A run's end-of-run numbers, where a command writes them. */
    public static final String SUMMARY = "summary.json";

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Path dir;
    private Provenance provenance;
    private Thread shutdownHook;

    private RunDirectory(Path dir) {
        this.dir = dir;
    }

    /**
     * Creates {@code out}, or {@code runsRoot/<UTC timestamp>-<name>} when {@code out} is null. An existing
     * non-empty folder is refused so that no earlier result is overwritten.
     */
    public static RunDirectory create(Path runsRoot, String name, Path out) throws IOException {
        PlainName.require("run name", name);
        if (out != null && out.toString().isBlank()) {
            throw new IllegalArgumentException("--out is empty: give the folder to write the run into");
        }
        Path dir = out != null ? out : uniqueChild(runsRoot, STAMP.format(Instant.now()) + "-" + name);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("output directory " + dir + " is a file; choose another --out");
        }
        if (Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.anyMatch(e -> !e.getFileName().toString().equals(FolderLock.FILE))) {
                    throw new IllegalArgumentException("output directory " + dir
                            + " is not empty; choose another --out or remove it");
                }
            }
        }
        Files.createDirectories(dir.resolve(FIGURES));
        return new RunDirectory(dir);
    }

    /** Opens an existing run directory, for resuming or re-rendering; it must hold a provenance file. */
    public static RunDirectory open(Path dir) throws IOException {
        Path prov = dir.resolve(PROVENANCE);
        if (!Files.isRegularFile(prov)) {
            throw new IllegalArgumentException(dir + " is not a run directory: " + PROVENANCE + " is missing");
        }
        RunDirectory run = new RunDirectory(dir);
        run.provenance = Json.read(prov, Provenance.class);
        return run;
    }

    private static Path uniqueChild(Path root, String base) {
        Path candidate = root.resolve(base);
        for (int i = 2; Files.exists(candidate); i++) {
            candidate = root.resolve(base + "-" + i);
        }
        return candidate;
    }

    public Path path() {
        return dir;
    }

    public Path resolve(String file) {
        return dir.resolve(file);
    }

    public Path figures() {
        return dir.resolve(FIGURES);
    }

    public Provenance provenance() {
        return provenance;
    }

    public void writeConfig(Object config) throws IOException {
        Json.writeAtomically(dir.resolve(CONFIG), config);
    }

    /**
     * Records the start; until {@link #finish} a JVM shutdown (Ctrl-C, SIGTERM) marks the run {@code INTERRUPTED}.
     */
    synchronized void start(Provenance started) throws IOException {
        provenance = Objects.requireNonNull(started, "provenance");
        shutdownHook = new Thread(() -> {
            synchronized (this) {
                if (provenance.status() == RunStatus.RUNNING) {
                    try {
                        writeEnd(RunStatus.INTERRUPTED, "stopped before the end (signal or shutdown)");
                    } catch (IOException ignored) {
                        // the status stays RUNNING, which still reads as incomplete
                    }
                }
            }
        }, "thermosgd-run-interrupted");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        Json.writeAtomically(dir.resolve(PROVENANCE), provenance);
    }

    /** A run's work: computes and writes its results into the run directory. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws IOException;
    }

    /** {@link #execute(Provenance, Work, Function)} for work that always finishes what it starts. */
    public <T> T execute(Provenance started, Work<T> work) throws IOException {
        return execute(started, work, result -> null);
    }

    /**
     * The one run lifecycle: records the start, does the work, then records {@code COMPLETED}; or {@code INTERRUPTED}
     * with the message {@code unfinished} gives for the result (null when the run is complete); or {@code FAILED}
     * with the error as one line, rethrowing it.
     */
    public <T> T execute(Provenance started, Work<T> work, Function<? super T, String> unfinished)
            throws IOException {
        start(started);
        T result;
        String left;
        try {
            result = work.run();
            left = unfinished.apply(result);
        } catch (RuntimeException | IOException | Error e) {
            try {
                finish(RunStatus.FAILED, oneLine(e));
            } catch (IOException | RuntimeException recording) {
                e.addSuppressed(recording);
            }
            throw e;
        }
        finish(left == null ? RunStatus.COMPLETED : RunStatus.INTERRUPTED, left);
        return result;
    }

    /**
     * An exception's message on one line (its class name when it has none); a path the platform charset cannot
     * encode (a non-ASCII name under {@code LC_ALL=C}), anywhere in the causes, says so and what to set.
     */
    public static String oneLine(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof InvalidPathException p) {
                return "path '" + p.getInput() + "' cannot be represented in this locale's charset ("
                        + System.getProperty("sun.jnu.encoding") + "): " + p.getReason()
                        + "; set LC_ALL=C.UTF-8 (or another UTF-8 locale)";
            }
        }
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        return m.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    synchronized void finish(RunStatus status, String message) throws IOException {
        if (provenance == null) {
            throw new IllegalStateException("run in " + dir + " was never started");
        }
        writeEnd(status, message);
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // already in shutdown: the hook has nothing left to do
            }
            shutdownHook = null;
        }
    }

    private void writeEnd(RunStatus status, String message) throws IOException {
        provenance = provenance.end(status, message);
        Json.writeAtomically(dir.resolve(PROVENANCE), provenance);
    }
}
