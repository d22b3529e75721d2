package org.thermosgd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.thermosgd.figures.FigureSpec;
import org.thermosgd.figures.Figures;
import org.thermosgd.run.AtomicFiles;
import org.thermosgd.run.CsvTable;
import org.thermosgd.run.Json;
import org.thermosgd.run.RunDirectory;
import org.thermosgd.run.RunStatus;
import org.thermosgd.training.train.TrainSummary;

/**
 * A reproduction folder: manifest.json, one run directory per training run under runs/, then figures/ and
 * report.md / report.html built from the finished runs' CSVs. Finished runs are skipped when it is run again and
 * interrupted ones resume from their last epoch checkpoint.
 */
final class Reproduction {
    static final String MANIFEST = "manifest.json";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private Reproduction() {
    }

    static Path folder(Path out, String fig) {
        return out != null ? out : Path.of("reproductions", STAMP.format(Instant.now()) + "-" + fig);
    }

    /** Writes the manifest, or checks that an existing one describes the same reproduction. */
    static void writeManifest(Path dir, Experiments.Manifest m) throws IOException {
        Path file = dir.resolve(MANIFEST);
        if (Files.exists(file)) {
            Experiments.Manifest old = readManifest(file);
            if (!old.experiment().equals(m.experiment()) || !old.scale().equals(m.scale())
                    || old.seeds() != m.seeds()) {
                throw new IllegalArgumentException(dir + " holds a different reproduction (" + old.experiment() + ", "
                        + old.scale() + ", " + old.seeds() + " seeds); choose another --out");
            }
            return;
        }
        Files.createDirectories(dir);
        Json.writeAtomically(file, m);
    }

    static Experiments.Manifest readManifest(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no manifest (expected the manifest.json of a reproduction)");
        }
        return Json.read(file, Experiments.Manifest.class);
    }

    static Path runDir(Path dir, Experiments.Run r) {
        return dir.resolve("runs").resolve(r.id());
    }

    /** Runs every unfinished run, {@code jobs} at a time, printing one line per run. */
    static void execute(Path dir, Experiments.Manifest m, int jobs, PrintWriter log, int maxRuns) throws IOException {
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
                    TrainSummary s = TrainingRun.ensure(runDir(dir, r), r.train(), List.of("thermosgd", "reproduce",
                            m.experiment(), "--index", Integer.toString(index)));
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
    record Series(String group, double[] epochs, double[] mean, double[] sd, int seeds) {
    }

    static Map<String, List<CsvTable>> finished(Path dir, Experiments.Manifest m, List<String> missing)
            throws IOException {
        Map<String, List<CsvTable>> byGroup = new LinkedHashMap<>();
        for (Experiments.Run r : m.runs()) {
            Path rd = runDir(dir, r);
            boolean ok = Files.exists(rd.resolve(RunDirectory.PROVENANCE))
                    && RunDirectory.open(rd).provenance().status() == RunStatus.COMPLETED;
            if (!ok) {
                missing.add(r.id());
                continue;
            }
            byGroup.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(CsvTable.read(rd.resolve("epochs.csv")));
        }
        return byGroup;
    }

    static Series series(String group, List<CsvTable> tables, String column) {
        int epochs = tables.stream().mapToInt(CsvTable::rowCount).min().orElse(0);
        double[] e = new double[epochs];
        double[] mean = new double[epochs];
        double[] sd = new double[epochs];
        for (int i = 0; i < epochs; i++) {
            e[i] = i + 1;
            double s = 0;
            for (CsvTable t : tables) {
                s += t.number(i, column);
            }
            mean[i] = s / tables.size();
            double ss = 0;
            for (CsvTable t : tables) {
                ss += Math.pow(t.number(i, column) - mean[i], 2);
            }
            sd[i] = tables.size() > 1 ? Math.sqrt(ss / (tables.size() - 1)) : 0;
        }
        return new Series(group, e, mean, sd, tables.size());
    }

    /** Figures and report from the finished runs; lists the unfinished ones. */
    static List<String> collect(Path dir, PrintWriter log) throws IOException {
        Experiments.Manifest m = readManifest(dir.resolve(MANIFEST));
        List<String> missing = new ArrayList<>();
        Map<String, List<CsvTable>> groups = finished(dir, m, missing);
        if (groups.isEmpty()) {
            throw new IllegalArgumentException(dir + ": no finished runs yet (" + missing.size() + " to go)");
        }
        Path fig = dir.resolve("figures");
        boolean fig1 = m.experiment().equals("fig1") || m.experiment().equals("fig2");
        List<String> figures = new ArrayList<>();
        figures.add(figure(fig, "training-loss", "Training loss", "nats/sample", groups, "train_loss", fig1, 0));
        if (fig1) {
            figures.add(figure(fig, "train-accuracy", "Train accuracy", "fraction", groups, "train_accuracy", true, 0));
            figures.add(figure(fig, "test-accuracy", "Test accuracy", "fraction", groups, "test_accuracy", true, 0));
        } else {
            int epochs = groups.values().iterator().next().get(0).rowCount();
            figures.add(figure(fig, "training-loss-zoom", "Training loss", "nats/sample", groups, "train_loss", false,
                    epochs / 2));
        }
        List<String[]> verdicts = fig1 ? Verdicts.equivalence(groups) : Verdicts.collapse(groups);
        writeReport(dir, m, groups, missing, figures, verdicts);
        for (String[] v : verdicts) {
            log.println(v[0] + ": " + v[3] + " (" + v[2] + ")");
        }
        log.println("report: " + dir.resolve("report.md") + (missing.isEmpty() ? ""
                : " (" + missing.size() + " runs unfinished: " + String.join(", ", missing) + ")"));
        log.flush();
        return missing;
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

    private static void writeReport(Path dir, Experiments.Manifest m, Map<String, List<CsvTable>> groups,
                                    List<String> missing, List<String> figures, List<String[]> verdicts)
            throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Reproduction of ").append(m.experiment()).append(" (").append(m.scale()).append(" scale)\n\n");
        md.append(m.description()).append(". Seeds: ").append(m.seeds()).append(". Runs: ")
                .append(m.runs().size() - missing.size()).append(" of ").append(m.runs().size()).append(" finished")
                .append(missing.isEmpty() ? "" : " (unfinished: " + String.join(", ", missing) + ")").append(".\n\n");
        md.append("Command: `thermosgd reproduce ").append(m.experiment()).append(" --scale ").append(m.scale())
                .append(" --seeds ").append(m.seeds()).append("`\n\n");
        md.append("## Numbers behind the figures\n\n");
        md.append("| group | seeds | final train loss (nats/sample) | final test accuracy | best test accuracy |\n");
        md.append("| --- | --- | --- | --- | --- |\n");
        for (Map.Entry<String, List<CsvTable>> g : groups.entrySet()) {
            Series loss = series(g.getKey(), g.getValue(), "train_loss");
            Series acc = series(g.getKey(), g.getValue(), "test_accuracy");
            int last = loss.mean().length - 1;
            double[] best = g.getValue().stream().mapToDouble(t -> {
                double b = 0;
                for (int i = 0; i < t.rowCount(); i++) {
                    b = Math.max(b, t.number(i, "test_accuracy"));
                }
                return b;
            }).toArray();
            double bm = java.util.Arrays.stream(best).average().orElse(Double.NaN);
            double bs = best.length > 1 ? Math.sqrt(java.util.Arrays.stream(best).map(v -> (v - bm) * (v - bm)).sum()
                    / (best.length - 1)) : 0;
            md.append(String.format("| %s | %d | %.4f +- %.4f | %.4f +- %.4f | %.4f +- %.4f |%n", g.getKey(),
                    loss.seeds(), loss.mean()[last], loss.sd()[last], acc.mean()[last], acc.sd()[last], bm, bs));
        }
        md.append("\n(+- is the standard deviation over seeds; 0 with one seed.)\n\n## Verdicts\n\n");
        md.append("| claim | statistic | value | verdict |\n| --- | --- | --- | --- |\n");
        for (String[] v : verdicts) {
            md.append("| ").append(String.join(" | ", ValidateCommand.cells(v))).append(" |\n");
        }
        md.append("\n## Figures\n\n");
        for (String f : figures) {
            md.append("![").append(f).append("](figures/").append(f).append(".png)\n\n");
        }
        AtomicFiles.writeString(dir.resolve("report.md"), md.toString());
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
                .append(m.experiment()).append("</title><style>body{font-family:sans-serif;max-width:60em;margin:2em"
                        + " auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em}"
                        + "img{max-width:100%}</style></head><body>");
        for (String line : md.toString().split("\n")) {
            if (line.startsWith("# ")) {
                html.append("<h1>").append(esc(line.substring(2))).append("</h1>");
            } else if (line.startsWith("## ")) {
                html.append("<h2>").append(esc(line.substring(3))).append("</h2>");
            } else if (line.startsWith("| ---")) {
                continue;
            } else if (line.startsWith("|")) {
                html.append("<table><tr>");
                for (String cell : line.substring(1, line.length() - 1).split("(?<!\\\\)\\|")) {
                    html.append("<td>").append(esc(cell.strip().replace("\\|", "|"))).append("</td>");
                }
                html.append("</tr></table>");
            } else if (line.startsWith("![")) {
                String name = line.substring(2, line.indexOf(']'));
                byte[] png = Files.readAllBytes(dir.resolve("figures").resolve(name + ".png"));
                html.append("<p><img alt=\"").append(esc(name)).append("\" src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(png)).append("\"></p>");
            } else if (!line.isBlank()) {
                html.append("<p>").append(esc(line)).append("</p>");
            }
        }
        html.append("</body></html>\n");
        AtomicFiles.writeString(dir.resolve("report.html"), html.toString());
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("`", "");
    }
}
