package org.thermosgd.fp.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FactoredAnalysisTest {
    /**
     * Two dense layers (7 -> 5 -> 3) with ReLU-like sparse inputs and heavy-tailed errors, N = 300 samples, blocks
     * laid out as PyTorch orders them (weight, bias, weight, bias).
     */
    static FactoredGradients twoLayers(int samples, long seed) {
        Random r = new Random(seed);
        int[][] shape = {{7, 5}, {5, 3}};
        float[][] in = new float[2][];
        float[][] err = new float[2][];
        for (int l = 0; l < 2; l++) {
            in[l] = new float[samples * shape[l][0]];
            err[l] = new float[samples * shape[l][1]];
            for (int t = 0; t < in[l].length; t++) {
                in[l][t] = r.nextDouble() < 0.4 ? 0f : (float) (1 + r.nextGaussian());
            }
            for (int t = 0; t < err[l].length; t++) {
                err[l][t] = (float) (0.3 + r.nextGaussian() / (0.2 + r.nextDouble()));
            }
        }
        return new FactoredGradients(samples, List.of(
                new FactoredGradients.Layer("fc1.weight", "fc1.bias", 7, 5, 0, 35, in[0], err[0]),
                new FactoredGradients.Layer("fc2.weight", "fc2.bias", 5, 3, 40, 55, in[1], err[1])));
    }

    /** Every statistic of the factored route equals the Gram route's on the materialised gradients. */
    @Test
    void factoredRouteEqualsTheGramRoute() {
        FactoredGradients f = twoLayers(300, 3L);
        assertEquals(58, f.dimension());
        DiffusionAnalysis.Options o = new DiffusionAnalysis.Options(5, 40, 8, 11L);
        DiffusionReport a = FactoredAnalysis.analyse(f, o);
        DiffusionReport b = DiffusionAnalysis.analyse(f.materialise(), o, GramMatrix.java());
        double tol = 2e-5;
        assertClose(b.traceCovariance(), a.traceCovariance(), tol, "tr S");
        assertClose(b.traceSecondMoment(), a.traceSecondMoment(), tol, "tr M");
        assertClose(b.meanGradientNormSq(), a.meanGradientNormSq(), tol, "|mean|^2");
        assertClose(b.diagonalCv(), a.diagonalCv(), tol, "diagonal CV");
        for (int i = 0; i < 5; i++) {
            assertClose(b.topEigenvalues()[i], a.topEigenvalues()[i], tol, "eigenvalue " + i);
        }
        assertClose(b.participationRatio(), a.participationRatio(), tol, "PR");
        assertClose(b.kurtosisRandomMean(), a.kurtosisRandomMean(), 1e-4, "kurtosis of random projections");
        assertClose(b.kurtosisTopEigenvectors()[0], a.kurtosisTopEigenvectors()[0], 1e-3, "kurtosis top");
        assertClose(b.dCovarianceInterval().lo(), a.dCovarianceInterval().lo(), tol, "D interval");
        assertClose(b.participationRatioInterval().hi(), a.participationRatioInterval().hi(), 1e-4, "PR interval");
        for (int i = 0; i < 4; i++) {
            assertEquals(b.blocks().get(i).name(), a.blocks().get(i).name());
            assertClose(b.blocks().get(i).traceCovariance(), a.blocks().get(i).traceCovariance(), tol, "block " + i);
        }
    }

    @Test
    void blocksMustTileTheParameterVector() {
        float[] a = new float[2 * 3];
        float[] d = new float[2 * 2];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FactoredGradients(2,
                List.of(new FactoredGradients.Layer("w", "b", 3, 2, 0, 7, a, d))));
        assertTrue(e.getMessage().contains("block b starts at 7, expected 6"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new FactoredGradients(3,
                List.of(new FactoredGradients.Layer("w", "b", 3, 2, 0, 6, a, d))));
        assertTrue(e.getMessage().contains("do not form 3 rows"), e.getMessage());
    }

    private static void assertClose(double expected, double actual, double rel, String what) {
        assertEquals(expected, actual, rel * Math.max(1e-12, Math.abs(expected)), what);
    }
}
