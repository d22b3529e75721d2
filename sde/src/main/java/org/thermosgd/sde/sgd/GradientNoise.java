package org.thermosgd.sde.sgd;

import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.CholeskyDecomposition;
import org.thermosgd.sde.linalg.Matrices;

/** Where the mini-batch gradient's noise comes from on a quadratic loss. */
public sealed interface GradientNoise {
    int batch();

    int dimension();

    /**
     * Per-sample gradient covariance Sigma (n x n) at the minimiser: the matrix the paper's D stands for (D = Sigma_ii
     * per coordinate, or tr(Sigma) / n isotropically).
     */
    double[][] perSampleCovariance();

    /**
     * Covariance of the mini-batch gradient noise at the minimiser: Sigma / C, times (N - C) / (N - 1) without
     * replacement.
     */
    double[][] batchCovariance();

    /** g = H x + xi with xi ~ N(0, Sigma / C), independent across steps. */
    record Gaussian(double[][] sigma, int batch) implements GradientNoise {
        public Gaussian {
            Matrices.requireSymmetricPositiveSemidefinite("noise.sigma", sigma);
            if (batch < 1) {
                throw new IllegalArgumentException("noise.batch " + batch + " must be >= 1");
            }
            sigma = Matrices.copy(sigma);
        }

        @Override
        public int dimension() {
            return sigma.length;
        }

        @Override
        public double[][] perSampleCovariance() {
            return Matrices.copy(sigma);
        }

        @Override
        public double[][] batchCovariance() {
            double[][] q = Matrices.copy(sigma);
            for (double[] row : q) {
                for (int j = 0; j < row.length; j++) {
                    row[j] /= batch;
                }
            }
            return q;
        }
    }

    /**
     * Linear regression f(x) = (1/2N) sum_i (a_i . x - y_i)^2 on N rows; each step averages the per-sample gradients
     * a_i (a_i . x - y_i) over C rows drawn without replacement. The noise depends on the state.
     */
    record Regression(double[][] features, double[] targets, int batch) implements GradientNoise {
        public Regression {
            if (features == null || features.length < 2) {
                throw new IllegalArgumentException("noise.features must have at least 2 rows");
            }
            int n = features[0].length;
            if (n == 0) {
                throw new IllegalArgumentException("noise.features rows must be non-empty");
            }
            for (int i = 0; i < features.length; i++) {
                if (features[i].length != n) {
                    throw new IllegalArgumentException("noise.features row " + i + " has " + features[i].length
                            + " entries, expected " + n);
                }
            }
            if (targets == null || targets.length != features.length) {
                throw new IllegalArgumentException("noise.targets has " + (targets == null ? 0 : targets.length)
                        + " entries, expected " + features.length + " (one per feature row)");
            }
            if (batch < 1 || batch > features.length) {
                throw new IllegalArgumentException("noise.batch " + batch + " must be in 1.." + features.length);
            }
            features = Matrices.copy(features);
            targets = targets.clone();
        }

        public int rows() {
            return features.length;
        }

        @Override
        public int dimension() {
            return features[0].length;
        }

        /** H = A^T A / N. */
        public double[][] hessian() {
            int n = dimension();
            double[][] h = new double[n][n];
            for (double[] a : features) {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        h[i][j] += a[i] * a[j];
                    }
                }
            }
            for (double[] row : h) {
                for (int j = 0; j < n; j++) {
                    row[j] /= rows();
                }
            }
            return h;
        }

        /** The least-squares minimiser x* (requires A^T A positive definite). */
        public double[] minimiser() {
            double[][] h = hessian();
            double[] rhs = new double[dimension()];
            for (int r = 0; r < rows(); r++) {
                for (int i = 0; i < rhs.length; i++) {
                    rhs[i] += features[r][i] * targets[r] / rows();
                }
            }
            try {
                return new CholeskyDecomposition(Matrices.real(h)).getSolver().solve(new ArrayRealVector(rhs))
                        .toArray();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("noise.features: A^T A / N is not positive definite, so the"
                        + " regression has no unique minimiser");
            }
        }

        /** Residuals e_i = a_i . x* - y_i at the minimiser. */
        public double[] residuals() {
            double[] x = minimiser();
            double[] e = new double[rows()];
            for (int r = 0; r < rows(); r++) {
                double s = -targets[r];
                for (int i = 0; i < x.length; i++) {
                    s += features[r][i] * x[i];
                }
                e[r] = s;
            }
            return e;
        }

        /** Finite-population factor of the mini-batch mean, (N - C) / (C (N - 1)). */
        public double samplingFactor() {
            int nRows = rows();
            return (double) (nRows - batch) / ((double) batch * (nRows - 1));
        }

        @Override
        public double[][] perSampleCovariance() {
            double[] e = residuals();
            int n = dimension();
            double[][] s = new double[n][n];
            for (int r = 0; r < rows(); r++) {
                double[] a = features[r];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        s[i][j] += e[r] * e[r] * a[i] * a[j] / rows();
                    }
                }
            }
            return s;
        }

        @Override
        public double[][] batchCovariance() {
            double[][] q = perSampleCovariance();
            double k = samplingFactor();
            for (double[] row : q) {
                for (int j = 0; j < row.length; j++) {
                    row[j] *= k;
                }
            }
            return q;
        }
    }
}
