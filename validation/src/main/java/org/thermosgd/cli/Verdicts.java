package org.thermosgd.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.thermosgd.run.CsvTable;

/** Verdicts on the paper's claims, each computed from the runs with a stated statistic. */
final class Verdicts {
    private Verdicts() {
    }

    /**
     * Figure 1: protocols are equivalent on MNIST. Statistic: spread (max - min) of the groups' mean final test
     * accuracy, in percentage points; holds at <= 1 pp, fails above 1 pp when it also exceeds three times the largest
     * seed standard deviation (at least two seeds), inconclusive otherwise.
     */
    static List<String[]> equivalence(Map<String, List<CsvTable>> groups) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sd = 0;
        for (Map.Entry<String, List<CsvTable>> g : groups.entrySet()) {
            Reproduction.Series s = Reproduction.series(g.getKey(), g.getValue(), "test_accuracy");
            int last = s.mean().length - 1;
            min = Math.min(min, s.mean()[last]);
            max = Math.max(max, s.mean()[last]);
            sd = Math.max(sd, s.sd()[last]);
        }
        double spread = 100 * (max - min);
        int seeds = groups.values().stream().mapToInt(List::size).min().orElse(0);
        String verdict = max < 0.2 ? "inconclusive (no protocol trained beyond chance level: too few iterations)"
                : spread <= 1 ? "holds" : seeds < 2 ? "inconclusive (one seed: no seed spread to compare)"
                : spread > 3 * 100 * sd ? "fails" : "inconclusive";
        List<String[]> out = new ArrayList<>();
        out.add(new String[] {"all protocols reach equivalent test accuracy on MNIST at small lr",
                "spread of final test accuracy over protocols (pp); holds <= 1 pp",
                String.format("%.2f pp (largest seed s.d. %.2f pp)", spread, 100 * sd), verdict});
        return out;
    }

    /**
     * Figure 5: curves at equal temperature coincide while the counter-check does not. Statistic: mean absolute
     * difference of the training-loss curves of the equal-temperature pair, divided by that between the first of
     * the pair and the counter-check; holds below 0.5, fails above 1, inconclusive between.
     */
    static List<String[]> collapse(Map<String, List<CsvTable>> groups) {
        List<String> names = new ArrayList<>(groups.keySet());
        List<String[]> out = new ArrayList<>();
        if (names.size() < 3) {
            out.add(new String[] {"equal-temperature curves coincide; the counter-check differs", "collapse ratio",
                    "needs all three settings", "inconclusive"});
            return out;
        }
        Reproduction.Series a = Reproduction.series(names.get(0), groups.get(names.get(0)), "train_loss");
        Reproduction.Series b = Reproduction.series(names.get(1), groups.get(names.get(1)), "train_loss");
        Reproduction.Series c = Reproduction.series(names.get(2), groups.get(names.get(2)), "train_loss");
        double ab = meanAbsDiff(a.mean(), b.mean());
        double ac = meanAbsDiff(a.mean(), c.mean());
        double r = ab / ac;
        out.add(new String[] {"equal-temperature curves coincide; the counter-check differs",
                "mean |loss(" + names.get(0) + ") - loss(" + names.get(1) + ")| / mean |loss(" + names.get(0)
                        + ") - loss(" + names.get(2) + ")|; holds < 0.5, fails > 1",
                String.format("%.3f (%.4f / %.4f nats/sample)", r, ab, ac),
                r < 0.5 ? "holds" : r > 1 ? "fails" : "inconclusive"});
        return out;
    }

    private static double meanAbsDiff(double[] x, double[] y) {
        int n = Math.min(x.length, y.length);
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.abs(x[i] - y[i]);
        }
        return s / n;
    }
}
