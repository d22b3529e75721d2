package org.thermosgd.sde.integrator;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.thermosgd.sde.linalg.Matrices;
import org.thermosgd.sde.problem.LinearSde;
import org.thermosgd.sde.problem.SdeProblem;

/**
 * The exact Gaussian transition of a linear SDE over a step h: Z' = exp(F h) Z + eta with
 * eta ~ N(0, int_0^h exp(F s) B B^T exp(F^T s) ds), both from one matrix exponential (Van Loan 1978). The reference
 * scheme: no discretisation error at any step.
 */
public final class ExactLinearTransition implements Integrator<LinearSde> {
    private static final ExactLinearTransition INSTANCE = new ExactLinearTransition();

    private ExactLinearTransition() {
    }

    public static ExactLinearTransition create() {
        return INSTANCE;
    }

    @Override
    public String name() {
        return "exact";
    }

    @Override
    public double strongOrder(SdeProblem.NoiseType noise) {
        return Double.POSITIVE_INFINITY;
    }

    @Override
    public double weakOrder() {
        return Double.POSITIVE_INFINITY;
    }

    /** {Phi, Q}: the transition matrix exp(F h) and the covariance of the noise added over one step. */
    public static double[][][] transition(LinearSde sde, double h) {
        int d = sde.dimension();
        double[][] f = sde.drift();
        double[][] q = sde.noiseCovariance();
        double[][] block = new double[2 * d][2 * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                block[i][j] = -f[i][j] * h;
                block[i][d + j] = q[i][j] * h;
                block[d + i][d + j] = f[j][i] * h;
            }
        }
        RealMatrix e = MatrixUtils.matrixExponential(Matrices.real(block));
        RealMatrix phi = e.getSubMatrix(d, 2 * d - 1, d, 2 * d - 1).transpose();
        RealMatrix g12 = e.getSubMatrix(0, d - 1, d, 2 * d - 1);
        RealMatrix cov = phi.multiply(g12);
        double[][] c = cov.add(cov.transpose()).scalarMultiply(0.5).getData();
        return new double[][][] {phi.getData(), c};
    }

    @Override
    public Stepper stepper(LinearSde problem, double dt, UniformRandomProvider rng) {
        if (!(dt > 0)) {
            throw new IllegalArgumentException("step dt = " + dt + " must be positive");
        }
        double[][][] t = transition(problem, dt);
        double[][] phi = t[0];
        double[][] root = Matrices.choleskyLike(t[1]);
        int d = problem.dimension();
        ZigguratSampler.NormalizedGaussian gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] next = new double[d];
        double[] xi = new double[d];
        return (time, y) -> {
            for (int i = 0; i < d; i++) {
                xi[i] = gaussian.sample();
            }
            for (int i = 0; i < d; i++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += phi[i][j] * y[j] + root[i][j] * xi[j];
                }
                next[i] = s;
            }
            System.arraycopy(next, 0, y, 0, d);
        };
    }
}
