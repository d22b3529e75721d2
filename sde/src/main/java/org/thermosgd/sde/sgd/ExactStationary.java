package org.thermosgd.sde.sgd;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.thermosgd.run.MemoryBudget;
import org.thermosgd.sde.linalg.Matrices;
import org.thermosgd.sde.lyapunov.Lyapunov;
import org.thermosgd.sde.lyapunov.NoStationaryLawException;

/**
 * Exact stationary second moments of momentum SGD on a quadratic, with no sampling and no small-lr approximation.
 * The update is (x, v)' = A(s)(x, v) + b(s) xi with A, b affine in the step factor s, so the second moments obey the
 * linear map S -> E_s[A(s) S A(s)^T] + E_s[b b^T] (x) Cov(xi), solved as a linear fixed point:
 * <ul>
 *   <li>Gaussian noise: in the eigenbasis of H the map splits into independent 4-unknown systems, one per pair of
 *       eigen-directions, so any dimension is cheap;</li>
 *   <li>regression noise: Cov(xi | x) depends on the state; its expectation is linear in E[x x^T]
 *       (kappa ((1/N) sum_i (a_i^T S a_i) a_i a_i^T - H S H + Sigma*)) and the whole map is solved densely
 *       ((2n)^2 unknowns, n up to {@value #MAX_DENSE_DIMENSION});</li>
 *   <li>cosine factor: the periodic steady state S_0 = Phi(S_0) of the composed one-period map, then averaged over
 *       the period.</li>
 * </ul>
 * A map with spectral radius >= 1 has no stationary law and raises {@link NoStationaryLawException}.
 */
public final class ExactStationary {
    public static final int MAX_DENSE_DIMENSION = 10;

    private ExactStationary() {
    }

    public static SecondMoments solve(SgdProblem p) {
        if (p.noise() instanceof GradientNoise.Gaussian) {
            return blockwise(p);
        }
        return dense(p);
    }

    // ---------------------------------------------------------------- blockwise (Gaussian noise)

    static SecondMoments blockwise(SgdProblem p) {
        int n = p.dimension();
        EigenDecompositionSymmetric eig = new EigenDecompositionSymmetric(Matrices.real(p.hessian()));
        double[] h = eig.getEigenvalues();
        RealMatrix u = eig.getV();
        double[][] qt = u.transpose().multiply(Matrices.real(p.noise().batchCovariance())).multiply(u).getData();
        UpdateForm.Coefficients c = p.form().coefficients(p.lr(), p.momentum());
        StepFactor f = p.factor();
        double[][][][] x = new double[n][n][][];
        // a deterministic law's factors are sampled once for all n (n + 1) / 2 pairs of directions
        double[] period = f instanceof StepFactor.Deterministic d ? d.onePeriod() : null;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double[][] blk = f instanceof StepFactor.Deterministic
                        ? periodicBlock(c, h[i], h[j], qt[i][j], period, i == j)
                        : stationaryBlock(c, h[i], h[j], qt[i][j], f.mean(), f.meanSquare(), i == j);
                x[i][j] = blk;
                x[j][i] = new double[][] {{blk[0][0], blk[1][0]}, {blk[0][1], blk[1][1]}};
            }
        }
        // back to the original basis: S_ab = sum_kl U_ik X_kl[a][b] U_jl
        double[][] s = new double[2 * n][2 * n];
        double[][] ud = u.getData();
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                double[][] tmp = new double[n][n];
                for (int k = 0; k < n; k++) {
                    for (int l = 0; l < n; l++) {
                        double xkl = x[k][l][a][b];
                        if (xkl == 0) {
                            continue;
                        }
                        for (int i = 0; i < n; i++) {
                            tmp[i][l] += ud[i][k] * xkl;
                        }
                    }
                }
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        double sum = 0;
                        for (int l = 0; l < n; l++) {
                            sum += tmp[i][l] * ud[j][l];
                        }
                        s[a * n + i][b * n + j] = sum;
                    }
                }
            }
        }
        return SecondMoments.ofPhaseSpace(symmetrise(s));
    }

    /** The 4x4 matrix of X -> sum_k w_k L_k X R_k^T on 2x2 X (row-major vec). */
    private static double[][] operator(double[][][] left, double[][][] right, double[] w) {
        double[][] m = new double[4][4];
        for (int k = 0; k < w.length; k++) {
            for (int r = 0; r < 2; r++) {
                for (int cc = 0; cc < 2; cc++) {
                    for (int p = 0; p < 2; p++) {
                        for (int q = 0; q < 2; q++) {
                            m[r * 2 + cc][p * 2 + q] += w[k] * left[k][r][p] * right[k][cc][q];
                        }
                    }
                }
            }
        }
        return m;
    }

    private static double[] noiseBlock(UpdateForm.Coefficients c, double m1, double m2, double q) {
        double[] b0 = c.b0();
        double[] b1 = c.b1();
        double[] n = new double[4];
        for (int r = 0; r < 2; r++) {
            for (int cc = 0; cc < 2; cc++) {
                n[r * 2 + cc] = q * (b0[r] * b0[cc] + m1 * (b0[r] * b1[cc] + b1[r] * b0[cc]) + m2 * b1[r] * b1[cc]);
            }
        }
        return n;
    }

    private static double[][] stationaryBlock(UpdateForm.Coefficients c, double hi, double hj, double q, double m1,
                                              double m2, boolean diagonal) {
        double[][] a0i = c.a0(hi);
        double[][] a1i = c.a1(hi);
        double[][] a0j = c.a0(hj);
        double[][] a1j = c.a1(hj);
        double[][] m = operator(new double[][][] {a0i, a0i, a1i, a1i}, new double[][][] {a0j, a1j, a0j, a1j},
                new double[] {1, m1, m1, m2});
        if (diagonal) {
            requireStable(m, hi);
        }
        return fixedPoint(m, noiseBlock(c, m1, m2, q));
    }

    private static double[][] periodicBlock(UpdateForm.Coefficients c, double hi, double hj, double q, double[] factors,
                                            boolean diagonal) {
        // two passes over the period with the step maps recomputed in place rather than stored: memory O(1) and a
        // few hundred flops per step (half-periods of 10^6 steps took 3.9 GB and 53 s when the maps were kept)
        int period = factors.length;
        PeriodicStep step = new PeriodicStep(c, hi, hj, q);
        double[] total = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
        double[] tmp = new double[16];
        double[] offset = new double[4];
        double[] next = new double[4];
        boolean vanished = false;
        for (int t = 0; t < period; t++) {
            step.at(factors[t]);
            step.advance(offset, next);
            System.arraycopy(next, 0, offset, 0, 4);
            if (vanished) {
                continue;
            }
            for (int r = 0; r < 4; r++) {
                for (int col = 0; col < 4; col++) {
                    double sum = 0;
                    for (int k = 0; k < 4; k++) {
                        sum += step.m[r * 4 + k] * total[k * 4 + col];
                    }
                    tmp[r * 4 + col] = sum;
                }
            }
            double[] swap = total;
            total = tmp;
            tmp = swap;
            // a contracting product decays towards subnormal numbers, where arithmetic is ~100x slower; below 1e-200
            // it is 0 to double precision in the fixed point (I - T) x = offset
            double max = 0;
            for (double v : total) {
                max = Math.max(max, Math.abs(v));
            }
            if (max < 1e-200) {
                java.util.Arrays.fill(total, 0);
                vanished = true;
            }
        }
        double[][] totalMatrix = new double[4][4];
        for (int r = 0; r < 4; r++) {
            System.arraycopy(total, r * 4, totalMatrix[r], 0, 4);
        }
        if (diagonal) {
            requireStable(totalMatrix, hi);
        }
        double[][] x0 = fixedPoint(totalMatrix, offset);
        double[] x = {x0[0][0], x0[0][1], x0[1][0], x0[1][1]};
        double[] avg = new double[4];
        for (int t = 0; t < period; t++) {
            step.at(factors[t]);
            step.advance(x, next);
            System.arraycopy(next, 0, x, 0, 4);
            for (int k = 0; k < 4; k++) {
                avg[k] += x[k] / period;
            }
        }
        return new double[][] {{avg[0], avg[1]}, {avg[2], avg[3]}};
    }

    /**
     * One step's second-moment map X -> A_i(s) X A_j(s)^T + q b(s) b(s)^T on the pair of eigen-directions (hi, hj),
     * with A(s) = A0 + s A1 and b(s) = b0 + s b1 ({@link #operator} and {@link #noiseBlock} for one factor value),
     * refilled in place for each s.
     */
    private static final class PeriodicStep {
        final double[][] a0i;
        final double[][] a1i;
        final double[][] a0j;
        final double[][] a1j;
        final double[] b0;
        final double[] b1;
        final double q;
        final double[] m = new double[16];
        final double[] n = new double[4];
        final double[][] ai = new double[2][2];
        final double[][] aj = new double[2][2];

        PeriodicStep(UpdateForm.Coefficients c, double hi, double hj, double q) {
            a0i = c.a0(hi);
            a1i = c.a1(hi);
            a0j = c.a0(hj);
            a1j = c.a1(hj);
            b0 = c.b0();
            b1 = c.b1();
            this.q = q;
        }

        void at(double s) {
            for (int r = 0; r < 2; r++) {
                for (int k = 0; k < 2; k++) {
                    ai[r][k] = a0i[r][k] + s * a1i[r][k];
                    aj[r][k] = a0j[r][k] + s * a1j[r][k];
                }
            }
            for (int r = 0; r < 2; r++) {
                for (int cc = 0; cc < 2; cc++) {
                    for (int p = 0; p < 2; p++) {
                        for (int qq = 0; qq < 2; qq++) {
                            m[(r * 2 + cc) * 4 + p * 2 + qq] = ai[r][p] * aj[cc][qq];
                        }
                    }
                    double br = b0[r] + s * b1[r];
                    double bc = b0[cc] + s * b1[cc];
                    n[r * 2 + cc] = q * br * bc;
                }
            }
        }

        /** out = M x + n. */
        void advance(double[] x, double[] out) {
            for (int r = 0; r < 4; r++) {
                out[r] = m[r * 4] * x[0] + m[r * 4 + 1] * x[1] + m[r * 4 + 2] * x[2] + m[r * 4 + 3] * x[3] + n[r];
            }
        }
    }

    private static void requireStable(double[][] m, double h) {
        String along = "the second-moment map along the Hessian direction with curvature " + h;
        requireFinite(m, along);
        // the spectral radius is at most any induced norm: a contraction in the max-row-sum norm is stable, without
        // an eigen-decomposition (which fails to converge on the tiny products of long cosine periods)
        double norm = 0;
        for (double[] row : m) {
            double sum = 0;
            for (double v : row) {
                sum += Math.abs(v);
            }
            norm = Math.max(norm, sum);
        }
        if (norm < 1) {
            return;
        }
        double rho = Lyapunov.spectralRadius(m);
        if (!(rho < 1)) {
            throw new NoStationaryLawException(unstable(along, rho));
        }
    }

    /** Spectral radius within this of 1 is 1 to double precision: the step barely moves the moments. */
    private static final double ROUNDS_TO_ONE = 1e-12;

    private static String unstable(String map, double rho) {
        return Math.abs(rho - 1) <= ROUNDS_TO_ONE
                ? "no stationary law computable: " + map + " has spectral radius 1 to double precision (" + rho
                        + "): a step barely contracts the second moments (lr x curvature below about 1e-12, or zero"
                        + " curvature), so their relaxation takes more steps than double precision resolves; use a"
                        + " larger lr or a direction of positive curvature"
                : "no stationary law: " + map + " has spectral radius " + rho + " >= 1: SGD diverges in mean square"
                        + " (lr too large)";
    }

    /**
     * An overflowing map (lr x curvature near the double range) diverges; its eigen-decomposition would not converge.
     */
    private static void requireFinite(double[][] m, String map) {
        for (double[] row : m) {
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new NoStationaryLawException("no stationary law: " + map + " has an entry " + v + " beyond"
                            + " double range (lr x curvature squared overflows): SGD diverges in mean square");
                }
            }
        }
    }

    private static double[][] fixedPoint(double[][] m, double[] rhs) {
        int d = rhs.length;
        double[][] k = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                k[i][j] = (i == j ? 1 : 0) - m[i][j];
            }
        }
        double[] v = new LUDecomposition(new Array2DRowRealMatrix(k, false)).getSolver()
                .solve(new ArrayRealVector(rhs, false)).toArray();
        int side = (int) Math.round(Math.sqrt(d));
        double[][] out = new double[side][side];
        for (int i = 0; i < side; i++) {
            System.arraycopy(v, i * side, out[i], 0, side);
        }
        return out;
    }

    // ---------------------------------------------------------------- dense (any noise, small n)

    static SecondMoments dense(SgdProblem p) {
        int n = p.dimension();
        if (n > MAX_DENSE_DIMENSION) {
            throw new IllegalArgumentException("exact moments with regression noise are computed densely for"
                    + " dimension <= " + MAX_DENSE_DIMENSION + ", found " + n);
        }
        int d = 2 * n;
        double[][] h = p.hessian();
        UpdateForm.Coefficients c = p.form().coefficients(p.lr(), p.momentum());
        double[][] a0 = expand(c.a0I(), c.a0H(), h);
        double[][] a1 = expand(c.a1I(), c.a1H(), h);
        StepFactor f = p.factor();
        NoiseModel noise = NoiseModel.of(p);
        if (f instanceof StepFactor.Deterministic) {
            int period = f.periodSteps();
            MemoryBudget.requireHeap(String.format("the exact solution with non-Gaussian noise over a period of %,d"
                    + " steps (one %dx%d map a step)", period, d * d, d * d), period * (8.0 * d * d * (d * d + 1)));
            double[][][] maps = new double[period][][];
            double[][] offsets = new double[period][];
            double[][] total = identity(d * d);
            double[] offset = new double[d * d];
            for (int t = 0; t < period; t++) {
                double s = f.deterministic(t);
                maps[t] = stepOperator(a0, a1, c, s, s * s, noise, d);
                offsets[t] = vec(noise.constant(c, s, s * s));
                total = mul(maps[t], total);
                offset = addVec(mulVec(maps[t], offset), offsets[t]);
            }
            requireStableDense(total);
            double[] x = solveFixed(total, offset);
            double[] avg = new double[d * d];
            for (int t = 0; t < period; t++) {
                x = addVec(mulVec(maps[t], x), offsets[t]);
                for (int k = 0; k < avg.length; k++) {
                    avg[k] += x[k] / period;
                }
            }
            return SecondMoments.ofPhaseSpace(symmetrise(unvec(avg, d)));
        }
        double[][] op = stepOperator(a0, a1, c, f.mean(), f.meanSquare(), noise, d);
        requireStableDense(op);
        double[] s = solveFixed(op, vec(noise.constant(c, f.mean(), f.meanSquare())));
        return SecondMoments.ofPhaseSpace(symmetrise(unvec(s, d)));
    }

    /** Gradient-noise covariance as an affine function of S_xx: K(S) = kappa (M4(S) - H S H) + K0. */
    private record NoiseModel(double[][] k0, double kappa, double[][] features, double[][] h) {
        static NoiseModel of(SgdProblem p) {
            if (p.noise() instanceof GradientNoise.Regression r) {
                return new NoiseModel(r.batchCovariance(), r.samplingFactor(), r.features(), p.hessian());
            }
            return new NoiseModel(p.noise().batchCovariance(), 0, null, null);
        }

        boolean stateDependent() {
            return features != null && kappa != 0;
        }

        /** The state-dependent part kappa (M4(Sxx) - H Sxx H) for the position block Sxx. */
        double[][] linear(double[][] s) {
            int n = h.length;
            double[][] k = new double[n][n];
            for (double[] a : features) {
                double q = 0;
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        q += a[i] * s[i][j] * a[j];
                    }
                }
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        k[i][j] += q * a[i] * a[j] / features.length;
                    }
                }
            }
            double[][] hs = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    for (int m = 0; m < n; m++) {
                        hs[i][j] += h[i][m] * s[m][j];
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double hsh = 0;
                    for (int m = 0; m < n; m++) {
                        hsh += hs[i][m] * h[m][j];
                    }
                    k[i][j] = kappa * (k[i][j] - hsh);
                }
            }
            return k;
        }

        double[][] constant(UpdateForm.Coefficients c, double m1, double m2) {
            return kron(bb(c, m1, m2), k0);
        }
    }

    private static double[][] bb(UpdateForm.Coefficients c, double m1, double m2) {
        double[] n = noiseBlock(c, m1, m2, 1.0);
        return new double[][] {{n[0], n[1]}, {n[2], n[3]}};
    }

    /** The matrix of S -> E[A S A^T] + E[b b^T] (x) kappa(...)(S_xx) on vec(S), d = 2n. */
    private static double[][] stepOperator(double[][] a0, double[][] a1, UpdateForm.Coefficients c, double m1,
                                           double m2, NoiseModel noise, int d) {
        double[][] op = new double[d * d][d * d];
        double[][] ebb = bb(c, m1, m2);
        RealMatrix ra0 = Matrices.real(a0);
        RealMatrix ra1 = Matrices.real(a1);
        for (int p = 0; p < d; p++) {
            for (int q = 0; q < d; q++) {
                double[][] e = new double[d][d];
                e[p][q] = 1;
                RealMatrix re = new Array2DRowRealMatrix(e, false);
                RealMatrix img = ra0.multiply(re).multiply(ra0.transpose())
                        .add(ra0.multiply(re).multiply(ra1.transpose()).scalarMultiply(m1))
                        .add(ra1.multiply(re).multiply(ra0.transpose()).scalarMultiply(m1))
                        .add(ra1.multiply(re).multiply(ra1.transpose()).scalarMultiply(m2));
                double[][] out = img.getData();
                if (noise.stateDependent() && p < d / 2 && q < d / 2) {
                    double[][] k = noise.linear(topLeft(e, d / 2));
                    double[][] add = kron(ebb, k);
                    for (int i = 0; i < d; i++) {
                        for (int j = 0; j < d; j++) {
                            out[i][j] += add[i][j];
                        }
                    }
                }
                int col = p * d + q;
                for (int i = 0; i < d; i++) {
                    for (int j = 0; j < d; j++) {
                        op[i * d + j][col] = out[i][j];
                    }
                }
            }
        }
        return op;
    }

    private static double[][] topLeft(double[][] s, int n) {
        double[][] t = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(s[i], 0, t[i], 0, n);
        }
        return t;
    }

    /** The 2x2 block pattern of (x, v) in the 2n x 2n phase space: block(r, c) = coefficient (x) K. */
    private static double[][] kron(double[][] two, double[][] k) {
        int n = k.length;
        double[][] out = new double[2 * n][2 * n];
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        out[r * n + i][c * n + j] = two[r][c] * k[i][j];
                    }
                }
            }
        }
        return out;
    }

    private static double[][] expand(double[][] coefI, double[][] coefH, double[][] h) {
        int n = h.length;
        double[][] out = new double[2 * n][2 * n];
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        out[r * n + i][c * n + j] = coefH[r][c] * h[i][j] + (i == j ? coefI[r][c] : 0);
                    }
                }
            }
        }
        return out;
    }

    private static void requireStableDense(double[][] op) {
        requireFinite(op, "the second-moment map");
        double rho = Lyapunov.spectralRadius(op);
        if (!(rho < 1)) {
            throw new NoStationaryLawException(unstable("the second-moment map", rho));
        }
    }

    private static double[] solveFixed(double[][] m, double[] rhs) {
        int d = rhs.length;
        double[][] k = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                k[i][j] = (i == j ? 1 : 0) - m[i][j];
            }
        }
        return new LUDecomposition(new Array2DRowRealMatrix(k, false)).getSolver()
                .solve(new ArrayRealVector(rhs, false)).toArray();
    }

    // ---------------------------------------------------------------- small helpers

    private static double[] vec(double[][] s) {
        int d = s.length;
        double[] v = new double[d * d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(s[i], 0, v, i * d, d);
        }
        return v;
    }

    private static double[][] unvec(double[] v, int d) {
        double[][] s = new double[d][d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(v, i * d, s[i], 0, d);
        }
        return s;
    }

    private static double[][] symmetrise(double[][] s) {
        for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < i; j++) {
                double m = 0.5 * (s[i][j] + s[j][i]);
                s[i][j] = m;
                s[j][i] = m;
            }
        }
        return s;
    }

    private static double[][] identity(int d) {
        double[][] m = new double[d][d];
        for (int i = 0; i < d; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    private static double[][] mul(double[][] a, double[][] b) {
        return Matrices.real(a).multiply(Matrices.real(b)).getData();
    }

    private static double[] mulVec(double[][] a, double[] x) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            double s = 0;
            for (int j = 0; j < x.length; j++) {
                s += a[i][j] * x[j];
            }
            out[i] = s;
        }
        return out;
    }

    private static double[] addVec(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }
}
