package org.thermosgd.sde.observable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;
import org.thermosgd.sde.ensemble.Ensemble;
import org.thermosgd.sde.ensemble.PathDriver;
import org.thermosgd.sde.ensemble.RandomStreams;
import org.thermosgd.sde.integrator.Baoab;
import org.thermosgd.sde.integrator.EulerMaruyama;
import org.thermosgd.sde.integrator.Stepper;
import org.thermosgd.sde.potential.DoubleWellPotential;
import org.thermosgd.sde.potential.QuadraticPotential;
import org.thermosgd.sde.problem.OverdampedLangevin;
import org.thermosgd.sde.problem.UnderdampedLangevin;

class ObservablesTest {
    /** AR(1) x' = phi x + e has tau_int = (1 + phi) / (1 - phi). */
    @Test
    void autocorrelationTimeOfAnAr1Process() {
        double phi = 0.8;
        UniformRandomProvider rng = RandomStreams.of(4L, 1)[0];
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] series = new double[400_000];
        double x = 0;
        for (int i = 0; i < series.length; i++) {
            x = phi * x + g.sample();
            series[i] = x;
        }
        // the windowed estimator's relative error is about sqrt(2 (2W + 1) / N) ~ 2% here
        assertEquals((1 + phi) / (1 - phi), AutocorrelationTime.integrated(series), 0.08 * 9);
        assertEquals(1.0, AutocorrelationTime.integrated(new double[] {1, 1, 1, 1, 1}));
    }

    @Test
    void covarianceAccumulatorMatchesTwoPassFormulas() {
        double[][] ys = {{1, 2}, {3, -1}, {0.5, 4}, {-2, 0}};
        CovarianceAccumulator acc = new CovarianceAccumulator(2);
        for (double[] y : ys) {
            acc.add(y);
        }
        double m0 = (1 + 3 + 0.5 - 2) / 4.0;
        double m1 = (2 - 1 + 4 + 0) / 4.0;
        double c01 = 0;
        for (double[] y : ys) {
            c01 += (y[0] - m0) * (y[1] - m1) / 4;
        }
        assertEquals(m0, acc.mean(0), 1e-15);
        assertEquals(c01, acc.covariance(0, 1), 1e-14);
        assertEquals(c01 + m0 * m1, acc.secondMoment(1, 0), 1e-14);
    }

    /** Overdamped Euler-Maruyama on f = h x^2/2: its chain has variance T / (h (1 - h dt / 2)), not T / h. */
    @Test
    void overdampedEulerMaruyamaSamplesItsDiscreteLaw() {
        double h = 2.0;
        double temperature = 0.3;
        double dt = 0.2;
        OverdampedLangevin p = OverdampedLangevin.of(QuadraticPotential.diagonal(h), temperature);
        List<Double> per = Ensemble.run(32, 2, 12L, (i, rng) -> {
            Stepper s = EulerMaruyama.create().stepper(p, dt, rng);
            double[] y = new double[1];
            double sum = 0;
            int steps = 40_000;
            for (int k = 0; k < 200 + steps; k++) {
                s.step(k * dt, y);
                if (k >= 200) {
                    sum += y[0] * y[0] / steps;
                }
            }
            return sum;
        });
        AcrossPaths x2 = AcrossPaths.of(per, Double::doubleValue);
        double discrete = temperature / (h * (1 - h * dt / 2));
        assertTrue(Math.abs(x2.zScore(discrete)) < 4, x2 + " vs " + discrete);
        assertTrue(Math.abs(x2.zScore(temperature / h)) > 4, "the O(dt) bias must be visible: " + x2);
    }

    /** Configurational temperature (1/n) E[x . grad f] recovers T on a double well sampled at small step. */
    @Test
    void configurationalTemperatureOnADoubleWell() {
        double temperature = 0.5;
        DoubleWellPotential pot = DoubleWellPotential.of(1, 1.0, 1.0);
        OverdampedLangevin p = OverdampedLangevin.of(pot, temperature);
        double dt = 0.002;
        List<Double> per = Ensemble.run(16, 2, 13L, (i, rng) -> {
            Stepper s = EulerMaruyama.create().stepper(p, dt, rng);
            double[] y = new double[1];
            double[] g = new double[1];
            double sum = 0;
            int steps = 100_000;
            for (int k = 0; k < 1000 + steps; k++) {
                s.step(k * dt, y);
                if (k >= 1000) {
                    pot.gradient(y, g);
                    sum += y[0] * g[0] / steps;
                }
            }
            return sum;
        });
        AcrossPaths conf = AcrossPaths.of(per, Double::doubleValue);
        // EM bias at dt = 0.002 is O(dt) ~ 0.3% of T, below 4 standard errors here
        assertTrue(Math.abs(conf.zScore(temperature)) < 4, conf.toString());
    }

    /**
     * BAOAB paths of a 2-D harmonic oscillator at T = 0.8 through the path driver: the kinetic and configurational
     * temperatures of {@link LangevinObservables} both give T within 4 standard errors across paths (BAOAB's
     * configurational temperature is exact for a harmonic potential; its kinetic bias at dt = 0.05 is about 0.06%).
     */
    @Test
    void kineticAndConfigurationalTemperaturesThroughThePathDriver() {
        double t = 0.8;
        QuadraticPotential pot = QuadraticPotential.diagonal(1.0, 3.0);
        UnderdampedLangevin p =
                UnderdampedLangevin.atTemperature(pot, 1.0, t);
        List<LangevinObservables> per = PathDriver.run(32, 2, 22L, (i, rng) ->
                        Baoab.create().stepper(p, 0.05, rng), i -> new double[4],
                new PathDriver.Schedule(400, 20_000, 0.05),
                () -> new PathDriver.Observer<LangevinObservables>() {
                    private final LangevinObservables obs = new LangevinObservables(pot, 1.0);

                    @Override
                    public void measure(long step, double[] y) {
                        obs.add(y);
                    }

                    @Override
                    public LangevinObservables result() {
                        return obs;
                    }
                });
        AcrossPaths kin = AcrossPaths.of(per, LangevinObservables::kineticTemperature);
        AcrossPaths conf = AcrossPaths.of(per, LangevinObservables::configurationalTemperature);
        assertTrue(Math.abs(conf.zScore(t)) < 4, conf.toString());
        assertTrue(Math.abs(kin.mean() - t) < 4 * kin.standardError() + 0.002 * t, kin.toString());
    }
}
