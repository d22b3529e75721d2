package org.thermosgd.validation.experiments;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.thermosgd.run.CsvTable;
import org.thermosgd.validation.report.Verdict;
import org.thermosgd.validation.reproduce.Presets;
import org.thermosgd.validation.reproduce.Scale;

/**
 * A validation experiment: theory next to measurement, ending in verdicts. {@link ValidationRun} drives every one the
 * same way: {@link #run} (simulations or training runs, written under the run directory as it goes), then
 * {@link #tables}, {@link #figures} and {@link #verdicts} from its result. Looked up by name in {@link Validations}.
 *
 * @param <R> the experiment's measured result
 */
public interface Validation<R> {
    /** The command-line name, e.g. {@code quadratic}. */
    String name();

    /** What is compared, for config.json (models, settings, which file holds the numbers). */
    String setting();

    /** The report's note on where the data and figures are. */
    String data();

    R run(Context context) throws IOException;

    /** The result tables by file name (CSV with units in the header), written into the run directory. */
    Map<String, CsvTable> tables(R result);

    void figures(R result, Path dir) throws IOException;

    List<Verdict> verdicts(R result);

    /**
     * Where and how an experiment runs.
     *
     * @param dir     its run directory (training runs go under {@code dir/runs})
     * @param scale   paper, quick (fewer epochs, settings, steps) or test (seconds, the test suite only); the sizes
     *                are in {@link Presets}
     * @param threads threads for simulations
     * @param seeds   seeds per setting (where the experiment repeats settings)
     * @param jobs    training runs side by side
     * @param log     one line per finished piece of work
     */
    record Context(Path dir, Scale scale, int threads, int seeds, int jobs, PrintWriter log) {
    }
}
