package org.thermosgd.training.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.thermosgd.run.CsvTable;

/**
 * One finished epoch, a row of epochs.csv: loss [nats/sample] and accuracy [fraction] over the whole train and test
 * splits, the parameters' L2 norm, the seconds spent training ({@code trainSeconds}, without the evaluation) and
 * in all ({@code wallSeconds}) [s], training throughput [samples/s], and the process's resident and peak resident
 * memory [MB] (NaN where unknown).
 *
 * @param epoch epochs done, this one included (from 1)
 * @param iteration iterations done at its end
 */
public record EpochRow(int epoch, long iteration, double trainLoss, double trainAccuracy, double testLoss,
        double testAccuracy, double paramNorm, double trainSeconds, double samplesPerSecond, double wallSeconds,
        double rssMb, double peakRssMb) {

    /** epochs.csv of {@code rows} (columns {@code name[unit]}). */
    public static CsvTable table(List<EpochRow> rows) {
        CsvTable t = CsvTable.of(CsvTable.Column.of("epoch", "1"), CsvTable.Column.of("iteration", "1"),
                CsvTable.Column.of("train_loss", "nats/sample"), CsvTable.Column.of("train_accuracy", "fraction"),
                CsvTable.Column.of("test_loss", "nats/sample"), CsvTable.Column.of("test_accuracy", "fraction"),
                CsvTable.Column.of("param_norm", "L2"), CsvTable.Column.of("train_seconds", "s"),
                CsvTable.Column.of("samples_per_second", "1/s"), CsvTable.Column.of("wall_seconds", "s"),
                CsvTable.Column.of("rss_mb", "MB"), CsvTable.Column.of("peak_rss_mb", "MB"));
        for (EpochRow r : rows) {
            t.add(r.epoch, r.iteration, r.trainLoss, r.trainAccuracy, r.testLoss, r.testAccuracy, r.paramNorm,
                    r.trainSeconds, r.samplesPerSecond, r.wallSeconds, r.rssMb, r.peakRssMb);
        }
        return t;
    }

    /** The rows of epochs 1..{@code upToEpoch} of an epochs.csv (memory NaN where a file has no such column). */
    public static List<EpochRow> read(CsvTable t, int upToEpoch) {
        boolean memory = t.columns().stream().anyMatch(c -> c.name().equals("peak_rss_mb"));
        List<EpochRow> out = new ArrayList<>();
        for (int r = 0; r < t.rowCount(); r++) {
            if (t.number(r, "epoch") > upToEpoch) {
                continue;
            }
            out.add(new EpochRow((int) t.number(r, "epoch"), (long) t.number(r, "iteration"),
                    t.number(r, "train_loss"), t.number(r, "train_accuracy"), t.number(r, "test_loss"),
                    t.number(r, "test_accuracy"), t.number(r, "param_norm"), t.number(r, "train_seconds"),
                    t.number(r, "samples_per_second"), t.number(r, "wall_seconds"),
                    memory ? t.number(r, "rss_mb") : Double.NaN, memory ? t.number(r, "peak_rss_mb") : Double.NaN));
        }
        return out;
    }

    /** The row as a checkpoint header stores it (keys as epochs.csv's columns). */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", epoch);
        m.put("iteration", iteration);
        m.put("train_loss", trainLoss);
        m.put("train_accuracy", trainAccuracy);
        m.put("test_loss", testLoss);
        m.put("test_accuracy", testAccuracy);
        m.put("param_norm", paramNorm);
        m.put("train_seconds", trainSeconds);
        m.put("samples_per_second", samplesPerSecond);
        m.put("wall_seconds", wallSeconds);
        m.put("rss_mb", rssMb);
        m.put("peak_rss_mb", peakRssMb);
        return m;
    }

    /**
     * A row of a checkpoint header ({@link #toJson}); memory NaN where absent (checkpoints written before it was
     * recorded); any other missing or mistyped value is an IllegalArgumentException.
     */
    static EpochRow fromJson(Map<?, ?> m) {
        return new EpochRow((int) JsonNumbers.integer(m, "epoch"), JsonNumbers.integer(m, "iteration"),
                JsonNumbers.real(m, "train_loss"), JsonNumbers.real(m, "train_accuracy"),
                JsonNumbers.real(m, "test_loss"), JsonNumbers.real(m, "test_accuracy"),
                JsonNumbers.real(m, "param_norm"), JsonNumbers.real(m, "train_seconds"),
                JsonNumbers.real(m, "samples_per_second"), JsonNumbers.real(m, "wall_seconds"),
                m.containsKey("rss_mb") ? JsonNumbers.real(m, "rss_mb") : Double.NaN,
                m.containsKey("peak_rss_mb") ? JsonNumbers.real(m, "peak_rss_mb") : Double.NaN);
    }
}
