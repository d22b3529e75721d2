package org.thermosgd.validation.reproduce;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.thermosgd.run.CsvTable;
import org.thermosgd.validation.report.Verdict;
import org.thermosgd.validation.reproduce.GroupStatistics.GroupStats;
import org.thermosgd.validation.reproduce.GroupStatistics.MeanSd;
import org.thermosgd.validation.reproduce.GroupStatistics.Series;

/**
 * Verdicts on the paper's claims, each computed from the runs with a stated statistic. Accuracies are fractions;
 * differences are reported in percentage points (pp); s.d. is over seeds, s.e. the standard error of a mean.
 */
public final class Verdicts {
    /** Below this best accuracy a 10-class network has not trained beyond chance, and no claim can be judged. */
    public static final double CHANCE_GUARD = 0.2;
    private static final String CHANCE = "inconclusive (no protocol trained beyond chance level: too few iterations)";

    private Verdicts() {
    }

    /** The verdict of a claim whose runs are not all finished. */
    public static String unfinished(int unfinished, int total) {
        return Verdict.INCONCLUSIVE + ": " + unfinished + " of " + total + " runs unfinished";
    }

    /**
     * {@code claims} as they are when all {@code total} runs they compare are finished; otherwise each inconclusive
     * ({@link #unfinished}), its value marked as computed from the finished runs only.
     */
    public static List<Verdict> unlessFinished(List<Verdict> claims, int unfinished, int total) {
        if (unfinished == 0) {
            return claims;
        }
        List<Verdict> out = new ArrayList<>();
        for (Verdict v : claims) {
            out.add(new Verdict(v.claim(), v.statistic(), v.value() + " (from " + (total - unfinished) + " of "
                    + total + " runs only)", unfinished(unfinished, total)));
        }
        return out;
    }

    /**
     * Figures 1-3: protocols are equivalent on MNIST. Statistic: spread (max - min) of the groups' mean final (or
     * best) test accuracy, in percentage points; holds at <= 1 pp, fails above 1 pp when it also exceeds three times
     * the largest seed standard deviation (at least two seeds), inconclusive otherwise - and inconclusive when the
     * protocols' mean step factors over the run differ by more than 10% (the comparison is at equal mean rate).
     */
    public static List<Verdict> equivalence(List<GroupStats> groups, boolean best, String suffix) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sd = 0;
        int seeds = Integer.MAX_VALUE;
        for (GroupStats g : groups) {
            MeanSd v = best ? g.bestTest() : g.finalTest();
            min = Math.min(min, v.mean());
            max = Math.max(max, v.mean());
            sd = Math.max(sd, v.sd());
            seeds = Math.min(seeds, g.seeds());
        }
        double spread = 100 * (max - min);
        double fMin = Double.POSITIVE_INFINITY;
        double fMax = 0;
        for (GroupStats g : groups) {
            if (g.meanFactor() != null) {
                fMin = Math.min(fMin, g.meanFactor().mean());
                fMax = Math.max(fMax, g.meanFactor().mean());
            }
        }
        String verdict = max < CHANCE_GUARD ? CHANCE : fMax > 1.1 * fMin ? String.format("inconclusive (the"
                + " protocols' mean learning rates over the run differ by up to %.2fx: cyclic periods are cut short;"
                + " compare over whole periods, --scale paper)", fMax / fMin) : spread <= 1 ? "holds"
                : seeds < 2 ? "inconclusive (one seed: no seed spread to compare)"
                : spread > 3 * 100 * sd ? "fails" : "inconclusive";
        String which = best ? "best" : "final";
        List<Verdict> out = new ArrayList<>();
        out.add(new Verdict("all protocols reach equivalent " + which + " test accuracy on MNIST at small lr"
                + suffix, "spread of mean " + which + " test accuracy over protocols (pp); holds <= 1 pp",
                String.format("%.2f pp (largest seed s.d. %.2f pp)", spread, 100 * sd), verdict));
        return out;
    }

    /**
     * Figure 4: the random protocol is as good as the best cyclic one. Statistic: d = mean best test accuracy of
     * random minus the largest mean among the cyclic protocols, against its standard error; holds when d >= -2 s.e.,
     * fails when d < -2 s.e. (both need at least two seeds), inconclusive with one seed.
     */
    public static List<Verdict> randomAsGoodAsBestCyclic(List<GroupStats> groups) {
        String claim = "random is as good as the best cyclic protocol (best test accuracy)";
        GroupStats random = find(groups, "random");
        GroupStats bestCyclic = null;
        for (GroupStats g : groups) {
            if (g.group().startsWith("cyclic") && (bestCyclic == null
                    || g.bestTest().mean() > bestCyclic.bestTest().mean())) {
                bestCyclic = g;
            }
        }
        if (random == null || bestCyclic == null) {
            return List.of(new Verdict(claim, "random minus best cyclic", "needs random and a cyclic"
                    + " protocol", "inconclusive"));
        }
        double d = random.bestTest().mean() - bestCyclic.bestTest().mean();
        double se = Math.hypot(random.bestTest().se(), bestCyclic.bestTest().se());
        String verdict = maxBest(groups) < CHANCE_GUARD ? CHANCE
                : Math.min(random.seeds(), bestCyclic.seeds()) < 2 ? "inconclusive (one seed: no standard error)"
                : d >= -2 * se ? "holds" : "fails";
        return List.of(new Verdict(claim, "d = mean best(random) - mean best(" + bestCyclic.group()
                + "); holds d >= -2 s.e.", String.format("%+.2f pp (s.e. %.2f pp)", 100 * d, 100 * se), verdict));
    }

    /**
     * Figure 4: the constant protocol is the worst. Statistic: the smallest gap between another protocol's mean best
     * test accuracy and constant's; holds when every gap exceeds 2 s.e., fails when some protocol is below constant
     * by more than 2 s.e., inconclusive otherwise (and with one seed).
     */
    public static List<Verdict> constantWorst(List<GroupStats> groups) {
        String claim = "the constant protocol is the worst (best test accuracy)";
        GroupStats c = find(groups, "constant");
        if (c == null || groups.size() < 2) {
            return List.of(new Verdict(claim, "gap to constant", "needs constant and another protocol",
                    "inconclusive"));
        }
        double minGap = Double.POSITIVE_INFINITY;
        double minGapSe = 0;
        String closest = "";
        boolean allAbove = true;
        boolean someBelow = false;
        for (GroupStats g : groups) {
            if (g == c) {
                continue;
            }
            double gap = g.bestTest().mean() - c.bestTest().mean();
            double se = Math.hypot(g.bestTest().se(), c.bestTest().se());
            allAbove &= gap > 2 * se;
            someBelow |= gap < -2 * se;
            if (gap < minGap) {
                minGap = gap;
                minGapSe = se;
                closest = g.group();
            }
        }
        int seeds = groups.stream().mapToInt(GroupStats::seeds).min().orElse(0);
        String verdict = maxBest(groups) < CHANCE_GUARD ? CHANCE : seeds < 2 ? "inconclusive (one seed: no standard"
                + " error)" : allAbove ? "holds" : someBelow ? "fails" : "inconclusive";
        return List.of(new Verdict(claim, "smallest gap mean best(other) - mean best(constant); holds"
                + " when every gap > 2 s.e.", String.format("%+.2f pp (%s; s.e. %.2f pp, %d seeds)", 100 * minGap,
                closest, 100 * minGapSe, seeds), verdict));
    }

    /**
     * Figure 4: overfitting mirrors test accuracy (the protocols differ by regularisation). Statistic: Spearman rank
     * correlation over protocols between mean overfitting (final train - test accuracy) and mean final test
     * accuracy; holds at rho <= -0.7, fails at rho >= 0, inconclusive between.
     */
    public static List<Verdict> overfittingMirrorsAccuracy(List<GroupStats> groups) {
        String claim = "overfitting mirrors test accuracy across protocols";
        if (groups.size() < 3) {
            return List.of(new Verdict(claim, "Spearman rho", "needs at least 3 protocols",
                    "inconclusive"));
        }
        double[] over = groups.stream().mapToDouble(g -> g.overfit().mean()).toArray();
        double[] acc = groups.stream().mapToDouble(g -> g.finalTest().mean()).toArray();
        double rho = spearman(over, acc);
        double sd = groups.stream().mapToDouble(g -> g.overfit().sd()).max().orElse(0);
        String verdict = maxBest(groups) < CHANCE_GUARD ? CHANCE : rho <= -0.7 ? "holds" : rho >= 0 ? "fails"
                : "inconclusive";
        return List.of(new Verdict(claim, "Spearman rho(train - test accuracy, final test accuracy) over "
                + groups.size() + " protocols; holds <= -0.7", String.format("%.2f (largest seed s.d. of train - test"
                + " accuracy %.2f pp)", rho, 100 * sd), verdict));
    }

    /** Spearman rank correlation (average ranks for ties). */
    public static double spearman(double[] x, double[] y) {
        double[] rx = ranks(x);
        double[] ry = ranks(y);
        double mx = java.util.Arrays.stream(rx).average().orElse(0);
        double my = java.util.Arrays.stream(ry).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
    }

    private static double[] ranks(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            int less = 0;
            int equal = 0;
            for (double w : v) {
                less += w < v[i] ? 1 : 0;
                equal += w == v[i] ? 1 : 0;
            }
            r[i] = less + (equal + 1) / 2.0;
        }
        return r;
    }

    private static GroupStats find(List<GroupStats> groups, String name) {
        return groups.stream().filter(g -> g.group().equals(name)).findFirst().orElse(null);
    }

    private static double maxBest(List<GroupStats> groups) {
        return groups.stream().mapToDouble(g -> g.bestTest().mean()).max().orElse(0);
    }

    /**
     * Figures 5 and 6: curves at equal temperature coincide while the counter-check does not. Statistic: mean
     * absolute difference of the training-loss curves of the equal-temperature pair, divided by that between the
     * first of the pair and the counter-check; holds below 0.5, fails above 1, inconclusive between, and
     * inconclusive whenever no run trained beyond chance (best test accuracy below 0.2).
     */
    public static List<Verdict> collapse(Map<String, List<CsvTable>> groups, String suffix) {
        List<String> names = new ArrayList<>(groups.keySet());
        List<Verdict> out = new ArrayList<>();
        String claim = "equal-temperature curves coincide; the counter-check differs" + suffix;
        if (names.size() < 3) {
            out.add(new Verdict(claim, "collapse ratio", "needs all three settings", "inconclusive"));
            return out;
        }
        Series a = GroupStatistics.series(names.get(0), groups.get(names.get(0)), "train_loss");
        Series b = GroupStatistics.series(names.get(1), groups.get(names.get(1)), "train_loss");
        Series c = GroupStatistics.series(names.get(2), groups.get(names.get(2)), "train_loss");
        double ab = distance(a, b);
        double ac = distance(a, c);
        double r = ab / ac;
        double best = 0;
        for (List<CsvTable> tables : groups.values()) {
            for (CsvTable t : tables) {
                for (int i = 0; i < t.rowCount(); i++) {
                    best = Math.max(best, t.number(i, "test_accuracy"));
                }
            }
        }
        out.add(new Verdict(claim,
                "mean |loss(" + names.get(0) + ") - loss(" + names.get(1) + ")| / mean |loss(" + names.get(0)
                        + ") - loss(" + names.get(2) + ")|; holds < 0.5, fails > 1",
                String.format("%.3f (%.4f / %.4f nats/sample)", r, ab, ac),
                best < CHANCE_GUARD ? "inconclusive (no setting trained beyond chance level: the curves coincide"
                        + " trivially)" : collapseVerdict(r)));
        return out;
    }

    /** d(a, b): mean over common epochs of |mean curve a - mean curve b| (units of the curves). */
    public static double distance(Series a, Series b) {
        int n = Math.min(a.mean().length, b.mean().length);
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.abs(a.mean()[i] - b.mean()[i]);
        }
        return s / n;
    }

    /** The collapse verdict on d(pair) / d(first of pair, counter-check): holds below 0.5, fails above 1. */
    public static String collapseVerdict(double ratio) {
        return ratio < 0.5 ? Verdict.HOLDS : ratio > 1 ? Verdict.FAILS : Verdict.INCONCLUSIVE;
    }
}
