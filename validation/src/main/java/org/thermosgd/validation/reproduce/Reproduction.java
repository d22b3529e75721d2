package org.thermosgd.validation.reproduce;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.thermosgd.figures.FigureSpec;
import org.thermosgd.figures.Figures;
import org.thermosgd.figures.PanelFigure;
import org.thermosgd.run.AtomicFiles;
import org.thermosgd.run.CsvTable;
import org.thermosgd.run.FolderLock;
import org.thermosgd.run.Json;
import org.thermosgd.run.RunDirectory;
import org.thermosgd.run.RunStatus;
import org.thermosgd.training.train.RunFiles;
import org.thermosgd.training.train.TrainSummary;
import org.thermosgd.validation.report.Report;
import org.thermosgd.validation.report.Verdict;

/**
 * A reproduction folder: manifest.json, one run directory per training run under runs/, then figures/ and
 * report.md / report.html built from the finished runs' CSVs. Finished runs are skipped when it is run again and
 * interrupted ones resume from their last epoch checkpoint.
 */
public final class Reproduction {
    public static final String MANIFEST = "manifest.json";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private Reproduction() {
    }

    public static Path folder(Path out, String fig) {
        return out != null ? out : Path.of("reproductions", STAMP.format(Instant.now()) + "-" + fig);
    }

    /**
     * Writes the manifest, or checks that an existing one describes the same reproduction (a folder that is not one
     * is refused earlier, by {@link #requireUsable}).
     */
    public static void writeManifest(Path dir, Experiments.Manifest m) throws IOException {
        Path file = dir.resolve(MANIFEST);
        if (Files.exists(file)) {
            Experiments.Manifest old = readManifest(file);
            if (!old.experiment().equals(m.experiment()) || !old.scale().equals(m.scale())
                    || old.seeds() != m.seeds() || !old.runs().equals(m.runs())) {
                throw new IllegalArgumentException(dir + " holds a different reproduction (" + old.experiment() + ", "
                        + old.scale() + ", " + old.seeds() + " seeds); choose another --out");
            }
            return;
        }
        Files.createDirectories(dir);
        Json.writeAtomically(file, m);
    }

    /**
     * Refuses, before anything is written, a folder that is neither absent, empty, nor a reproduction (a file, or a
     * folder of someone's own files).
     */
    public static void requireUsable(Path dir) throws IOException {
        if (Files.exists(dir.resolve(MANIFEST))) {
            return;
        }
        if (Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.anyMatch(e -> !e.getFileName().toString().equals(FolderLock.FILE))) {
                    throw new IllegalArgumentException(dir + " is not empty and holds no " + MANIFEST + ": only an"
                            + " empty folder or a reproduction of the same runs can be used; choose another --out");
                }
            }
        } else if (Files.exists(dir)) {
            throw new IllegalArgumentException(dir + " is a file, not a folder; choose another --out");
        }
    }

    public static Experiments.Manifest readManifest(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no manifest (expected the manifest.json of a reproduction)");
        }
        return Json.read(file, Experiments.Manifest.class);
    }

    public static Path runDir(Path dir, Experiments.Run r) {
        return dir.resolve("runs").resolve(r.id());
    }

    /**
     * One run of a planned reproduction (a Slurm array task): run {@code index} of {@code manifest}, or its summary.
     */
    public static TrainSummary runOne(Path manifest, int index, List<String> argv) throws IOException {
        Experiments.Manifest m = readManifest(manifest);
        if (index < 0 || index >= m.runs().size()) {
            throw new IllegalArgumentException("--index " + index + " is outside 0.." + (m.runs().size() - 1)
                    + " of " + manifest);
        }
        Experiments.Run r = m.runs().get(index);
        return org.thermosgd.validation.run.TrainingRun.ensure(runDir(manifest.toAbsolutePath().getParent(), r),
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
                        s = org.thermosgd.validation.run.TrainingRun.ensure(runDir(dir, r), r.train(),
                                List.of("thermosgd", "run", "--manifest", "../../" + MANIFEST, "--index",
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
        } catch (java.util.concurrent.ExecutionException e) {
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

    /** Per-group epoch series: mean and standard deviation over seeds of a metric. */
    public record Series(String group, double[] epochs, double[] mean, double[] sd, int seeds) {
    }

    /** {@link #finished(Path, Experiments.Manifest, List, Set)} without the set of finished runs. */
    public static Map<String, Map<String, List<CsvTable>>> finished(Path dir, Experiments.Manifest m,
            List<String> missing)
            throws IOException {
        return finished(dir, m, missing, new HashSet<>());
    }

    /**
     * Finished runs' epoch tables by panel, then group, in manifest order; their ids go to {@code done}. A run counts
     * as finished when it says COMPLETED and its files agree ({@link RunFiles#damage}); the others go to
     * {@code missing} (a damaged one as "id (damaged: why)").
     */
    public static Map<String, Map<String, List<CsvTable>>> finished(Path dir, Experiments.Manifest m,
            List<String> missing,
                                                                  Set<String> done) throws IOException {
        Map<String, Map<String, List<CsvTable>>> panels = new LinkedHashMap<>();
        for (Experiments.Run r : m.runs()) {
            Path rd = runDir(dir, r);
            if (!Files.exists(rd.resolve(RunDirectory.PROVENANCE))) {
                missing.add(r.id());
                continue;
            }
            RunStatus status;
            try {
                status = RunDirectory.open(rd).provenance().status();
            } catch (IOException unreadable) {
                missing.add(r.id() + " (damaged: " + RunDirectory.oneLine(unreadable) + ")");
                continue;
            }
            if (status != RunStatus.COMPLETED) {
                missing.add(r.id());
                continue;
            }
            CsvTable epochs;
            String damage;
            try {
                epochs = RunFiles.epochs(rd);
                damage = RunFiles.damage(rd, r.train(), epochs);
            } catch (IOException unreadable) {
                epochs = null;
                damage = RunDirectory.oneLine(unreadable);
            }
            if (damage != null) {
                missing.add(r.id() + " (damaged: " + damage + ")");
                continue;
            }
            done.add(r.id());
            panels.computeIfAbsent(r.panel(), p -> new LinkedHashMap<>())
                    .computeIfAbsent(r.group(), g -> new ArrayList<>()).add(epochs);
        }
        return panels;
    }

    /**
     * Indices in the manifest of the runs that are not finished as {@link #finished} decides (absent, running,
     * interrupted, failed or damaged), ascending; their ids go to {@code ids}.
     */
    public static List<Integer> unfinishedIndices(Path dir, Experiments.Manifest m, List<String> ids)
            throws IOException {
        Set<String> done = new HashSet<>();
        finished(dir, m, new ArrayList<>(), done);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < m.runs().size(); i++) {
            if (!done.contains(m.runs().get(i).id())) {
                out.add(i);
                ids.add(m.runs().get(i).id());
            }
        }
        return out;
    }

    public static Series series(String group, List<CsvTable> tables, String column) {
        int epochs = tables.stream().mapToInt(CsvTable::rowCount).min().orElse(0);
        double[] e = new double[epochs];
        double[] mean = new double[epochs];
        double[] sd = new double[epochs];
        for (int i = 0; i < epochs; i++) {
            e[i] = i + 1;
            int row = i;
            MeanSd ms = MeanSd.of(tables.stream().mapToDouble(t -> t.number(row, column)).toArray());
            mean[i] = ms.mean();
            sd[i] = ms.sd();
        }
        return new Series(group, e, mean, sd, tables.size());
    }

    /** Mean and sample standard deviation (0 for one value) over seeds. */
    public record MeanSd(double mean, double sd, int n) {
        public static MeanSd of(double[] v) {
            double m = java.util.Arrays.stream(v).average().orElse(Double.NaN);
            double ss = java.util.Arrays.stream(v).map(x -> (x - m) * (x - m)).sum();
            return new MeanSd(m, v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0, v.length);
        }

        /** Standard error of the mean. */
        public double se() {
            return sd / Math.sqrt(n);
        }
    }

    /**
     * End-of-run numbers of a group over its seeds: final training loss, final and best test accuracy, final train
     * accuracy, and overfitting = final train accuracy - final test accuracy (per seed, then averaged).
     */
    public record GroupStats(String group, int seeds, MeanSd finalLoss, MeanSd finalTest, MeanSd bestTest,
            MeanSd finalTrain,
                      MeanSd overfit, MeanSd meanFactor) {
        /** {@code factors}: each run's mean step factor s over its iterations (null if unknown). */
        public static GroupStats of(String group, List<CsvTable> tables, double[] factors) {
            double[] loss = new double[tables.size()];
            double[] test = new double[tables.size()];
            double[] best = new double[tables.size()];
            double[] train = new double[tables.size()];
            double[] over = new double[tables.size()];
            for (int k = 0; k < tables.size(); k++) {
                CsvTable t = tables.get(k);
                int last = t.rowCount() - 1;
                loss[k] = t.number(last, "train_loss");
                test[k] = t.number(last, "test_accuracy");
                train[k] = t.number(last, "train_accuracy");
                over[k] = train[k] - test[k];
                best[k] = Double.NEGATIVE_INFINITY;
                for (int i = 0; i <= last; i++) {
                    best[k] = Math.max(best[k], t.number(i, "test_accuracy"));
                }
            }
            return new GroupStats(group, tables.size(), MeanSd.of(loss), MeanSd.of(test), MeanSd.of(best),
                    MeanSd.of(train), MeanSd.of(over), factors == null ? null : MeanSd.of(factors));
        }
    }

    public static List<GroupStats> stats(Map<String, List<CsvTable>> groups, Map<String, List<Double>> factors) {
        List<GroupStats> out = new ArrayList<>();
        for (Map.Entry<String, List<CsvTable>> g : groups.entrySet()) {
            List<Double> f = factors == null ? null : factors.get(g.getKey());
            out.add(GroupStats.of(g.getKey(), g.getValue(), f == null ? null
                    : f.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return out;
    }

    /**
     * Each finished run's mean step factor s over its iterations (iterations.csv), by panel and group: the mean
     * learning rate of a run is lr times this (1 for every protocol over whole periods).
     */
    public static Map<String, Map<String, List<Double>>> meanFactors(Path dir, Experiments.Manifest m, Set<String> done)
            throws IOException {
        Map<String, Map<String, List<Double>>> out = new LinkedHashMap<>();
        for (Experiments.Run r : m.runs()) {
            Path it = runDir(dir, r).resolve(RunFiles.ITERATIONS);
            if (!done.contains(r.id()) || !Files.exists(it)) {
                continue;
            }
            CsvTable t = CsvTable.read(it);
            double s = 0;
            for (int i = 0; i < t.rowCount(); i++) {
                s += t.number(i, "factor");
            }
            out.computeIfAbsent(r.panel(), p -> new LinkedHashMap<>()).computeIfAbsent(r.group(),
                    g -> new ArrayList<>()).add(s / Math.max(1, t.rowCount()));
        }
        return out;
    }

    /**
     * Figures and report from the finished runs, with the paper's layout ({@code figures/figN}) {@code widthInches}
     * wide; lists the unfinished runs.
     */
    public static List<String> collect(Path dir, double widthInches, PrintWriter log) throws IOException {
        try (FolderLock lock = FolderLock.acquire(dir)) {
            return collectLocked(dir, widthInches, log);
        }
    }

    /**
     * {@link #collect} by the process that holds the folder's lock; first removes the temporary files a killed
     * collect left in the folder and its figures (never inside run directories, which other processes may hold).
     */
    static List<String> collectLocked(Path dir, double widthInches, PrintWriter log) throws IOException {
        AtomicFiles.removeStaleTemporaries(dir, 1);
        AtomicFiles.removeStaleTemporaries(dir.resolve("figures"));
        Experiments.Manifest m = readManifest(dir.resolve(MANIFEST));
        List<String> missing = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Map<String, Map<String, List<CsvTable>>> panels = finished(dir, m, missing, done);
        if (panels.isEmpty()) {
            throw new IllegalArgumentException(dir + ": no finished runs yet (" + missing.size() + " to go)");
        }
        Map<String, Map<String, List<Double>>> factors = meanFactors(dir, m, done);
        Path fig = dir.resolve("figures");
        List<String> figures = new ArrayList<>();
        List<Verdict> verdicts = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<CsvTable>>> p : panels.entrySet()) {
            String prefix = p.getKey().isEmpty() ? "" : p.getKey().toLowerCase(java.util.Locale.ROOT)
                    .replace(" ", "") + "-";
            String claimSuffix = p.getKey().isEmpty() ? "" : " (" + p.getKey() + ")";
            Map<String, List<CsvTable>> groups = p.getValue();
            List<GroupStats> stats = stats(groups, factors.get(p.getKey()));
            List<Verdict> claims = new ArrayList<>();
            switch (m.experiment()) {
                case "fig1", "fig2" -> {
                    figures.add(figure(fig, prefix + "training-loss", "Training loss", "nats/sample", groups,
                            "train_loss", true, 0));
                    figures.add(figure(fig, prefix + "train-accuracy", "Train accuracy", "fraction", groups,
                            "train_accuracy", true, 0));
                    figures.add(figure(fig, prefix + "test-accuracy", "Test accuracy", "fraction", groups,
                            "test_accuracy", true, 0));
                    claims.addAll(Verdicts.equivalence(stats, false, claimSuffix));
                }
                case "fig3" -> {
                    figures.add(categorical(fig, prefix + "best-test-accuracy", "Best test accuracy", stats,
                            List.of("best"), 0));
                    claims.addAll(Verdicts.equivalence(stats, true, claimSuffix));
                }
                case "fig4" -> {
                    figures.add(categorical(fig, prefix + "test-accuracy", "Test accuracy", stats,
                            List.of("final", "best"), 0.12));
                    figures.add(categorical(fig, prefix + "overfitting", "Train - test accuracy", stats,
                            List.of("overfit"), 0));
                    claims.addAll(Verdicts.randomAsGoodAsBestCyclic(stats));
                    claims.addAll(Verdicts.constantWorst(stats));
                    claims.addAll(Verdicts.overfittingMirrorsAccuracy(stats));
                }
                case "fig5", "fig6" -> {
                    figures.add(figure(fig, prefix + "training-loss", "Training loss", "nats/sample", groups,
                            "train_loss", false, 0));
                    int epochs = groups.values().iterator().next().get(0).rowCount();
                    figures.add(figure(fig, prefix + "training-loss-zoom", "Training loss", "nats/sample", groups,
                            "train_loss", false, epochs / 2));
                    if (m.experiment().equals("fig6")) {
                        figures.add(figure(fig, prefix + "test-accuracy", "Test accuracy", "fraction", groups,
                                "test_accuracy", false, 0));
                    }
                    claims.addAll(Verdicts.collapse(groups, claimSuffix));
                }
                default -> throw new IllegalArgumentException(dir.resolve(MANIFEST) + ": unknown experiment '"
                        + m.experiment() + "'");
            }
            verdicts.addAll(Verdicts.unlessFinished(claims, unfinished(m, p.getKey(), done),
                    runsIn(m, p.getKey())));
        }
        for (String panel : m.runs().stream().map(Experiments.Run::panel).distinct().toList()) {
            if (!panels.containsKey(panel)) {
                int total = runsIn(m, panel);
                verdicts.add(new Verdict("the claims of " + (panel.isEmpty() ? "this figure" : "panel " + panel),
                        "needs every run of the panel finished", "0 of " + total + " runs finished",
                        Verdicts.unfinished(total, total)));
            }
        }
        List<String> layout = paperLayout(m.experiment(), figures);
        if (!layout.isEmpty()) {
            Figures.renderPanels(new PanelFigure(m.experiment(), widthInches, layout), fig);
            figures.add(0, m.experiment());
        }
        Json.writeAtomically(dir.resolve(Verdict.FILE), verdicts);
        writeReport(dir, m, panels, factors, missing, figures, verdicts);
        for (Verdict v : verdicts) {
            log.println(v.line());
        }
        log.println("report: " + dir.resolve("report.md") + (missing.isEmpty() ? ""
                : " (" + missing.size() + " runs unfinished: " + String.join(", ", missing) + ")"));
        log.flush();
        return missing;
    }

    /** Runs of {@code panel} in the manifest. */
    static int runsIn(Experiments.Manifest m, String panel) {
        return (int) m.runs().stream().filter(r -> r.panel().equals(panel)).count();
    }

    /** Runs of {@code panel} in the manifest that are not among the finished ones ({@code done}). */
    static int unfinished(Experiments.Manifest m, String panel, Set<String> done) {
        return (int) m.runs().stream().filter(r -> r.panel().equals(panel) && !done.contains(r.id())).count();
    }

    /**
     * The paper's panels of a figure, among the single figures drawn: fig1 and fig2 training loss | train accuracy |
     * test accuracy (the paper puts both accuracies in one panel); fig3 Model 1 | Model 2; fig4 accuracy |
     * overfitting, per model; fig5 full | zoomed; fig6 Model 2 | VGG16 (or Model 1 on Fashion-MNIST; Model 2's loss |
     * test accuracy when it is alone).
     */
    static List<String> paperLayout(String experiment, List<String> figures) {
        List<String> suffixes = switch (experiment) {
            case "fig1", "fig2" -> List.of("training-loss", "train-accuracy", "test-accuracy");
            case "fig3" -> List.of("best-test-accuracy");
            case "fig4" -> List.of("test-accuracy", "overfitting");
            case "fig5" -> List.of("training-loss", "training-loss-zoom");
            case "fig6" -> figures.stream().filter(f -> f.endsWith("-training-loss")).count() > 1
                    ? List.of("training-loss") : List.of("training-loss", "test-accuracy");
            default -> List.of();
        };
        List<String> out = new ArrayList<>();
        for (String f : figures) {
            for (String suffix : suffixes) {
                if (f.equals(suffix) || f.endsWith("-" + suffix)
                        && !f.substring(0, f.length() - suffix.length() - 1).contains("-")) {
                    out.add(f);
                }
            }
        }
        return out.size() > 4 ? out.subList(0, 4) : out;
    }

    /** One marker per group (protocol) with its seed standard deviation; {@code offset} sets series side by side. */
    private static String categorical(Path dir, String name, String label, List<GroupStats> stats,
                                      List<String> which, double offset) throws IOException {
        List<String> cats = stats.stream().map(GroupStats::group).toList();
        List<FigureSpec.Series> series = new ArrayList<>();
        for (int w = 0; w < which.size(); w++) {
            double[] x = new double[stats.size()];
            double[] y = new double[stats.size()];
            double[] err = new double[stats.size()];
            for (int i = 0; i < stats.size(); i++) {
                GroupStats g = stats.get(i);
                MeanSd v = switch (which.get(w)) {
                    case "final" -> g.finalTest();
                    case "best" -> g.bestTest();
                    case "overfit" -> g.overfit();
                    default -> throw new IllegalArgumentException(which.get(w));
                };
                x[i] = i + 1 + offset * (w - (which.size() - 1) / 2.0) * 2;
                y[i] = v.mean();
                err[i] = v.sd();
            }
            series.add(new FigureSpec.Series(which.get(w).equals("overfit") ? "train - test" : which.get(w), null, x,
                    y, err));
        }
        Figures.render(FigureSpec.categorical(name, label, "fraction", cats, series), dir);
        return name;
    }

    private static String figure(Path dir, String name, String label, String unit,
                                 Map<String, List<CsvTable>> groups, String column, boolean protocolColours,
                                 int fromEpoch) throws IOException {
        List<FigureSpec.Series> series = new ArrayList<>();
        for (Map.Entry<String, List<CsvTable>> g : groups.entrySet()) {
            Series s = series(g.getKey(), g.getValue(), column);
            int from = Math.min(fromEpoch, Math.max(0, s.epochs().length - 1));
            double[] x = java.util.Arrays.copyOfRange(s.epochs(), from, s.epochs().length);
            double[] y = java.util.Arrays.copyOfRange(s.mean(), from, s.mean().length);
            double[] err = s.seeds() > 1 ? java.util.Arrays.copyOfRange(s.sd(), from, s.sd().length) : null;
            series.add(new FigureSpec.Series(g.getKey().replace(',', ';'), protocolColours ? g.getKey() : null, x, y,
                    err));
        }
        Figures.render(new FigureSpec(name, "", "Epoch", "1", label, unit, false, column.endsWith("loss"), true,
                series), dir);
        return name;
    }

    private static void writeReport(Path dir, Experiments.Manifest m, Map<String, Map<String, List<CsvTable>>> panels,
                                    Map<String, Map<String, List<Double>>> factors, List<String> missing,
                                    List<String> figures, List<Verdict> verdicts) throws IOException {
        Report report = new Report("Reproduction of " + m.experiment() + " (" + m.scale() + " scale)");
        report.paragraph(m.description() + ". Seeds: " + m.seeds() + ". Runs: " + (m.runs().size() - missing.size())
                + " of " + m.runs().size() + " finished" + (missing.isEmpty() ? ""
                : " (unfinished: " + String.join(", ", missing) + ")") + ".");
        report.paragraph("Command: `thermosgd reproduce " + m.experiment() + " --scale " + m.scale() + " --seeds "
                + m.seeds() + "`");
        report.heading("Numbers behind the figures");
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<CsvTable>>> p : panels.entrySet()) {
            for (GroupStats g : stats(p.getValue(), factors.get(p.getKey()))) {
                rows.add(List.of(p.getKey().isEmpty() ? "-" : p.getKey(), g.group(), Integer.toString(g.seeds()),
                        g.meanFactor() == null ? "-" : String.format("%.3f", g.meanFactor().mean()),
                        pm(g.finalLoss()), pm(g.finalTest()), pm(g.bestTest()), pm(g.overfit())));
            }
        }
        report.table(List.of("panel", "group", "seeds", "mean step factor s", "final train loss (nats/sample)",
                "final test accuracy", "best test accuracy", "final train - test accuracy"), rows);
        report.paragraph("(+- is the standard deviation over seeds; 0 with one seed. The mean step factor is the run's"
                + " mean learning rate divided by lr: 1 for every protocol over whole periods, otherwise for a cyclic"
                + " protocol cut short (it starts at s = 2).)");
        report.heading("Verdicts").verdicts(verdicts);
        report.heading("Figures");
        for (String f : figures) {
            report.image(f, "figures/" + f + ".png");
        }
        report.write(dir);
    }

    private static String pm(MeanSd v) {
        return String.format("%.4f +- %.4f", v.mean(), v.sd());
    }
}
