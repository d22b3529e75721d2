package org.thermosgd.sde.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.QRDecomposition;
import org.junit.jupiter.api.Test;

class SpectralTest {
    /** Q diag(lambda) Q^T with a random orthogonal Q (seeded). */
    static double[][] withSpectrum(double[] lambda, long seed) {
        int n = lambda.length;
        Random r = new Random(seed);
        double[][] g = new double[n][n];
        for (double[] row : g) {
            for (int j = 0; j < n; j++) {
                row[j] = r.nextGaussian();
            }
        }
        double[][] q = new QRDecomposition(new Array2DRowRealMatrix(g)).getQ().getData();
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += q[i][k] * lambda[k] * q[j][k];
                }
                a[i][j] = s;
            }
        }
        return a;
    }

    static double[] spectrum(int n) {
        double[] l = new double[n];
        double[] top = {50, 30, 20, 10, 5};
        Random r = new Random(3);
        for (int i = 0; i < n; i++) {
            l[i] = i < top.length ? top[i] : -1 + 3 * r.nextDouble();
        }
        l[n - 1] = -4;
        l[n - 2] = -3;
        return l;
    }

    @Test
    void lanczosFindsTheTopAndMostNegativeEigenpairsWithSmallResiduals() {
        double[][] a = withSpectrum(spectrum(200), 1L);
        Lanczos.Result r = Lanczos.extremes(SymmetricOperator.of(a), 5, 2, 200, 1e-10, 7L);
        assertTrue(r.converged(), "converged in " + r.steps() + " steps");
        double[] expected = {50, 30, 20, 10, 5};
        for (int i = 0; i < 5; i++) {
            assertEquals(expected[i], r.values()[i], 1e-8 * 50);
            assertTrue(r.residuals()[i] < 1e-6, "residual " + r.residuals()[i]);
        }
        assertEquals(-4, r.bottomValues()[0], 1e-8 * 50);
        assertEquals(-3, r.bottomValues()[1], 1e-8 * 50);
        assertTrue(r.steps() < 200, "stops when converged, not at n: " + r.steps());
    }

    @Test
    void lanczosSaysSoWhenItHasNotConverged() {
        double[] l = new double[400];
        for (int i = 0; i < l.length; i++) {
            l[i] = 1 + 1e-3 * i;
        }
        Lanczos.Result r = Lanczos.extremes(SymmetricOperator.of(withSpectrum(l, 2L)), 10, 0, 12, 1e-12, 1L);
        assertFalse(r.converged(), "a clustered spectrum in 12 steps");
        assertTrue(r.worstRelativeResidual() > 1e-12);
    }

    @Test
    void hutchinsonAndHutchPlusPlusIntervalsCoverTheTraceAndBlocks() {
        double[] l = spectrum(150);
        double[][] a = withSpectrum(l, 4L);
        double trace = 0;
        for (double x : l) {
            trace += x;
        }
        double block = 0;
        for (int i = 0; i < 50; i++) {
            block += a[i][i];
        }
        List<TraceEstimate.Trace> h = TraceEstimate.hutchinson(SymmetricOperator.of(a), 200,
                List.of(new TraceEstimate.Block("first", 0, 50), new TraceEstimate.Block("rest", 50, 100)), 5L);
        assertTrue(h.get(0).lo() <= trace && trace <= h.get(0).hi(), h.get(0) + " vs " + trace);
        assertTrue(h.get(1).lo() <= block && block <= h.get(1).hi(), h.get(1) + " vs " + block);
        assertEquals(h.get(0).value(), h.get(1).value() + h.get(2).value(), 1e-9 * Math.abs(trace) + 1e-9);
        TraceEstimate.Trace pp = TraceEstimate.hutchPlusPlus(SymmetricOperator.of(a), 60, 5L);
        assertTrue(pp.lo() <= trace && trace <= pp.hi(), pp + " vs " + trace);
        assertTrue(pp.hi() - pp.lo() < h.get(0).hi() - h.get(0).lo(),
                "Hutch++ (60 products) is tighter than Hutchinson (200) when a few eigenvalues dominate");
    }

    @Test
    void quadratureNodesAndWeightsRecoverAThreeValueSpectrum() {
        double[] l = new double[200];
        for (int i = 0; i < 200; i++) {
            l[i] = i < 100 ? 1 : i < 150 ? 5 : 10;
        }
        SpectralDensity.Quadrature q = SpectralDensity.of(SymmetricOperator.of(withSpectrum(l, 6L)), 8, 30, 2L);
        double[] mass = new double[3];
        double total = 0;
        for (int j = 0; j < q.nodes().length; j++) {
            double t = q.nodes()[j];
            int k = Math.abs(t - 1) < 1e-6 ? 0 : Math.abs(t - 5) < 1e-6 ? 1 : Math.abs(t - 10) < 1e-6 ? 2 : -1;
            assertTrue(k >= 0 || q.weights()[j] < 1e-10, "node " + t + " with weight " + q.weights()[j]);
            if (k >= 0) {
                mass[k] += q.weights()[j];
            }
            total += q.weights()[j];
        }
        assertEquals(1, total, 1e-9);
        // weights per probe are (u_k . z)^2 summed over each eigenspace: mean = multiplicity / n, sd ~ 0.1 / sqrt(30)
        assertEquals(0.50, mass[0], 0.06);
        assertEquals(0.25, mass[1], 0.06);
        assertEquals(0.25, mass[2], 0.06);
        double[] grid = {1, 3, 5};
        double[] d = SpectralDensity.smoothed(q, grid, 0.1);
        assertTrue(d[0] > 10 * d[1] && d[2] > 10 * d[1], java.util.Arrays.toString(d));
    }

    /**
     * Issue 22: NaN products and a Hessian of 1e300 failed inside the eigen-solver with "convergence failed"; now the
     * step, the entry and the limit are named. A top-k beyond the heap is refused before any product.
     */
    @Test
    void nonFiniteAndHugeProductsAreRefusedByName() {
        double[][] nan = {{1, 0}, {0, Double.NaN}};
        String m = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Lanczos.extremes(SymmetricOperator.of(nan), 1, 0, 10, 1e-3, 1)).getMessage();
        assertTrue(m.contains("Lanczos step 1") && m.contains("non-finite entry NaN at index 1"), m);
        double[][] huge = {{1e300, 0}, {0, 1}};
        m = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Lanczos.extremes(SymmetricOperator.of(huge), 1, 0, 10, 1e-3, 1)).getMessage();
        assertTrue(m.contains("norm") && m.contains("1.0E150") && !m.contains("convergence failed"), m);
        m = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Lanczos.requireMemory(79_510, 50_000, 0, 150)).getMessage();
        assertTrue(m.contains("--top-k 50000") && m.contains("of Java heap, more than"), m);
        Lanczos.requireMemory(79_510, 10, 0, 150);
    }
}
