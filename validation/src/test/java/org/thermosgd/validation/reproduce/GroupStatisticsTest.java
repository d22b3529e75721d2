package org.thermosgd.validation.reproduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermosgd.run.CsvTable;
import org.thermosgd.training.data.DataHome;
import org.thermosgd.validation.reproduce.GroupStatistics.GroupStats;
import org.thermosgd.validation.reproduce.GroupStatistics.MeanSd;
import org.thermosgd.validation.reproduce.GroupStatistics.Series;

/** Statistics over seeds on hand-made epoch tables whose answers are worked out by hand. */
class GroupStatisticsTest {
    private static final double EPS = 1e-12;

    @TempDir
    Path tmp;

    /** An epochs.csv with rows of (train loss [nats/sample], train accuracy, test accuracy). */
    static CsvTable epochs(double[]... rows) {
        CsvTable t = CsvTable.of(CsvTable.Column.of("epoch", "1"), CsvTable.Column.of("train_loss", "nats/sample"),
                CsvTable.Column.of("train_accuracy", "1"), CsvTable.Column.of("test_accuracy", "1"));
        for (int i = 0; i < rows.length; i++) {
            t.add(i + 1, rows[i][0], rows[i][1], rows[i][2]);
        }
        return t;
    }

    static final CsvTable A = epochs(new double[] {2.0, 0.5, 0.6}, new double[] {1.0, 0.9, 0.8},
            new double[] {0.5, 0.95, 0.7});
    static final CsvTable B = epochs(new double[] {1.5, 0.6, 0.65}, new double[] {0.7, 0.97, 0.9});

    @Test
    void meanAndSampleStandardDeviation() {
        MeanSd four = MeanSd.of(new double[] {1, 2, 3, 4});
        assertEquals(2.5, four.mean(), EPS);
        assertEquals(Math.sqrt(5.0 / 3), four.sd(), EPS);
        assertEquals(4, four.n());
        assertEquals(Math.sqrt(5.0 / 3) / 2, four.se(), EPS);
        MeanSd one = MeanSd.of(new double[] {7});
        assertEquals(new MeanSd(7, 0, 1), one);
        assertEquals(Double.NaN, MeanSd.of(new double[0]).mean());
    }

    /** Final numbers from each seed's last row, best over all rows, overfitting per seed, then mean and s.d. */
    @Test
    void groupStatsOfTwoSeeds() {
        GroupStats g = GroupStats.of("random", List.of(A, B), new double[] {1.0, 0.5});
        double sd = Math.sqrt(0.02);
        assertEquals("random", g.group());
        assertEquals(2, g.seeds());
        assertEquals(0.6, g.finalLoss().mean(), EPS);
        assertEquals(sd, g.finalLoss().sd(), EPS);
        assertEquals(0.8, g.finalTest().mean(), EPS);
        assertEquals(sd, g.finalTest().sd(), EPS);
        assertEquals(0.85, g.bestTest().mean(), EPS);
        assertEquals(Math.sqrt(0.005), g.bestTest().sd(), EPS);
        assertEquals(0.96, g.finalTrain().mean(), EPS);
        assertEquals(Math.sqrt(0.0002), g.finalTrain().sd(), EPS);
        assertEquals(0.16, g.overfit().mean(), EPS);
        assertEquals(Math.sqrt(2 * 0.09 * 0.09), g.overfit().sd(), EPS);
        assertEquals(0.75, g.meanFactor().mean(), EPS);
        assertNull(GroupStats.of("random", List.of(A), null).meanFactor());
    }

    @Test
    void statsKeepGroupOrderAndTheirFactors() {
        Map<String, List<CsvTable>> groups = new LinkedHashMap<>();
        groups.put("constant", List.of(B));
        groups.put("random", List.of(A, B));
        List<GroupStats> s = GroupStatistics.stats(groups, Map.of("random", List.of(1.0, 0.5)));
        assertEquals(List.of("constant", "random"), s.stream().map(GroupStats::group).toList());
        assertNull(s.get(0).meanFactor());
        assertEquals(0.75, s.get(1).meanFactor().mean(), EPS);
        assertNull(GroupStatistics.stats(groups, null).get(1).meanFactor());
    }

    /** A series is as long as the shortest seed's table. */
    @Test
    void seriesOverSeeds() {
        Series s = GroupStatistics.series("random", List.of(A, B), "test_accuracy");
        assertEquals("random", s.group());
        assertEquals(2, s.seeds());
        assertArrayEquals(new double[] {1, 2}, s.epochs());
        assertArrayEquals(new double[] {0.625, 0.85}, s.mean(), EPS);
        assertArrayEquals(new double[] {Math.sqrt(0.00125), Math.sqrt(0.005)}, s.sd(), EPS);
    }

    /** Only finished runs with an iterations.csv count; the factor s is averaged over iterations. */
    @Test
    void meanFactorsOfFinishedRuns() throws Exception {
        Experiments.Manifest m = Experiments.plan("fig1", "quick", 1, null, null, DataHome.fromEnvironment());
        Experiments.Run first = m.runs().get(0);
        Experiments.Run second = m.runs().get(1);
        for (Experiments.Run r : List.of(first, second)) {
            Path rd = Manifests.runDir(tmp, r);
            Files.createDirectories(rd);
            Files.writeString(rd.resolve("iterations.csv"), "iteration[1],factor[1]\n1,2\n2,0\n3,1.5\n");
        }
        Map<String, Map<String, List<Double>>> f = GroupStatistics.meanFactors(tmp, m, Set.of(first.id()));
        assertEquals(Map.of("", Map.of(first.group(), List.of(3.5 / 3))), f);
    }
}
