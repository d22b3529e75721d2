package org.thermosgd.validation.experiments;

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
import java.util.stream.Stream;
import org.thermosgd.run.CsvTable;
import org.thermosgd.run.FolderLock;
import org.thermosgd.run.Json;
import org.thermosgd.run.Provenance;
import org.thermosgd.run.RunDirectory;
import org.thermosgd.validation.report.Report;
import org.thermosgd.validation.report.Verdict;
import org.thermosgd.validation.reproduce.Scale;
import org.thermosgd.validation.run.RunSupport;

/**
 * {@code thermosgd validate NAME}: one validation experiment in its run directory (validations/<UTC time>-NAME, or a
 * given folder, resumed when it already holds one): config, provenance, the experiment's tables and figures,
 * verdicts.json, report.md / report.html; then the summary report over every validation folder beside it.
 */
public final class ValidationRun {
    public static final String VERDICTS = Verdict.FILE;
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private ValidationRun() {
    }

    /**
     * Runs experiment {@code name} at {@code scale} (quick or paper); returns its run directory.
     *
     * @param test shrink everything to seconds (for the test suite only)
     */
    public static Path execute(String name, String scale, int threads, int seeds, int jobs, boolean test, Path out,
                               List<String> argv, PrintWriter log) throws IOException {
        Validation<?> v = Validations.named(name);
        if (threads < 1 || jobs < 1 || seeds < 1) {
            throw new IllegalArgumentException("--threads " + threads + ", --jobs " + jobs + " and --seeds " + seeds
                    + " must each be >= 1");
        }
        Scale.parse(scale);
        if (out != null && out.toString().isBlank()) {
            throw new IllegalArgumentException("--out is empty: give the folder to write the validation into");
        }
        Path root = Path.of("validations");
        Path dir = out != null ? out : root.resolve(STAMP.format(Instant.now()) + "-" + name);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is a file, not a folder; choose another --out");
        }
        try (FolderLock lock = FolderLock.acquire(dir)) {
            return executeLocked(v, dir, root, scale, threads, seeds, jobs, test, argv, log);
        }
    }

    private static Path executeLocked(Validation<?> v, Path dir, Path root, String scale, int threads, int seeds,
                                      int jobs, boolean test, List<String> argv, PrintWriter log) throws IOException {
        String name = v.name();
        boolean resumed = Files.exists(dir.resolve(RunDirectory.PROVENANCE));
        RunDirectory run = resumed ? RunDirectory.open(dir) : RunDirectory.create(root, name, dir);
        if (!resumed) {
            run.writeConfig(Map.of("experiment", name, "scale", scale, "threads", threads, "setting", v.setting()));
        }
        Validation.Context context = new Validation.Context(run.path(), test ? Scale.TEST : Scale.parse(scale),
                threads, seeds, jobs, log);
        List<Verdict> verdicts = run.execute(Provenance.start(RunSupport.sourceDir(), threads, 1L, argv),
                () -> perform(v, context, run, "thermosgd validate " + name + " --scale " + scale));
        for (Verdict verdict : verdicts) {
            log.println(verdict.claim() + ": " + verdict.verdict() + " (" + verdict.statistic() + " = "
                    + verdict.value() + ")");
        }
        summary(root.equals(dir.getParent()) ? root : dir.getParent());
        log.println("run directory: " + run.path());
        log.flush();
        return run.path();
    }

    private static <R> List<Verdict> perform(Validation<R> v, Validation.Context context, RunDirectory run,
                                             String command) throws IOException {
        R result = v.run(context);
        for (Map.Entry<String, CsvTable> t : v.tables(result).entrySet()) {
            t.getValue().writeAtomically(run.resolve(t.getKey()));
        }
        v.figures(result, run.figures());
        List<Verdict> verdicts = v.verdicts(result);
        Json.writeAtomically(run.resolve(VERDICTS), verdicts);
        new Report("validate " + v.name() + " (" + context.scale().recorded() + ")")
                .paragraph("Command: `" + command + "`").verdicts(verdicts).paragraph(v.data()).write(run.path());
        return verdicts;
    }

    /** report.md + report.html over every validation folder in {@code root}: each claim and its latest verdict. */
    public static void summary(Path root) throws IOException {
        if (root == null || !Files.isDirectory(root)) {
            return;
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(p -> Files.exists(p.resolve(VERDICTS))).sorted().toList();
        }
        List<List<String>> rows = new ArrayList<>();
        for (Path d : dirs) {
            for (Verdict v : Json.read(d.resolve(VERDICTS), Verdict[].class)) {
                rows.add(List.of(d.getFileName().toString(), v.claim(), v.statistic(), v.value(), v.verdict()));
            }
        }
        new Report("thermosgd validation summary").table(List.of("experiment", "claim", "statistic", "value",
                "verdict"), rows).write(root);
    }
}
