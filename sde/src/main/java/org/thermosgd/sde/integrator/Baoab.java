package org.thermosgd.sde.integrator;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.thermosgd.sde.problem.SdeProblem;
import org.thermosgd.sde.problem.UnderdampedLangevin;

/**
 * BAOAB splitting for underdamped Langevin (Leimkuhler and Matthews): half kick, half drift, exact
 * Ornstein-Uhlenbeck step of the velocity, half drift, half kick. Strong order 1 (additive noise); weak order 2, and
 * its configurational sampling is exact for harmonic potentials at any stable step.
 */
public final class Baoab implements Integrator<UnderdampedLangevin> {
    private static final Baoab INSTANCE = new Baoab();

    private Baoab() {
    }

    public static Baoab create() {
        return INSTANCE;
    }

    @Override
    public String name() {
        return "baoab";
    }

    @Override
    public double strongOrder(SdeProblem.NoiseType noise) {
        return 1.0;
    }

    @Override
    public double weakOrder() {
        return 2.0;
    }

    @Override
    public Stepper stepper(UnderdampedLangevin problem, double dt, UniformRandomProvider rng) {
        if (!(dt > 0)) {
            throw new IllegalArgumentException("step dt = " + dt + " must be positive");
        }
        int n = problem.positions();
        double gamma = problem.gamma();
        double k = problem.forceScale();
        double c = Math.exp(-gamma * dt);
        // stationary OU variance per unit noise covariance: (1 - c^2) / (2 gamma)
        double ouScale = Math.sqrt((1 - c * c) / (2 * gamma));
        ZigguratSampler.NormalizedGaussian gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] grad = new double[n];
        double[] xi = new double[n];
        double half = 0.5 * dt;
        return (t, y) -> {
            problem.potential().gradient(y, grad);
            for (int i = 0; i < n; i++) {
                y[n + i] -= half * k * grad[i];
                y[i] += half * y[n + i];
            }
            for (int i = 0; i < n; i++) {
                xi[i] = gaussian.sample();
                y[n + i] *= c;
            }
            problem.noise().addTo(xi, ouScale, y, n);
            for (int i = 0; i < n; i++) {
                y[i] += half * y[n + i];
            }
            problem.potential().gradient(y, grad);
            for (int i = 0; i < n; i++) {
                y[n + i] -= half * k * grad[i];
            }
        };
    }
}
