package org.thermosgd.sde.sgd;

import java.util.List;
import java.util.function.IntConsumer;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.thermosgd.sde.ensemble.Ensemble;
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

    public static Result run(SgdProblem p, int chains, long steps, long seed, int threads, IntConsumer onChainDone) {
        if (chains < 2) {
            throw new IllegalArgumentException("chains " + chains + " must be >= 2 for standard errors");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps " + steps + " must be positive");
        }
        int period = p.factor().periodSteps();
        long burnIn = roundUp((long) Math.ceil(BURN_IN_RELAXATIONS * relaxationSteps(p)), period);
        long measured = roundUp(steps, period);
        List<double[][]> perChain = Ensemble.run(chains, threads, seed,
                (path, rng) -> chain(p, rng, burnIn, measured), onChainDone);
        int n = p.dimension();
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

    /** One chain: {mean x_i^2, mean v_i^2} over the measured steps. */
    static double[][] chain(SgdProblem p, UniformRandomProvider rng, long burnIn, long measured) {
        int n = p.dimension();
        double[] x = new double[n];
        double[] v = new double[n];
        double[] g = new double[n];
        double[] sumX = new double[n];
        double[] sumV = new double[n];
        GradientSampler sampler = GradientSampler.of(p, rng);
        UpdateForm form = p.form();
        StepFactor factor = p.factor();
        double lr = p.lr();
        double mu = p.momentum();
        long total = burnIn + measured;
        for (long t = 0; t < total; t++) {
            sampler.gradient(x, g);
            double s = factor.sample(t, rng);
            form.apply(x, v, g, lr, mu, s);
            if (t >= burnIn) {
                for (int i = 0; i < n; i++) {
                    sumX[i] += x[i] * x[i];
                    sumV[i] += v[i] * v[i];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            sumX[i] /= measured;
            sumV[i] /= measured;
        }
        return new double[][] {sumX, sumV};
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
