package org.thermosgd.sde.integrator;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.thermosgd.sde.potential.QuadraticPotential;
import org.thermosgd.sde.problem.SdeProblem;
import org.thermosgd.sde.problem.UnderdampedLangevin;

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
    public Stepper stepper(SdeProblem problem, double dt, UniformRandomProvider rng) {
        if (problem instanceof UnderdampedLangevin l && l.noise().isDiagonal()) {
            requirePositive(dt);
            return new LangevinStep(l, dt, rng);
        }
        return coupled(problem, dt, rng);
    }

    /** The generic stepper, which can also be driven by given Brownian increments. */
    public Step coupled(SdeProblem problem, double dt, UniformRandomProvider rng) {
        requirePositive(dt);
        return new Step(problem, dt, rng);
    }

    private static void requirePositive(double dt) {
        if (!(dt > 0)) {
            throw new IllegalArgumentException("step dt = " + dt + " must be positive");
        }
    }

    /**
     * The same update for underdamped Langevin with diagonal noise in three passes instead of five (normals, gradient,
     * then x' = x + v dt, v' = v + (-gamma v - k grad f) dt + sigma_i sqrt(dt) N_i; two passes for a diagonal
     * quadratic, whose gradient is computed inline), drawing the normals in the same order as the generic stepper.
     */
    static final class LangevinStep implements Stepper {
        private final UnderdampedLangevin problem;
        private final int n;
        private final double dt;
        private final double sqrtDt;
        private final double gamma;
        private final double k;
        private final double[] sigma;
        private final double[] grad;
        private final double[] noise;
        private final double[] curvature;
        private final double[] minimiser;
        private final ZigguratSampler.NormalizedGaussian gaussian;

        LangevinStep(UnderdampedLangevin problem, double dt, UniformRandomProvider rng) {
            this.problem = problem;
            this.n = problem.positions();
            this.dt = dt;
            this.sqrtDt = Math.sqrt(dt);
            this.gamma = problem.gamma();
            this.k = problem.forceScale();
            this.sigma = new double[n];
            for (int i = 0; i < n; i++) {
                sigma[i] = problem.noise().diagonalRoot(i);
            }
            this.grad = new double[n];
            this.noise = new double[n];
            boolean diagonalQuadratic = problem.potential() instanceof QuadraticPotential q && q.isDiagonal();
            this.curvature = diagonalQuadratic ? ((QuadraticPotential) problem.potential()).curvatures() : null;
            this.minimiser = diagonalQuadratic ? ((QuadraticPotential) problem.potential()).minimiser() : null;
            this.gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
        }

        @Override
        public void step(double t, double[] y) {
            final int n = this.n;
            final double[] w = this.noise;
            final ZigguratSampler.NormalizedGaussian normal = this.gaussian;
            for (int i = 0; i < n; i++) {
                w[i] = normal.sample();
            }
            final double dt = this.dt;
            final double sqrtDt = this.sqrtDt;
            final double gamma = this.gamma;
            final double k = this.k;
            final double[] sigma = this.sigma;
            final double[] h = this.curvature;
            if (h != null) {
                final double[] m = this.minimiser;
                for (int i = 0; i < n; i++) {
                    double x = y[i];
                    double v = y[n + i];
                    y[i] = x + v * dt;
                    double g = h[i] * (x - m[i]);
                    y[n + i] = v + ((-gamma * v - k * g) * dt + sigma[i] * (sqrtDt * w[i]));
                }
                return;
            }
            final double[] grad = this.grad;
            problem.potential().gradient(y, grad);
            for (int i = 0; i < n; i++) {
                double x = y[i];
                double v = y[n + i];
                y[i] = x + v * dt;
                y[n + i] = v + ((-gamma * v - k * grad[i]) * dt + sigma[i] * (sqrtDt * w[i]));
            }
        }
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
