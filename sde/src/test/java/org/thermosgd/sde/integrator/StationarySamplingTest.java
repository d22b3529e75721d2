package org.thermosgd.sde.integrator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.thermosgd.sde.ensemble.Ensemble;
import org.thermosgd.sde.lyapunov.Lyapunov;
import org.thermosgd.sde.observable.AcrossPaths;
import org.thermosgd.sde.potential.QuadraticPotential;
import org.thermosgd.sde.problem.LinearSde;
import org.thermosgd.sde.problem.UnderdampedLangevin;

/** Stationary moments of simulated ensembles against exact values, within 4 standard errors across paths. */
class StationarySamplingTest {
    static final double[][] F = {{0, 1}, {-2, -0.5}};
    static final double[][] B = {{0}, {1}};

    static double[] timeAveragedSecondMoments(Stepper s, int burn, int steps) {
        double[] y = new double[2];
        double[] acc = new double[3];
        for (int k = 0; k < burn + steps; k++) {
            s.step(0, y);
            if (k >= burn) {
                acc[0] += y[0] * y[0] / steps;
                acc[1] += y[1] * y[1] / steps;
                acc[2] += y[0] * y[1] / steps;
            }
        }
        return acc;
    }

    static void assertWithin(double[][] exact, List<double[]> perPath) {
        int[][] idx = {{0, 0}, {1, 1}, {0, 1}};
        for (int k = 0; k < 3; k++) {
            int kk = k;
            AcrossPaths a = AcrossPaths.of(perPath, r -> r[kk]);
            double ref = exact[idx[k][0]][idx[k][1]];
            assertTrue(Math.abs(a.zScore(ref)) < 4, "moment " + k + ": exact " + ref + " simulated " + a.mean()
                    + " +- " + a.standardError());
        }
    }

    @Test
    void exactTransitionSamplesTheContinuousLyapunovCovariance() {
        LinearSde sde = LinearSde.of(F, B);
        double[][] exact = Lyapunov.continuous(F, sde.noiseCovariance());
        List<double[]> per = Ensemble.run(32, 2, 7L,
                (i, rng) -> timeAveragedSecondMoments(ExactLinearTransition.create().stepper(sde, 0.5, rng), 100,
                        20_000));
        assertWithin(exact, per);
    }

    @Test
    void eulerMaruyamaSamplesTheDiscreteLyapunovCovarianceNotTheContinuousOne() {
        LinearSde sde = LinearSde.of(F, B);
        double dt = 0.1;
        double[][] a = {{1, dt}, {-2 * dt, 1 - 0.5 * dt}};
        double[][] q = {{0, 0}, {0, dt}};
        double[][] discrete = Lyapunov.discrete(a, q);
        double[][] continuous = Lyapunov.continuous(F, sde.noiseCovariance());
        List<double[]> per = Ensemble.run(32, 2, 8L,
                (i, rng) -> timeAveragedSecondMoments(EulerMaruyama.create().stepper(sde, dt, rng), 500, 50_000));
        assertWithin(discrete, per);
        AcrossPaths x2 = AcrossPaths.of(per, r -> r[0]);
        assertTrue(Math.abs(x2.zScore(continuous[0][0])) > 4, "EM bias at dt = 0.1 should be visible");
    }

    /** BAOAB samples x exactly from exp(-f/T) on a harmonic potential even at a large step. */
    @Test
    void baoabIsExactInConfigurationForHarmonicPotentials() {
        double temperature = 0.5;
        UnderdampedLangevin p = UnderdampedLangevin.atTemperature(QuadraticPotential.diagonal(1.0), 1.0,
                temperature);
        List<double[]> per = Ensemble.run(32, 2, 9L,
                (i, rng) -> timeAveragedSecondMoments(Baoab.create().stepper(p, 0.5, rng), 200, 20_000));
        AcrossPaths x2 = AcrossPaths.of(per, r -> r[0]);
        assertTrue(Math.abs(x2.zScore(temperature)) < 4, "x2 " + x2);
    }
}
