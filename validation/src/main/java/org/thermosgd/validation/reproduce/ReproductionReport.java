package org.thermosgd.validation.reproduce;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.thermosgd.figures.FigureSpec;
import org.thermosgd.figures.Figures;
import org.thermosgd.figures.PanelFigure;
import org.thermosgd.run.AtomicFiles;
import org.thermosgd.run.CsvTable;
import org.thermosgd.run.FolderLock;
import org.thermosgd.run.Json;
import org.thermosgd.validation.report.Report;
import org.thermosgd.validation.report.Verdict;
import org.thermosgd.validation.reproduce.GroupStatistics.GroupStats;
import org.thermosgd.validation.reproduce.GroupStatistics.MeanSd;
import org.thermosgd.validation.reproduce.GroupStatistics.Series;

/**
 * Figures, verdicts.json and report.md / report.html of a reproduction folder, built from its finished runs' CSVs;
 * lists the runs not finished yet.
 */
public final class ReproductionReport {
    private ReproductionReport() {
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
        Experiments.Manifest m = Manifests.read(dir.resolve(Manifests.MANIFEST));
        List<String> missing = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Map<String, Map<String, List<CsvTable>>> panels = RunStatuses.finished(dir, m, missing, done);
        if (panels.isEmpty()) {
            throw new IllegalArgumentException(dir + ": no finished runs yet (" + missing.size() + " to go)");
        }
        Map<String, Map<String, List<Double>>> factors = GroupStatistics.meanFactors(dir, m, done);
        Path fig = dir.resolve("figures");
        List<String> figures = new ArrayList<>();
        List<Verdict> verdicts = new ArrayList<>();
        for (Map.Entry<String, Map<String, List<CsvTable>>> p : panels.entrySet()) {
            String prefix = p.getKey().isEmpty() ? "" : p.getKey().toLowerCase(Locale.ROOT)
                    .replace(" ", "") + "-";
            String claimSuffix = p.getKey().isEmpty() ? "" : " (" + p.getKey() + ")";
            Map<String, List<CsvTable>> groups = p.getValue();
            List<GroupStats> stats = GroupStatistics.stats(groups, factors.get(p.getKey()));
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
                default -> throw new IllegalArgumentException(dir.resolve(Manifests.MANIFEST) + ": unknown experiment '"
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
            Series s = GroupStatistics.series(g.getKey(), g.getValue(), column);
            int from = Math.min(fromEpoch, Math.max(0, s.epochs().length - 1));
            double[] x = Arrays.copyOfRange(s.epochs(), from, s.epochs().length);
            double[] y = Arrays.copyOfRange(s.mean(), from, s.mean().length);
            double[] err = s.seeds() > 1 ? Arrays.copyOfRange(s.sd(), from, s.sd().length) : null;
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
            for (GroupStats g : GroupStatistics.stats(p.getValue(), factors.get(p.getKey()))) {
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
