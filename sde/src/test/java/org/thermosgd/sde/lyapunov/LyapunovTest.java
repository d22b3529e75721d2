package org.thermosgd.sde.lyapunov;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class LyapunovTest {
    static double[][] random(UniformRandomProvider rng, int d, double shift) {
        double[][] m = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                m[i][j] = rng.nextDouble() - 0.5;
            }
            m[i][i] -= shift;
        }
        return m;
    }

    static double[][] spd(UniformRandomProvider rng, int d) {
        double[][] b = random(rng, d, 0);
        double[][] q = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    q[i][j] += b[i][k] * b[j][k];
                }
            }
        }
        return q;
    }

    @Test
    void solutionsSatisfyTheirEquationsTo1eMinus10() {
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(3L);
        for (int d : new int[] {1, 2, 5, 12, 30}) {
            double[][] f = random(rng, d, 0.6 * d);
            double[][] q = spd(rng, d);
            double[][] s = Lyapunov.continuous(f, q);
            double r = Lyapunov.continuousResidual(f, s, q);
            assertTrue(r < 1e-10, "continuous residual " + r + " for d = " + d);
            double[][] a = random(rng, d, 0);
            for (double[] row : a) {
                for (int j = 0; j < d; j++) {
                    row[j] /= d;
                }
            }
            double[][] sd = Lyapunov.discrete(a, q);
            double rd = Lyapunov.discreteResidual(a, sd, q);
            assertTrue(rd < 1e-10, "discrete residual " + rd + " for d = " + d);
        }
    }

    @Test
    void unstableDynamicsHaveNoStationaryLaw() {
        double[][] q = {{1, 0}, {0, 1}};
        NoStationaryLawException e = assertThrows(NoStationaryLawException.class,
                () -> Lyapunov.continuous(new double[][] {{0, 1}, {-1, 0}}, q));
        assertTrue(e.getMessage().contains("real part"), e.getMessage());
        e = assertThrows(NoStationaryLawException.class,
                () -> Lyapunov.discrete(new double[][] {{1.01, 0}, {0, 0.5}}, q));
        assertTrue(e.getMessage().contains("spectral radius"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void symmetricSolverAgreesWithTheDenseOneAndRefusesAnUnstableDrift() {
        java.util.Random r = new java.util.Random(4);
        int d = 8;
        double[][] g = new double[d][d];
        for (double[] row : g) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian();
            }
        }
        double[][] h = new double[d][d];
        double[][] q = new double[d][d];
        double[][] negH = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    h[i][j] += g[i][k] * g[j][k];
                    q[i][j] += g[k][i] * g[k][j] * 0.5;
                }
                h[i][j] += i == j ? 0.3 : 0;
                negH[i][j] = -h[i][j];
            }
        }
        double[][] dense = Lyapunov.continuous(negH, q);
        double[][] fast = Lyapunov.symmetricContinuous(h, q);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                org.junit.jupiter.api.Assertions.assertEquals(dense[i][j], fast[i][j], 1e-9 * (1
                        + Math.abs(dense[i][j])));
            }
        }
        double[][] indefinite = {{1, 0}, {0, -1}};
        org.junit.jupiter.api.Assertions.assertThrows(NoStationaryLawException.class,
                () -> Lyapunov.symmetricContinuous(indefinite, new double[][] {{1, 0}, {0, 1}}));
    }
}
