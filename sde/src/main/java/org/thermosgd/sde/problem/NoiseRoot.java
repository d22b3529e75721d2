package org.thermosgd.sde.problem;

import java.util.Arrays;
import org.thermosgd.sde.linalg.Matrices;

/**
 * A square root L of a noise covariance S = L L^T (per unit time), applied as {@code out += scale * L w}. Kept
 * isotropic (S = s I) or diagonal where it is, so the common cases cost O(n), not O(n^2).
 */
public final class NoiseRoot {
    private final int n;
    private final double iso;
    private final double[] diag;
    private final double[][] lower;

    private NoiseRoot(int n, double iso, double[] diag, double[][] lower) {
        this.n = n;
        this.iso = iso;
        this.diag = diag;
        this.lower = lower;
    }

    /** S = variance * I. */
    public static NoiseRoot isotropic(int n, double variance) {
        if (!(variance >= 0) || n <= 0) {
            throw new IllegalArgumentException("noise variance " + variance + " must be >= 0 and dimension " + n
                    + " positive");
        }
        return new NoiseRoot(n, Math.sqrt(variance), null, null);
    }

    /** S = diag(variances). */
    public static NoiseRoot diagonal(double... variances) {
        double[] d = new double[variances.length];
        for (int i = 0; i < d.length; i++) {
            if (!(variances[i] >= 0)) {
                throw new IllegalArgumentException("noise variance[" + i + "] = " + variances[i] + " must be >= 0");
            }
            d[i] = Math.sqrt(variances[i]);
        }
        return new NoiseRoot(d.length, Double.NaN, d, null);
    }

    /** Any symmetric positive semi-definite S (Cholesky, or eigen-root when S is singular). */
    public static NoiseRoot covariance(double[][] s) {
        Matrices.requireSymmetricPositiveSemidefinite("noise covariance", s);
        if (Matrices.isDiagonal(s)) {
            return diagonal(Matrices.diagonal(s));
        }
        return new NoiseRoot(s.length, Double.NaN, null, Matrices.choleskyLike(s));
    }

    public int dimension() {
        return n;
    }

    /** The covariance S = L L^T this root represents. */
    public double[][] covariance() {
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                s[i][j] = i == j ? variance(i) : (lower == null ? 0 : dotRows(i, j));
            }
        }
        return s;
    }

    private double dotRows(int i, int j) {
        double s = 0;
        for (int k = 0; k < n; k++) {
            s += lower[i][k] * lower[j][k];
        }
        return s;
    }

    /** True when S is diagonal (isotropic included), so that coordinate i receives sqrt(S_ii) w_i. */
    public boolean isDiagonal() {
        return lower == null;
    }

    /** sqrt(S_ii) for a diagonal S; NaN otherwise. */
    public double diagonalRoot(int i) {
        return lower != null ? Double.NaN : diag != null ? diag[i] : iso;
    }

    public double variance(int i) {
        if (lower != null) {
            return dotRows(i, i);
        }
        double r = diag != null ? diag[i] : iso;
        return r * r;
    }

    /** {@code out[offset + i] += scale * (L w)_i}. */
    public void addTo(double[] w, double scale, double[] out, int offset) {
        if (lower == null && diag == null) {
            double c = scale * iso;
            for (int i = 0; i < n; i++) {
                out[offset + i] += c * w[i];
            }
        } else if (lower == null) {
            for (int i = 0; i < n; i++) {
                out[offset + i] += scale * diag[i] * w[i];
            }
        } else {
            for (int i = 0; i < n; i++) {
                double[] row = lower[i];
                double s = 0;
                for (int k = 0; k <= i && k < n; k++) {
                    s += row[k] * w[k];
                }
                for (int k = i + 1; k < n; k++) {
                    s += row[k] * w[k];
                }
                out[offset + i] += scale * s;
            }
        }
    }

    @Override
    public String toString() {
        return lower != null ? "full" : diag != null ? "diagonal" + Arrays.toString(diag) : "isotropic(" + iso + ")";
    }
}
