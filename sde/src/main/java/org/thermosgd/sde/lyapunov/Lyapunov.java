package org.thermosgd.sde.lyapunov;

import org.hipparchus.complex.Complex;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.EigenDecompositionNonSymmetric;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.thermosgd.sde.linalg.Matrices;

/**
 * Stationary covariances of linear dynamics, by solving the Lyapunov equation as one linear system in vec(S)
 * (Kronecker form, d^2 unknowns, dense LU: intended for d up to about 60).
 * <ul>
 *   <li>continuous: F S + S F^T + Q = 0 for dZ = F Z dt + B dW, Q = B B^T;</li>
 *   <li>discrete: S = A S A^T + Q for Z' = A Z + eta, Cov eta = Q.</li>
 * </ul>
 */
public final class Lyapunov {
    /** The largest dimension of the dense solvers (a d^2 x d^2 linear system). */
    public static final int MAX_DIMENSION = 60;

    private Lyapunov() {
    }

    public static double[][] continuous(double[][] f, double[][] q) {
        int d = check(f, q);
        double maxRe = Double.NEGATIVE_INFINITY;
        for (Complex c : new EigenDecompositionNonSymmetric(Matrices.real(f)).getEigenvalues()) {
            maxRe = Math.max(maxRe, c.getReal());
        }
        if (!(maxRe < 0)) {
            throw new NoStationaryLawException("drift has an eigenvalue with real part " + maxRe
                    + " >= 0: the linear SDE has no stationary law");
        }
        // (I (x) F + F (x) I) vec(S) = -vec(Q), vec row-major: index i*d + j
        double[][] k = new double[d * d][d * d];
        double[] rhs = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                int row = i * d + j;
                rhs[row] = -q[i][j];
                for (int m = 0; m < d; m++) {
                    k[row][m * d + j] += f[i][m];
                    k[row][i * d + m] += f[j][m];
                }
            }
        }
        return symmetrise(solve(k, rhs, d));
    }

    /**
     * H S + S H = Q for a symmetric H, in H's eigenbasis: S~_ij = Q~_ij / (lambda_i + lambda_j) (O(d^3), any d).
     * This is the continuous equation with drift F = -H; it has a stationary law only when every lambda_i > 0.
     */
    public static double[][] symmetricContinuous(double[][] h, double[][] q) {
        Matrices.requireSymmetric("hessian", h);
        Matrices.requireSymmetric("noise covariance", q);
        int d = h.length;
        org.hipparchus.linear.EigenDecompositionSymmetric e =
                new org.hipparchus.linear.EigenDecompositionSymmetric(Matrices.real(h));
        double[] lambda = e.getEigenvalues();
        for (double l : lambda) {
            if (!(l > 0)) {
                throw new NoStationaryLawException("drift has an eigenvalue with real part " + (-l)
                        + " >= 0: the linear SDE has no stationary law");
            }
        }
        RealMatrix u = e.getV();
        double[][] qt = u.transpose().multiply(Matrices.real(q)).multiply(u).getData();
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                qt[i][j] /= lambda[i] + lambda[j];
            }
        }
        return symmetrise(u.multiply(new Array2DRowRealMatrix(qt, false)).multiply(u.transpose()).getData());
    }

    public static double[][] discrete(double[][] a, double[][] q) {
        int d = check(a, q);
        double rho = spectralRadius(a);
        if (!(rho < 1)) {
            throw new NoStationaryLawException("transition matrix has spectral radius " + rho
                    + " >= 1: the chain has no stationary law (step too large?)");
        }
        // (I - A (x) A) vec(S) = vec(Q)
        double[][] k = new double[d * d][d * d];
        double[] rhs = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                int row = i * d + j;
                rhs[row] = q[i][j];
                k[row][row] += 1;
                for (int m = 0; m < d; m++) {
                    for (int p = 0; p < d; p++) {
                        k[row][m * d + p] -= a[i][m] * a[j][p];
                    }
                }
            }
        }
        return symmetrise(solve(k, rhs, d));
    }

    /** The largest |eigenvalue| of {@code a}; a non-finite entry is refused (the eigen-solver would not converge). */
    public static double spectralRadius(double[][] a) {
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                if (!Double.isFinite(a[i][j])) {
                    throw new IllegalArgumentException("the " + a.length + "x" + a[i].length + " matrix has a"
                            + " non-finite entry " + a[i][j] + " at (" + i + ", " + j + "): no spectral radius");
                }
            }
        }
        double rho = 0;
        for (Complex c : new EigenDecompositionNonSymmetric(Matrices.real(a)).getEigenvalues()) {
            rho = Math.max(rho, c.norm());
        }
        return rho;
    }

    /** max |F S + S F^T + Q| / max(|Q|, tiny): the relative residual of a continuous solution. */
    public static double continuousResidual(double[][] f, double[][] s, double[][] q) {
        RealMatrix fm = Matrices.real(f);
        RealMatrix sm = Matrices.real(s);
        RealMatrix r = fm.multiply(sm).add(sm.multiply(fm.transpose())).add(Matrices.real(q));
        return Matrices.maxAbs(r.getData()) / Math.max(Matrices.maxAbs(q), Double.MIN_NORMAL);
    }

    /** max |A S A^T + Q - S| / max(|S|, tiny): the relative residual of a discrete solution. */
    public static double discreteResidual(double[][] a, double[][] s, double[][] q) {
        RealMatrix am = Matrices.real(a);
        RealMatrix sm = Matrices.real(s);
        RealMatrix r = am.multiply(sm).multiply(am.transpose()).add(Matrices.real(q)).subtract(sm);
        return Matrices.maxAbs(r.getData()) / Math.max(Matrices.maxAbs(s), Double.MIN_NORMAL);
    }

    private static int check(double[][] m, double[][] q) {
        Matrices.requireSquare("drift", m);
        Matrices.requireSymmetric("noise covariance", q);
        if (q.length != m.length) {
            throw new IllegalArgumentException("noise covariance is " + q.length + "x" + q.length + ", expected "
                    + m.length + "x" + m.length);
        }
        if (m.length > MAX_DIMENSION) {
            throw new IllegalArgumentException("dimension " + m.length + " exceeds " + MAX_DIMENSION
                    + " for the dense Lyapunov solver");
        }
        return m.length;
    }

    private static double[][] solve(double[][] k, double[] rhs, int d) {
        double[] v = new LUDecomposition(new Array2DRowRealMatrix(k, false)).getSolver()
                .solve(new ArrayRealVector(rhs, false)).toArray();
        double[][] s = new double[d][d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(v, i * d, s[i], 0, d);
        }
        return s;
    }

    static double[][] symmetrise(double[][] s) {
        int d = s.length;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                double m = 0.5 * (s[i][j] + s[j][i]);
                s[i][j] = m;
                s[j][i] = m;
            }
        }
        return s;
    }
}
