package org.thermosgd.validation.reproduce;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.thermosgd.run.CsvTable;
import org.thermosgd.training.train.RunFiles;

/**
 * Statistics over the seeds of a group (protocol) of finished runs: per-epoch series, mean and standard deviation,
 * end-of-run numbers, and each run's mean step factor s.
 */
public final class GroupStatistics {
    private GroupStatistics() {
    }

    /** Per-group epoch series: mean and standard deviation over seeds of a metric. */
    public record Series(String group, double[] epochs, double[] mean, double[] sd, int seeds) {
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
            double m = Arrays.stream(v).average().orElse(Double.NaN);
            double ss = Arrays.stream(v).map(x -> (x - m) * (x - m)).sum();
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
            MeanSd finalTrain, MeanSd overfit, MeanSd meanFactor) {
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
            Path it = Manifests.runDir(dir, r).resolve(RunFiles.ITERATIONS);
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
}
