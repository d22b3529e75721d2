package org.thermosgd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.thermosgd.run.AtomicFiles;
import org.thermosgd.run.Json;
import org.thermosgd.run.Provenance;
import org.thermosgd.run.RunDirectory;
import org.thermosgd.run.RunStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import org.thermosgd.validation.run.RunSupport;
import org.thermosgd.validation.reproduce.Experiments;
import org.thermosgd.validation.reproduce.Reproduction;
import org.thermosgd.validation.reproduce.Verdicts;
import org.thermosgd.validation.experiments.EqualTemperatureValidation;
import org.thermosgd.validation.experiments.IsotropyValidation;
import org.thermosgd.validation.experiments.NetworkTemperatureValidation;
import org.thermosgd.validation.experiments.QuadraticValidation;
import org.thermosgd.validation.experiments.SdeVsSgdValidation;

/** {@code thermosgd validate NAME}: theory against measurement, with a verdict per claim. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Put predictions next to measurements, with verdicts.")
final class ValidateCommand implements Callable<Integer> {
    static final List<String> NAMES = List.of("quadratic", "sde-vs-sgd", "network-temperature", "isotropy",
            "equal-temperature");
    static final List<String> NOT_YET = List.of();
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME",
            description = "quadratic, sde-vs-sgd, network-temperature, isotropy or equal-temperature")
    String name;

    @Option(names = "--scale", defaultValue = "quick", description = "quick or paper (default ${DEFAULT-VALUE}).")
    String scale;

    @Option(names = "--threads", defaultValue = "2", description = "Threads for simulations (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default validations/<UTC time>-NAME).")
    Path out;

    @Option(names = "--seeds", defaultValue = "1", description = "Seeds per setting, equal-temperature (default 1).")
    int seeds;

    @Option(names = "--jobs", defaultValue = "2", description = "Training runs side by side (default 2).")
    int jobs;

    /** For tests: shrink the training runs to seconds. */
    @Option(names = "--test-shrink", hidden = true)
    boolean testShrink;

    @Override
    public Integer call() throws IOException {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException(NOT_YET.contains(name) ? "validate " + name + " is not implemented in"
                    + " this build yet; available: " + String.join(", ", NAMES)
                    : "unknown experiment '" + name + "', expected one of " + String.join(", ", NAMES));
        }
        if (!scale.equals("quick") && !scale.equals("paper")) {
            throw new IllegalArgumentException("--scale '" + scale + "' must be quick or paper");
        }
        Path root = Path.of("validations");
        Path dir = out != null ? out : root.resolve(STAMP.format(Instant.now()) + "-" + name);
        boolean resumed = Files.exists(dir.resolve(RunDirectory.PROVENANCE));
        RunDirectory run = resumed ? RunDirectory.open(dir) : RunDirectory.create(root, name, dir);
        if (!resumed) {
            run.writeConfig(Map.of("experiment", name, "scale", scale, "threads", threads, "setting",
                name.equals("quadratic") ? "H = diag(1, 4), per-sample gradient covariance I, Gaussian noise;"
                        + " E[x_1^2] compared" : name.equals("isotropy") ? "Model 1 (fig1 settings) and Model 2"
                        + " (fig2 settings) on MNIST; diffusion analysis of per-sample gradients at epochs 1, 2, 4,"
                        + " ... (see isotropy.csv)" : name.equals("sde-vs-sgd") ? "paper-form SGD, momentum 0.5,"
                        + " constant factor, Gaussian gradient noise of variance 1, quadratic h = 1 and double well"
                        + " (barrier 0.05, minima +-1); see moments.csv" : name.equals("network-temperature")
                        ? "Model 1 on MNIST: plateau with fig1 settings (torch form), then held runs; see"
                        + " temperatures.csv" : "Model 1 on MNIST, momentum 0; see manifest.json"));
        }
        List<String> argv = new ArrayList<>(List.of("thermosgd", "validate"));
        argv.addAll(spec.commandLine().getParseResult().originalArgs());
        run.start(Provenance.start(RunSupport.sourceDir(), threads, 1L, argv));
        PrintWriter w = spec.commandLine().getOut();
        try {
            List<String[]> verdicts;
            if (name.equals("quadratic")) {
                List<QuadraticValidation.Cell> cells = QuadraticValidation.run(scale.equals("quick"), threads);
                QuadraticValidation.table(cells).writeAtomically(run.resolve("cells.csv"));
                QuadraticValidation.figures(cells, run.figures());
                verdicts = QuadraticValidation.verdicts(cells);
            } else if (name.equals("network-temperature")) {
                List<NetworkTemperatureValidation.Point> pts = NetworkTemperatureValidation.run(
                        scale.equals("quick"), testShrink, run.path(), w);
                NetworkTemperatureValidation.table(pts).writeAtomically(run.resolve("temperatures.csv"));
                NetworkTemperatureValidation.figure(pts, run.figures());
                verdicts = NetworkTemperatureValidation.verdicts(pts);
            } else if (name.equals("sde-vs-sgd")) {
                List<SdeVsSgdValidation.Row> rows = SdeVsSgdValidation.run(scale.equals("quick"), testShrink);
                SdeVsSgdValidation.table(rows).writeAtomically(run.resolve("moments.csv"));
                verdicts = SdeVsSgdValidation.verdicts(rows, run.figures());
            } else if (name.equals("equal-temperature")) {
                Experiments.Manifest m = EqualTemperatureValidation.manifest(scale.equals("quick"), testShrink,
                        seeds);
                Reproduction.writeManifest(run.path(), m);
                Reproduction.execute(run.path(), m, jobs, w, 0);
                verdicts = EqualTemperatureValidation.analyse(run.path(), m);
            } else {
                List<IsotropyValidation.Point> points = IsotropyValidation.run(scale.equals("quick"), testShrink,
                        run.path(), w);
                IsotropyValidation.table(points).writeAtomically(run.resolve("isotropy.csv"));
                IsotropyValidation.figures(points, run.figures());
                verdicts = IsotropyValidation.verdicts(points);
            }
            Json.writeAtomically(run.resolve("verdicts.json"), verdicts);
            String command = "thermosgd validate " + name + " --scale " + scale;
            StringBuilder md = new StringBuilder("# validate " + name + " (" + scale + ")\n\nCommand: `" + command
                    + "`\n\n| claim | statistic | value | verdict |\n| --- | --- | --- | --- |\n");
            for (String[] v : verdicts) {
                md.append("| ").append(String.join(" | ", Verdicts.cells(v))).append(" |\n");
                w.println(v[0] + ": " + v[3] + " (" + v[1] + " = " + v[2] + ")");
            }
            md.append(name.equals("quadratic")
                    ? "\nData: cells.csv (one row per form, factor law, lr, momentum, batch). Figures: figures/.\n"
                    : "\nData: isotropy.csv (one row per model and epoch); training runs under runs/. Figures:"
                    + " figures/.\n");
            AtomicFiles.writeString(run.resolve("report.md"), md.toString());
            summary(root.equals(dir.getParent()) ? root : dir.getParent());
            run.finish(RunStatus.COMPLETED, null);
            w.println("run directory: " + run.path());
            w.flush();
            return 0;
        } catch (RuntimeException | IOException e) {
            run.finish(RunStatus.FAILED, RunSupport.oneLine(e));
            throw e;
        }
    }

    /** report.md + report.html over every validation folder beside this one: each claim and its latest verdict. */
    static void summary(Path root) throws IOException {
        if (root == null || !Files.isDirectory(root)) {
            return;
        }
        StringBuilder md = new StringBuilder("# thermosgd validation summary\n\n| experiment | claim | statistic | value"
                + " | verdict |\n| --- | --- | --- | --- | --- |\n");
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(p -> Files.exists(p.resolve("verdicts.json"))).sorted().toList();
        }
        for (Path d : dirs) {
            String[][] v = Json.read(d.resolve("verdicts.json"), String[][].class);
            for (String[] row : v) {
                md.append("| ").append(d.getFileName()).append(" | ").append(String.join(" | ", Verdicts.cells(row)))
                        .append(" |\n");
            }
        }
        AtomicFiles.writeString(root.resolve("report.md"), md.toString());
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>thermosgd"
                + " validation</title></head><body><h1>thermosgd validation summary</h1><table border=\"1\">");
        for (String line : md.toString().split("\n")) {
            if (line.startsWith("|") && !line.startsWith("| ---")) {
                html.append("<tr>");
                for (String cell : line.substring(1, line.length() - 1).split("(?<!\\\\)\\|")) {
                    html.append("<td>").append(cell.strip().replace("\\|", "|").replace("&", "&amp;")
                            .replace("<", "&lt;")).append("</td>");
                }
                html.append("</tr>");
            }
        }
        AtomicFiles.writeString(root.resolve("report.html"), html.append("</table></body></html>\n").toString());
    }
}
