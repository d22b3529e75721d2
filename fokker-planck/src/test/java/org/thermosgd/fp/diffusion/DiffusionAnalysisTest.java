package org.thermosgd.fp.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("slow")
class DiffusionAnalysisTest {
    static DiffusionReport run(String kind, int n, int samples, long seed) {
        return DiffusionAnalysis.analyse(SyntheticGradients.of(kind, n, samples, seed),
                new DiffusionAnalysis.Options(5, 60, 16, seed), GramMatrix.java());
    }

    /** Isotropic: D = 1, bias-corrected participation ratio ~ 1 (the naive one is ~ N/(N+n)), Gaussian figures. */
    @Test
    void isotropicNoise() {
        int n = 400;
        int samples = 300;
        DiffusionReport r = run("isotropic", n, samples, 1L);
        assertTrue(r.dCovarianceInterval().contains(1.0), "D interval " + r.dCovarianceInterval());
        assertEquals(1.0, r.participationRatio(), 0.1, "corrected PR");
        assertTrue(r.participationRatioInterval().contains(1.0), "PR interval " + r.participationRatioInterval());
        assertEquals((double) samples / (samples + n), r.participationRatioNaive(), 0.05, "naive PR");
        // E|mean|^2 = |mu|^2 + tr(Sigma)/N; the unbiased estimate has s.e. ~ sqrt(2 tr Sigma^2)/N
        assertEquals(0.01 + (double) n / samples, r.meanGradientNormSq(), 4 * Math.sqrt(2.0 * n) / samples);
        assertEquals(0.01, r.meanGradientNormSqUnbiased(), 4 * Math.sqrt(2.0 * n) / samples, "|mean|^2");
        assertTrue(Math.abs(r.kurtosisRandomMean()) < 4 * r.kurtosisStandardError() / Math.sqrt(16) + 0.1,
                "kurtosis " + r.kurtosisRandomMean());
        assertEquals(2.0, r.tailIndex(), 0.25, "Gaussian tail index");
        assertEquals(1.0, r.blocks().get(0).ratioToGlobal(), 0.05);
    }

    /** Spiked: the top eigenvalues recover 1 + spike (with the n/N sample inflation of the bulk accounted for). */
    @Test
    void spikedNoiseShowsItsSpikes() {
        int n = 200;
        int samples = 2000;
        DiffusionReport r = run("spiked", n, samples, 2L);
        // for a spike s >> sqrt(n/N) the sample eigenvalue is (1 + s)(1 + (n/N)/s)
        double gamma = (double) n / samples;
        for (int a = 0; a < 3; a++) {
            double s = SyntheticGradients.SPIKES[a];
            double expected = (1 + s) * (1 + gamma / s);
            assertEquals(expected, r.topEigenvalues()[a], 0.15 * expected, "spike " + a);
        }
        double trueLambdaOverD = 51.0 / ((n + 80.0) / n);
        assertTrue(r.lambdaMaxOverDInterval().lo() < trueLambdaOverD * 1.15
                && r.lambdaMaxOverDInterval().hi() > trueLambdaOverD * 0.85, r.lambdaMaxOverDInterval().toString());
        double truePr = (n + 80.0) * (n + 80.0) / (n * (n - 3 + 51 * 51 + 21 * 21 + 11 * 11.0));
        assertEquals(truePr, r.participationRatio(), 0.15 * truePr, "PR");
    }

    @Test
    void diagonalAnisotropyShowsInTheDiagonalSpread() {
        DiffusionReport r = run("diagonal", 300, 1000, 3L);
        // d log-uniform on [0.1, 10]: CV = sd/mean of d
        double mean = (10 - 0.1) / Math.log(100);
        double second = (100 - 0.01) / (2 * Math.log(100));
        double cv = Math.sqrt(second - mean * mean) / mean;
        assertEquals(cv, r.diagonalCv(), 0.2 * cv, "diagonal CV");
        assertTrue(r.participationRatio() < 0.7, "PR " + r.participationRatio());
    }

    @Test
    void heavyTailsAreDetected() {
        DiffusionReport r = run("heavy-tailed", 100, 2000, 4L);
        assertTrue(r.tailIndex() < 1.8 && r.tailIndex() > 1.2, "tail index " + r.tailIndex());
        assertTrue(r.kurtosisRandomInterval().lo() > 1, "kurtosis " + r.kurtosisRandomInterval());
    }

    /** On small n the Gram route's spectrum and traces equal those of the explicit n x n covariance to 1e-9. */
    @Test
    void gramRouteEqualsTheDirectRoute() {
        int n = 12;
        int samples = 40;
        GradientSet g = SyntheticGradients.of("spiked", n, samples, 5L);
        DiffusionReport r = DiffusionAnalysis.analyse(g, new DiffusionAnalysis.Options(5, 0, 4, 1L),
                GramMatrix.java());
        double[] mean = new double[n];
        for (int i = 0; i < samples; i++) {
            for (int j = 0; j < n; j++) {
                mean[j] += g.get(i, j) / (double) samples;
            }
        }
        double[][] s = new double[n][n];
        for (int i = 0; i < samples; i++) {
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    s[a][b] += (g.get(i, a) - mean[a]) * (g.get(i, b) - mean[b]) / (samples - 1);
                }
            }
        }
        double[] ev = new EigenDecompositionSymmetric(new Array2DRowRealMatrix(s)).getEigenvalues();
        java.util.Arrays.sort(ev);
        double tr = 0;
        double tr2 = 0;
        for (int a = 0; a < n; a++) {
            tr += s[a][a];
            for (int b = 0; b < n; b++) {
                tr2 += s[a][b] * s[a][b];
            }
        }
        assertEquals(tr, r.traceCovariance(), 1e-9 * tr);
        for (int a = 0; a < 5; a++) {
            assertEquals(ev[n - 1 - a], r.topEigenvalues()[a], 1e-9 * ev[n - 1]);
        }
        assertEquals(tr * tr / (n * tr2), r.participationRatioNaive(), 1e-9);
    }

    /** The sketched route (forced by a Gram limit of 8) agrees with the Gram route on the same data. */
    @Test
    void sketchedRouteAgreesWithTheGramRoute() {
        for (String kind : new String[] {"spiked", "isotropic"}) {
            GradientSet g = SyntheticGradients.of(kind, 300, 600, 6L);
            DiffusionReport gram = DiffusionAnalysis.analyse(g, new DiffusionAnalysis.Options(5, 30, 8, 6L),
                    GramMatrix.java());
            DiffusionReport sketch = DiffusionAnalysis.analyse(g, new DiffusionAnalysis.Options(5, 30, 8, 6L, 8),
                    GramMatrix.java(), CentredProducts.Factory.java());
            assertEquals(gram.traceCovariance(), sketch.traceCovariance(), 1e-9 * gram.traceCovariance());
            double tol = kind.equals("spiked") ? 0.01 : 0.05;
            for (int a = 0; a < 3; a++) {
                assertEquals(gram.topEigenvalues()[a], sketch.topEigenvalues()[a], tol * gram.topEigenvalues()[a],
                        kind + " eigenvalue " + a);
            }
            assertEquals(gram.participationRatio(), sketch.participationRatio(), 0.1 * gram.participationRatio(),
                    kind + " PR");
            if (kind.equals("isotropic")) {
                assertTrue(sketch.participationRatioInterval().contains(1.0),
                        sketch.participationRatioInterval().toString());
            }
        }
    }
}
