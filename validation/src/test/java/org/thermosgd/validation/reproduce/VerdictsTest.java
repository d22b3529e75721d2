package org.thermosgd.validation.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.thermosgd.validation.reproduce.GroupStatistics.GroupStats;
import org.thermosgd.validation.reproduce.GroupStatistics.MeanSd;

class VerdictsTest {
    static GroupStats group(String name, double best, double sd, double overfit, int seeds) {
        MeanSd b = new MeanSd(best, sd, seeds);
        return new GroupStats(name, seeds, new MeanSd(0.5, 0, seeds), b, b,
                new MeanSd(best + overfit, sd, seeds), new MeanSd(overfit, sd, seeds),
                new MeanSd(1, 0, seeds));
    }

    @Test
    void spearmanOfMonotoneAndReversedRanksWithTies() {
        assertEquals(1.0, Verdicts.spearman(new double[] {1, 2, 3, 4}, new double[] {10, 20, 30, 40}), 1e-12);
        assertEquals(-1.0, Verdicts.spearman(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1}), 1e-12);
        // ranks with ties (1, 2.5, 2.5, 4) against (1, 2, 3, 4): rho = 4.5 / sqrt(4.5 * 5)
        assertEquals(4.5 / Math.sqrt(4.5 * 5), Verdicts.spearman(new double[] {1, 2, 2, 3},
                new double[] {1, 2, 3, 4}), 1e-12);
    }

    @Test
    void figureFourVerdictsFollowTheirThresholds() {
        // random 0.3 pp below the best cyclic; s.e. of the difference hypot(0.5, 0.5) / sqrt(3) = 0.41 pp
        List<GroupStats> close = List.of(group("constant", 0.70, 0.005, 0.20, 3),
                group("random", 0.747, 0.005, 0.15, 3), group("cyclic:6", 0.73, 0.005, 0.17, 3),
                group("cyclic:18", 0.75, 0.005, 0.14, 3), group("cyclic:30", 0.72, 0.005, 0.18, 3));
        assertEquals("holds", Verdicts.randomAsGoodAsBestCyclic(close).get(0).verdict());
        assertEquals("holds", Verdicts.constantWorst(close).get(0).verdict());
        assertEquals("holds", Verdicts.overfittingMirrorsAccuracy(close).get(0).verdict());
        List<GroupStats> worse = List.of(group("constant", 0.76, 0.002, 0.10, 3),
                group("random", 0.70, 0.002, 0.10, 3), group("cyclic:6", 0.75, 0.002, 0.30, 3));
        assertEquals("fails", Verdicts.randomAsGoodAsBestCyclic(worse).get(0).verdict());
        assertEquals("fails", Verdicts.constantWorst(worse).get(0).verdict());
        List<GroupStats> oneSeed = List.of(group("constant", 0.7, 0, 0.1, 1),
                group("random", 0.6, 0, 0.1, 1), group("cyclic:6", 0.8, 0, 0.1, 1));
        assertEquals("inconclusive (one seed: no standard error)",
                Verdicts.randomAsGoodAsBestCyclic(oneSeed).get(0).verdict());
        List<GroupStats> chance = List.of(group("constant", 0.1, 0.01, 0, 3),
                group("random", 0.11, 0.01, 0, 3), group("cyclic:6", 0.1, 0.01, 0, 3));
        assertEquals(true, Verdicts.constantWorst(chance).get(0).verdict()
                .startsWith("inconclusive (no protocol trained"));
    }

    @Test
    void equivalenceOnBestAccuracy() {
        List<GroupStats> same = List.of(group("constant", 0.975, 0.001, 0, 3),
                group("random", 0.978, 0.001, 0, 3));
        assertEquals("holds", Verdicts.equivalence(same, true, "").get(0).verdict());
        List<GroupStats> apart = List.of(group("constant", 0.95, 0.001, 0, 3),
                group("random", 0.98, 0.001, 0, 3));
        assertEquals("fails", Verdicts.equivalence(apart, true, " (Model 2)").get(0).verdict());
        assertEquals(true, Verdicts.equivalence(apart, true, " (Model 2)").get(0).claim().endsWith("(Model 2)"));
        GroupStats a = group("constant", 0.95, 0.001, 0, 3);
        GroupStats cut = group("cyclic:30", 0.98, 0.001, 0, 3);
        cut = new GroupStats(cut.group(), 3, cut.finalLoss(), cut.finalTest(), cut.bestTest(),
                cut.finalTrain(), cut.overfit(), new MeanSd(1.87, 0, 3));
        assertEquals(true, Verdicts.equivalence(List.of(a, cut), true,
                "").get(0).verdict().startsWith("inconclusive (the"
                + " protocols' mean learning rates over the run differ by up to 1.87x"));
    }
}
