package org.thermosgd.fp.equilibrium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.thermosgd.sde.ensemble.Ensemble;
import org.thermosgd.sde.integrator.EulerMaruyama;
import org.thermosgd.sde.integrator.Stepper;
import org.thermosgd.sde.potential.DoubleWellPotential;
import org.thermosgd.sde.problem.OverdampedLangevin;

class EquilibriumTest {
    static double[] gaussian(int n, double sd, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ZigguratSampler.NormalizedGaussian z = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = sd * z.sample();
        }
        return x;
    }

    /** exp(-h x^2 / (2T)) is N(0, T/h): the fitted T's 95% interval covers the truth and has the chi-square width. */
    @Test
    void temperatureOfGaussianSamples() {
        double h = 2.0;
        double t = 0.3;
        double[] x = gaussian(5000, Math.sqrt(t / h), 1L);
        DoubleUnaryOperator f = v -> 0.5 * h * v * v;
        BoltzmannFit fit = BoltzmannFit.of(f, x, -3, 3);
        assertTrue(fit.lo95() < t && fit.hi95() > t, fit.toString());
        // the MLE of a Gaussian variance has relative s.e. sqrt(2/N)
        assertEquals(2 * 1.96 * Math.sqrt(2.0 / 5000), (fit.hi95() - fit.lo95()) / fit.temperature(), 0.01);
        GoodnessOfFit.Ks ks = GoodnessOfFit.kolmogorovSmirnov(x,
                v -> BoltzmannFit.cdf(f, fit.temperature(), -3, 3, v));
        assertTrue(ks.pValue() > 0.01, "KS against the fitted law " + ks);
        GoodnessOfFit.Ks wrong = GoodnessOfFit.kolmogorovSmirnov(x, v -> BoltzmannFit.cdf(f, 2 * t, -3, 3, v));
        assertTrue(wrong.pValue() < 1e-6, "KS against T doubled " + wrong);
        GoodnessOfFit.Kl kl = GoodnessOfFit.kullbackLeibler(x, v -> BoltzmannFit.cdf(f, fit.temperature(), -3, 3, v),
                -3, 3, 30, 200, 2L);
        GoodnessOfFit.Kl klWrong = GoodnessOfFit.kullbackLeibler(x, v -> BoltzmannFit.cdf(f, 2 * t, -3, 3, v),
                -3, 3, 30, 200, 2L);
        assertTrue(kl.value() < 0.01 && klWrong.lo95() > kl.hi95(), kl + " vs " + klWrong);
    }

    /** Samples from an Euler-Maruyama ensemble on a double well (small step): T recovered within its interval. */
    @Test
    void temperatureOfDoubleWellEnsembleSamples() {
        double t = 0.5;
        DoubleWellPotential pot = DoubleWellPotential.of(1, 1.0, 1.0);
        OverdampedLangevin p = OverdampedLangevin.of(pot, t);
        double dt = 0.002;
        List<double[]> per = Ensemble.run(40, 2, 21L, (i, rng) -> {
            Stepper s = EulerMaruyama.create().stepper(p, dt, rng);
            double[] y = {rng.nextDouble() - 0.5};
            double[] out = new double[100];
            for (int k = 0; k < 2000 + 100 * 500; k++) {
                s.step(k * dt, y);
                if (k >= 2000 && (k - 2000) % 500 == 0) {
                    out[(k - 2000) / 500] = y[0];
                }
            }
            return out;
        });
        double[] x = per.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
        BoltzmannFit fit = BoltzmannFit.of(v -> pot.value(new double[] {v}), x, -3, 3);
        assertTrue(fit.lo95() < t * 1.01 && fit.hi95() > t * 0.99, fit.toString());
        Histogram hist = Histogram.freedmanDiaconis(x);
        double mass = 0;
        for (double d : hist.density()) {
            mass += d * hist.width();
        }
        assertEquals(1.0, mass, 1e-12);
        GaussianKde kde = GaussianKde.silverman(x);
        // the bimodal density is higher at the wells than at the barrier
        assertTrue(kde.density(1.0) > 2 * kde.density(0.0), "KDE " + kde.density(1.0) + " vs " + kde.density(0));
    }
}
