package org.thermosgd.sde.sgd;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.thermosgd.sde.ensemble.Ensemble;
import org.thermosgd.sde.ensemble.PathDriver;
import org.thermosgd.sde.integrator.Stepper;
import org.thermosgd.sde.linalg.Matrices;
import org.thermosgd.sde.observable.AcrossPaths;

/**
 * Simulates momentum SGD on a quadratic: independent chains started at the minimiser with zero velocity, each on its
 * own random stream, a burn-in of 20 relaxation times, then the time averages of x_i^2 and v_i^2 over the measured
 * steps. Standard errors are across chains. For a periodic factor, burn-in and measurement span whole periods.
 */
public final class SgdSimulation {
    /** Burn-in length in relaxation times. */
    public static final double BURN_IN_RELAXATIONS = 20;

    /** Measured E[x_i^2] and E[v_i^2] with standard errors across chains. */
    public record Result(double[] x2, double[] x2Se, double[] v2, double[] v2Se, int chains, long burnIn,
                         long steps) {
    }

    private SgdSimulation() {
    }

    /** Relaxation time in steps: the slowest of the momentum time 1/(1-mu) and (1-mu)/(lr m1 h_min). */
    public static double relaxationSteps(SgdProblem p) {
        double hMin = Matrices.minEigenvalue(p.hessian());
        double mu = p.momentum();
        return 1 / (1 - mu) + (1 - mu) / (p.lr() * p.factor().mean() * hMin);
    }

    public static Result run(SgdProblem p, int chains, long steps, long seed, int threads) {
        if (chains < 2) {
            throw new IllegalArgumentException("chains " + chains + " must be >= 2 for standard errors");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps " + steps + " must be positive");
        }
        Ensemble.requireHeap("--chains " + chains, chains, 2 * (16 + 8.0 * p.dimension()) + 64);
        int period = p.factor().periodSteps();
        long burnIn = roundUp((long) Math.ceil(BURN_IN_RELAXATIONS * relaxationSteps(p)), period);
        long measured = roundUp(steps, period);
        int n = p.dimension();
        List<double[][]> perChain = PathDriver.run(chains, threads, seed, (path, rng) -> stepper(p, rng),
                path -> new double[2 * n], new PathDriver.Schedule(burnIn, measured, 1),
                () -> new SecondMomentObserver(n, measured));
        double[] x2 = new double[n];
        double[] x2Se = new double[n];
        double[] v2 = new double[n];
        double[] v2Se = new double[n];
        for (int i = 0; i < n; i++) {
            int coord = i;
            AcrossPaths x = AcrossPaths.of(perChain, r -> r[0][coord]);
            AcrossPaths v = AcrossPaths.of(perChain, r -> r[1][coord]);
            x2[i] = x.mean();
            x2Se[i] = x.standardError();
            v2[i] = v.mean();
            v2Se[i] = v.standardError();
        }
        return new Result(x2, x2Se, v2, v2Se, chains, burnIn, measured);
    }

    private static long roundUp(long value, int multiple) {
        return ((value + multiple - 1) / multiple) * multiple;
    }

    /**
     * One SGD step as a {@link Stepper} on y = (x, v): a mini-batch gradient at x, then the step factor s_t (both
     * drawn from the chain's stream, in that order), then the form's update. Time t is the step index.
     */
    static Stepper stepper(SgdProblem p, UniformRandomProvider rng) {
        int n = p.dimension();
        double[] x = new double[n];
        double[] v = new double[n];
        double[] g = new double[n];
        GradientSampler sampler = GradientSampler.of(p, rng);
        UpdateForm form = p.form();
        StepFactor factor = p.factor();
        double lr = p.lr();
        double mu = p.momentum();
        return (t, y) -> {
            System.arraycopy(y, 0, x, 0, n);
            System.arraycopy(y, n, v, 0, n);
            sampler.gradient(x, g);
            double s = factor.sample((long) t, rng);
            form.apply(x, v, g, lr, mu, s);
            System.arraycopy(x, 0, y, 0, n);
            System.arraycopy(v, 0, y, n, n);
        };
    }

    /** {mean x_i^2, mean v_i^2} over the measured states y = (x, v). */
    private static final class SecondMomentObserver implements PathDriver.Observer<double[][]> {
        private final int n;
        private final long measured;
        private final double[] sumX;
        private final double[] sumV;

        SecondMomentObserver(int n, long measured) {
            this.n = n;
            this.measured = measured;
            this.sumX = new double[n];
            this.sumV = new double[n];
        }

        @Override
        public void measure(long step, double[] y) {
            for (int i = 0; i < n; i++) {
                sumX[i] += y[i] * y[i];
                sumV[i] += y[n + i] * y[n + i];
            }
        }

        @Override
        public double[][] result() {
            double[] x = new double[n];
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = sumX[i] / measured;
                v[i] = sumV[i] / measured;
            }
            return new double[][] {x, v};
        }
    }

    /** Draws mini-batch gradients at a position measured from the minimiser. */
    private interface GradientSampler {
        void gradient(double[] x, double[] out);

        static GradientSampler of(SgdProblem p, UniformRandomProvider rng) {
            double[][] h = p.hessian();
            int n = h.length;
            if (p.noise() instanceof GradientNoise.Regression r) {
                double[][] a = r.features();
                double[] e = r.residuals();
                int rows = a.length;
                int c = r.batch();
                int[] idx = new int[rows];
                for (int i = 0; i < rows; i++) {
                    idx[i] = i;
                }
                return (x, out) -> {
                    java.util.Arrays.fill(out, 0);
                    for (int k = 0; k < c; k++) {
                        int j = k + rng.nextInt(rows - k);
                        int tmp = idx[k];
                        idx[k] = idx[j];
                        idx[j] = tmp;
                        double[] row = a[idx[k]];
                        double res = e[idx[k]];
                        for (int i = 0; i < n; i++) {
                            res += row[i] * x[i];
                        }
                        for (int i = 0; i < n; i++) {
                            out[i] += row[i] * res / c;
                        }
                    }
                };
            }
            double[][] root = Matrices.choleskyLike(p.noise().batchCovariance());
            ZigguratSampler.NormalizedGaussian gauss = ZigguratSampler.NormalizedGaussian.of(rng);
            double[] xi = new double[n];
            return (x, out) -> {
                for (int i = 0; i < n; i++) {
                    xi[i] = gauss.sample();
                }
                for (int i = 0; i < n; i++) {
                    double s = 0;
                    for (int j = 0; j < n; j++) {
                        s += h[i][j] * x[j] + root[i][j] * xi[j];
                    }
                    out[i] = s;
                }
            };
        }
    }
}
