package org.thermosgd.sde.linalg;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.RealMatrix;

/** Small dense-matrix helpers on {@code double[][]} (row-major) with argument checks that name the field. */
public final class Matrices {
    private static final double SYMMETRY_TOL = 1e-12;

    private Matrices() {
    }

    public static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }

    public static double[][] diag(double... d) {
        double[][] m = new double[d.length][d.length];
        for (int i = 0; i < d.length; i++) {
            m[i][i] = d[i];
        }
        return m;
    }

    public static double[][] identity(int n) {
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1.0);
        return diag(ones);
    }

    public static double[] diagonal(double[][] m) {
        double[] d = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            d[i] = m[i][i];
        }
        return d;
    }

    public static boolean isDiagonal(double[][] m) {
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
                if (i != j && m[i][j] != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    public static RealMatrix real(double[][] m) {
        return new Array2DRowRealMatrix(m, true);
    }

    /** The largest |entry| a problem matrix may have: squares and products of entries stay in double range. */
    public static final double MAX_ENTRY = 1e150;

    /** Refuses a matrix that is not square or has an entry that is not finite or beyond {@link #MAX_ENTRY}. */
    public static void requireSquare(String field, double[][] m) {
        if (m == null || m.length == 0) {
            throw new IllegalArgumentException(field + " must be a non-empty square matrix");
        }
        for (int i = 0; i < m.length; i++) {
            if (m[i] == null || m[i].length != m.length) {
                throw new IllegalArgumentException(field + " must be square: row " + i + " has "
                        + (m[i] == null ? 0 : m[i].length) + " entries, expected " + m.length);
            }
            for (double v : m[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(field + " has a non-finite entry " + v + " in row " + i);
                }
                if (Math.abs(v) > MAX_ENTRY) {
                    throw new IllegalArgumentException(field + " has an entry " + v + " in row " + i + " beyond +-"
                            + MAX_ENTRY + ", where products of entries overflow double precision (rescale the"
                            + " problem)");
                }
            }
        }
    }

    public static void requireSymmetric(String field, double[][] m) {
        requireSquare(field, m);
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < i; j++) {
                double scale = Math.max(1.0, Math.max(Math.abs(m[i][j]), Math.abs(m[j][i])));
                if (Math.abs(m[i][j] - m[j][i]) > SYMMETRY_TOL * scale) {
                    throw new IllegalArgumentException(field + " is not symmetric: [" + i + "][" + j + "] = "
                            + m[i][j] + " but [" + j + "][" + i + "] = " + m[j][i]);
                }
            }
        }
    }

    /**
     * Smallest eigenvalue of a symmetric matrix (of its symmetric part (m + m^T) / 2, so an asymmetry within
     * {@link #requireSymmetric}'s tolerance is read as rounding).
     */
    public static double minEigenvalue(double[][] m) {
        int n = m.length;
        double[][] sym = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                sym[i][j] = 0.5 * (m[i][j] + m[j][i]);
            }
        }
        double[] ev = new EigenDecompositionSymmetric(real(sym)).getEigenvalues();
        double min = Double.POSITIVE_INFINITY;
        for (double e : ev) {
            min = Math.min(min, e);
        }
        return min;
    }

    public static void requireSymmetricPositiveDefinite(String field, double[][] m) {
        requireSymmetric(field, m);
        double min = minEigenvalue(m);
        if (!(min > 0)) {
            throw new IllegalArgumentException(field + " is not positive definite: smallest eigenvalue " + min);
        }
    }

    public static void requireSymmetricPositiveSemidefinite(String field, double[][] m) {
        requireSymmetric(field, m);
        double min = minEigenvalue(m);
        double scale = 0;
        for (double[] row : m) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        if (min < -1e-12 * Math.max(1, scale)) {
            throw new IllegalArgumentException(field + " is not a covariance (positive semi-definite): smallest"
                    + " eigenvalue " + min);
        }
    }

    /**
     * Lower-triangular L with L L^T = m for a symmetric positive semi-definite m (zero rows/columns allowed), via the
     * symmetric eigen-decomposition where Cholesky fails.
     */
    public static double[][] choleskyLike(double[][] m) {
        try {
            return new CholeskyDecomposition(real(m), 1e-14, 0).getL().getData();
        } catch (RuntimeException notPositiveDefinite) {
            EigenDecompositionSymmetric e = new EigenDecompositionSymmetric(real(m));
            RealMatrix v = e.getV();
            double[] ev = e.getEigenvalues();
            int n = m.length;
            double[][] root = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < n; k++) {
                    root[i][k] = v.getEntry(i, k) * Math.sqrt(Math.max(0, ev[k]));
                }
            }
            return root;
        }
    }

    public static double[][] multiply(double[][] a, double[][] b) {
        return real(a).multiply(real(b)).getData();
    }

    public static double[][] transpose(double[][] a) {
        return real(a).transpose().getData();
    }

    public static double maxAbs(double[][] a) {
        double m = 0;
        for (double[] row : a) {
            for (double v : row) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }

    /** The largest real part of the eigenvalues of a square matrix (0 for the zero matrix). */
    public static double maxRealEigenvalue(double[][] m) {
        if (maxAbs(m) == 0) {
            return 0;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (org.hipparchus.complex.Complex c : new org.hipparchus.linear.EigenDecompositionNonSymmetric(real(m))
                .getEigenvalues()) {
            max = Math.max(max, c.getReal());
        }
        return max;
    }
}
