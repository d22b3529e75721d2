package org.thermosgd.sde.integrator;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.thermosgd.sde.problem.SdeProblem;

/**
 * Euler-Maruyama: Y' = Y + f(t, Y) dt + G(t, Y) dW, dW ~ N(0, dt I). Strong order 1 for additive noise and 1/2
 * otherwise; weak order 1.
 */
public final class EulerMaruyama implements Integrator<SdeProblem> {
    private static final EulerMaruyama INSTANCE = new EulerMaruyama();

    private EulerMaruyama() {
    }

    public static EulerMaruyama create() {
        return INSTANCE;
    }

    @Override
    public String name() {
        return "euler-maruyama";
    }

    @Override
    public double strongOrder(SdeProblem.NoiseType noise) {
        return noise == SdeProblem.NoiseType.ADDITIVE ? 1.0 : 0.5;
    }

    @Override
    public double weakOrder() {
        return 1.0;
    }

    @Override
    public Step stepper(SdeProblem problem, double dt, UniformRandomProvider rng) {
        if (!(dt > 0)) {
            throw new IllegalArgumentException("step dt = " + dt + " must be positive");
        }
        return new Step(problem, dt, rng);
    }

    /** The stepper; {@link #step(double, double[], double[])} takes given Brownian increments (for coupling). */
    public static final class Step implements Stepper {
        private final SdeProblem problem;
        private final double dt;
        private final double sqrtDt;
        private final ZigguratSampler.NormalizedGaussian gaussian;
        private final double[] increment;
        private final double[] dW;

        Step(SdeProblem problem, double dt, UniformRandomProvider rng) {
            this.problem = problem;
            this.dt = dt;
            this.sqrtDt = Math.sqrt(dt);
            this.gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
            this.increment = new double[problem.dimension()];
            this.dW = new double[problem.noiseDimension()];
        }

        @Override
        public void step(double t, double[] y) {
            for (int k = 0; k < dW.length; k++) {
                dW[k] = sqrtDt * gaussian.sample();
            }
            step(t, y, dW);
        }

        /** One step with the given Brownian increments W(t + dt) - W(t). */
        public void step(double t, double[] y, double[] brownianIncrement) {
            problem.drift(t, y, increment);
            for (int i = 0; i < increment.length; i++) {
                increment[i] *= dt;
            }
            problem.addDiffusion(t, y, brownianIncrement, increment);
            for (int i = 0; i < increment.length; i++) {
                y[i] += increment[i];
            }
        }
    }
}
