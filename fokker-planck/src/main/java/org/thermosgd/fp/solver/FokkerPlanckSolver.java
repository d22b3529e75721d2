package org.thermosgd.fp.solver;

import org.hipparchus.complex.Complex;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionNonSymmetric;

/** Stationary density, implicit time stepping, relaxation rate and distances for a {@link FokkerPlanck} generator. */
public final class FokkerPlanckSolver {
    private final FokkerPlanck fp;
    private final double shift;
    private BandedMatrix shiftedLu;

    public FokkerPlanckSolver(FokkerPlanck fp) {
        this.fp = fp;
        double maxDiag = 0;
        BandedMatrix a = fp.generator();
        for (int i = 0; i < a.size(); i++) {
            maxDiag = Math.max(maxDiag, Math.abs(a.get(i, i)));
        }
        this.shift = 1e-9 * maxDiag;
    }

    private BandedMatrix shifted() {
        if (shiftedLu == null) {
            shiftedLu = fp.generator().shifted(shift, -1.0).factor();
        }
        return shiftedLu;
    }

    /**
     * The stationary density (A p = 0, total probability 1) by inverse iteration with (s I - A), s = 1e-9 max|A_kk|:
     * the null vector dominates after a few solves.
     */
    public double[] stationary() {
        double[] p = firstOrderStationary();
        return fp.correction() == null ? p : defectCorrection(p);
    }

    /**
     * The null vector of the second-order operator A2 = A + C by defect correction: (s I - A) p' = s p + C p,
     * normalised, from the first-order solution; at the fixed point A2 p = 0. Stops when successive iterates agree
     * to 1e-10 of the largest value (the shifted solve leaves rounding noise near 1e-11), or after 2000 iterations
     * with an IllegalStateException if they still move.
     */
    private double[] defectCorrection(double[] p0) {
        int n = fp.size();
        double[] p = p0.clone();
        double[] cp = new double[n];
        BandedMatrix lu = shifted();
        for (int it = 0; it < 2000; it++) {
            fp.correction().multiply(p, cp);
            double[] next = new double[n];
            for (int k = 0; k < n; k++) {
                next[k] = shift * p[k] + cp[k];
            }
            lu.solve(next);
            double m = fp.mass(next);
            double diff = 0;
            for (int k = 0; k < n; k++) {
                next[k] /= m;
                diff = Math.max(diff, Math.abs(next[k] - p[k]));
            }
            p = next;
            if (diff < 1e-10 * max(p)) {
                return p;
            }
        }
        throw new IllegalStateException("the second-order stationary solve did not converge in 2000 defect"
                + " corrections; refine the grid");
    }

    /** The stationary density of the first-order (M-matrix) generator alone. */
    private double[] firstOrderStationary() {
        int n = fp.size();
        double[] p = new double[n];
        java.util.Arrays.fill(p, 1.0);
        BandedMatrix lu = shifted();
        for (int it = 0; it < 50; it++) {
            double[] prev = p.clone();
            lu.solve(p);
            double m = fp.mass(p);
            double diff = 0;
            for (int k = 0; k < n; k++) {
                p[k] /= m;
                diff = Math.max(diff, Math.abs(p[k] - prev[k] / (it == 0 ? fp.mass(prev) : 1)));
            }
            if (it > 0 && diff < 1e-14 * max(p)) {
                break;
            }
        }
        return p;
    }

    private static double max(double[] p) {
        double m = 0;
        for (double v : p) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** Backward-Euler time stepper (I - dt A) p' = p: conservative and positivity preserving at any dt. */
    public final class Implicit {
        private final BandedMatrix lu;

        Implicit(double dt) {
            if (!(dt > 0)) {
                throw new IllegalArgumentException("time step " + dt + " must be positive");
            }
            this.lu = fp.generator().shifted(1.0, -dt).factor();
        }

        public void step(double[] p) {
            lu.solve(p);
        }
    }

    public Implicit implicit(double dt) {
        return new Implicit(dt);
    }

    /**
     * The slowest relaxation rate: min -Re(lambda) over the non-zero eigenvalues of A nearest 0, from block inverse
     * iteration (4 vectors, in the zero-mass subspace) and a Rayleigh-Ritz step.
     */
    public double relaxationRate() {
        int n = fp.size();
        int m = 4;
        double[] pinf = stationary();
        double pinfSum = 0;
        for (double v : pinf) {
            pinfSum += v;
        }
        double[][] q = new double[m][n];
        org.apache.commons.rng.UniformRandomProvider rng =
                org.apache.commons.rng.simple.RandomSource.SPLIT_MIX_64.create(12345L);
        for (double[] col : q) {
            for (int k = 0; k < n; k++) {
                col[k] = rng.nextDouble() - 0.5;
            }
        }
        BandedMatrix lu = shifted();
        double previous = Double.NaN;
        double rate = Double.NaN;
        for (int it = 0; it < 200; it++) {
            for (double[] col : q) {
                project(col, pinf, pinfSum);
                lu.solve(col);
                project(col, pinf, pinfSum);
            }
            orthonormalise(q);
            rate = ritzRate(q);
            if (it > 3 && Math.abs(rate - previous) <= 1e-10 * Math.abs(rate)) {
                break;
            }
            previous = rate;
        }
        return rate;
    }

    private static void project(double[] x, double[] pinf, double pinfSum) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        double c = s / pinfSum;
        for (int k = 0; k < x.length; k++) {
            x[k] -= c * pinf[k];
        }
    }

    private static void orthonormalise(double[][] q) {
        for (int a = 0; a < q.length; a++) {
            for (int b = 0; b < a; b++) {
                double d = dot(q[a], q[b]);
                for (int k = 0; k < q[a].length; k++) {
                    q[a][k] -= d * q[b][k];
                }
            }
            double norm = Math.sqrt(dot(q[a], q[a]));
            for (int k = 0; k < q[a].length; k++) {
                q[a][k] /= norm;
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    private double ritzRate(double[][] q) {
        int m = q.length;
        double[][] h = new double[m][m];
        double[] aq = new double[fp.size()];
        for (int b = 0; b < m; b++) {
            fp.generator().multiply(q[b], aq);
            for (int a = 0; a < m; a++) {
                h[a][b] = dot(q[a], aq);
            }
        }
        double rate = Double.POSITIVE_INFINITY;
        for (Complex c : new EigenDecompositionNonSymmetric(new Array2DRowRealMatrix(h, false)).getEigenvalues()) {
            double r = -c.getReal();
            if (r > 0) {
                rate = Math.min(rate, r);
            }
        }
        return rate;
    }

    /** L1 distance sum_k |p_k - q_k| * cell volume. */
    public double l1(double[] p, double[] q) {
        double s = 0;
        for (int k = 0; k < p.length; k++) {
            s += Math.abs(p[k] - q[k]);
        }
        return s * fp.cellVolume();
    }

    /** KL(p || q) = sum_k p_k log(p_k / q_k) * cell volume (nats), over cells where p_k > 0. */
    public double kl(double[] p, double[] q) {
        double s = 0;
        for (int k = 0; k < p.length; k++) {
            if (p[k] > 0) {
                s += p[k] * Math.log(p[k] / q[k]);
            }
        }
        return s * fp.cellVolume();
    }
}
