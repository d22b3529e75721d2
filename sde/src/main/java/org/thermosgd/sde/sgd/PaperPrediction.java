package org.thermosgd.sde.sgd;

import org.hipparchus.linear.MatrixUtils;
import org.thermosgd.sde.linalg.Matrices;

/**
 * The paper's eq. (19) with its sign slip corrected, T = l D / (6 C (1 - mu)), read with l = lr (whatever the step
 * factor law), C the batch size and D from the per-sample gradient covariance Sigma at the minimiser: D = Sigma_ii per
 * coordinate when H is diagonal (x2_i = T_i / h_i), else the isotropic D = tr(Sigma) / n (x2 = T diag(H^-1)), as the
 * Boltzmann law exp(-f / T) implies.
 *
 * @param temperature T per coordinate (all equal for a non-diagonal H)
 * @param x2          the predicted E[x_i^2]
 */
public record PaperPrediction(double[] temperature, double[] x2) {
    /**
     * The paper's eq. (19), sign corrected: T = lr D / (6 C (1 - mu)), in loss units when D is in gradient^2; the one
     * place this formula is written.
     */
    public static double temperature(double lr, double d, double batch, double mu) {
        return lr * d / (6 * batch * (1 - mu));
    }

    public static PaperPrediction of(SgdProblem p) {
        int n = p.dimension();
        double[][] sigma = p.noise().perSampleCovariance();
        double[][] h = p.hessian();
        double c = p.noise().batch();
        double[] t = new double[n];
        double[] x2 = new double[n];
        if (Matrices.isDiagonal(h)) {
            for (int i = 0; i < n; i++) {
                t[i] = temperature(p.lr(), sigma[i][i], c, p.momentum());
                x2[i] = t[i] / h[i][i];
            }
        } else {
            double trace = 0;
            for (int i = 0; i < n; i++) {
                trace += sigma[i][i];
            }
            double[][] inv = MatrixUtils.inverse(Matrices.real(h)).getData();
            for (int i = 0; i < n; i++) {
                t[i] = temperature(p.lr(), trace / n, c, p.momentum());
                x2[i] = t[i] * inv[i][i];
            }
        }
        return new PaperPrediction(t, x2);
    }

    /** (predicted - reference) / reference, per coordinate. */
    public double[] relativeError(double[] reference) {
        double[] e = new double[x2.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = (x2[i] - reference[i]) / reference[i];
        }
        return e;
    }
}
