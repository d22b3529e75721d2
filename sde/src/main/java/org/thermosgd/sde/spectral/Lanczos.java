package org.thermosgd.sde.spectral;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.thermosgd.run.MemoryBudget;

/**
 * Extreme eigenpairs of a symmetric operator by Lanczos with full reorthogonalisation (every new vector is
 * orthogonalised twice against all previous ones, so no ghost copies of converged eigenvalues appear). The Krylov
 * space grows in steps of 10 until the wanted Ritz pairs' residual estimates |beta_m s_m| fall below
 * {@code tolerance x |lambda_max|} or {@code maxSteps} is reached; the residuals |A v - lambda v| of the returned
 * pairs are then computed explicitly (one product each). Memory: {@code maxSteps} vectors of length n.
 */
public final class Lanczos {
    /** How the pairs came out: eigenvalues (descending; the most negative ones ascending), vectors, residuals. */
    public record Result(double[] values, double[][] vectors, double[] residuals, double[] bottomValues,
                         double[][] bottomVectors, double[] bottomResiduals, int steps, boolean converged,
                         double tolerance) {
        /** The largest explicit residual over |lambda_max| (how far from converged the worst pair is). */
        public double worstRelativeResidual() {
            return worstRelative(values, residuals, bottomValues, bottomResiduals);
        }
    }

    private static double worstRelative(double[] values, double[] residuals, double[] bottomValues,
                                        double[] bottomResiduals) {
        double scale = Math.max(values.length > 0 ? Math.abs(values[0]) : 0,
                bottomValues.length > 0 ? Math.abs(bottomValues[0]) : 0);
        double w = 0;
        for (double[] rs : new double[][] {residuals, bottomResiduals}) {
            for (double r : rs) {
                w = Math.max(w, r / scale);
            }
        }
        return w;
    }

    private Lanczos() {
    }

    /**
     * The {@code k} largest eigenpairs (and the {@code bottom} most negative, 0 for none) of {@code a}, from a
     * Gaussian start vector drawn with {@code seed}.
     */
    /** The largest |A v| (|v| = 1) Lanczos takes: the eigen-solver squares the tridiagonal's entries. */
    public static final double MAX_PRODUCT_NORM = 1e150;

    /**
     * Refuses, before any product, a run of {@link #extremes} whose first block would not fit in the Java heap: the
     * first {@link #firstSteps} basis vectors of n doubles, the k + bottom Ritz vectors, and the eigen-decomposition
     * of the tridiagonal matrix (about four m x m arrays). Later blocks of 10 vectors are taken only while the heap
     * holds them; where it does not, Lanczos stops with what it has (not converged, fewer steps than asked).
     */
    public static void requireMemory(long n, int k, int bottom, int maxSteps) {
        double m = firstSteps(n, k, bottom, maxSteps);
        MemoryBudget.requireHeap(String.format("--top-k %d with --bottom %d and --max-steps %d on %,d parameters"
                + " (%,.0f Lanczos vectors and a %,.0f x %,.0f eigen-decomposition)", k, bottom, maxSteps, n, m, m, m),
                8.0 * n * (m + k + bottom) + 4 * 8.0 * m * m);
    }

    /** The basis size of Lanczos's first block: min(n, limit, max(2 (k + bottom) + 10, 20)). */
    static int firstSteps(long n, int k, int bottom, int maxSteps) {
        long limit = Math.min(n, Math.max(maxSteps, (long) k + bottom + 2));
        return (int) Math.min(limit, Math.max(2L * (k + bottom) + 10, 20));
    }

    /** Whether the heap can take {@code vectors} more vectors of n doubles now (after a collection if needed). */
    private static boolean heapHolds(long n, int vectors) {
        Runtime rt = Runtime.getRuntime();
        double need = 8.0 * n * vectors;
        if (rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()) > need) {
            return true;
        }
        System.gc();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()) > need;
    }

    public static Result extremes(SymmetricOperator a, int k, int bottom, int maxSteps, double tolerance, long seed) {
        int n = a.dimension();
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("--top-k " + k + " must be in 1.." + n + " (the parameter count)");
        }
        if (bottom < 0 || bottom > n) {
            throw new IllegalArgumentException("bottom " + bottom + " must be in 0.." + n);
        }
        requireMemory(n, k, bottom, maxSteps);
        int limit = Math.min(n, Math.max(maxSteps, k + bottom + 2));
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        org.apache.commons.rng.sampling.distribution.ZigguratSampler.NormalizedGaussian z =
                org.apache.commons.rng.sampling.distribution.ZigguratSampler.NormalizedGaussian.of(rng);
        double[] q = new double[n];
        for (int i = 0; i < n; i++) {
            q[i] = z.sample();
        }
        Vectors.scale(1 / Vectors.norm(q), q);
        Krylov krylov = new Krylov(a, q);
        double[] ritz = null;
        double[][] s = null;
        boolean converged = false;
        int next = firstSteps(n, k, bottom, maxSteps);
        while (true) {
            krylov.growTo(next);
            int m = krylov.alpha.size();
            double[][] t = krylov.tridiagonal();
            EigenDecompositionSymmetric e = new EigenDecompositionSymmetric(
                    new org.hipparchus.linear.Array2DRowRealMatrix(t, false));
            ritz = e.getEigenvalues();
            s = e.getV().getData();
            double lastBeta = krylov.beta.get(m - 1);
            double scale = Math.max(Math.abs(ritz[0]), Math.abs(ritz[m - 1]));
            converged = true;
            for (int idx : wanted(ritz, k, bottom)) {
                if (Math.abs(lastBeta * s[m - 1][idx]) > tolerance * scale) {
                    converged = false;
                }
            }
            if (converged || m >= limit || lastBeta == 0) {
                converged = converged || lastBeta == 0;
                break;
            }
            next = Math.min(limit, m + 10);
            if (!heapHolds(n, next - m + k + bottom)) {
                break;
            }
        }
        List<double[]> basis = krylov.basis;
        int m = krylov.alpha.size();
        int[] wanted = wanted(ritz, k, bottom);
        Pairs t = pairs(a, basis, ritz, s, Arrays.copyOfRange(wanted, 0, Math.min(k, m)));
        Pairs b = pairs(a, basis, ritz, s, Arrays.copyOfRange(wanted, Math.min(k, m), wanted.length));
        boolean explicitOk = worstRelative(t.values, t.residuals, b.values, b.residuals)
                <= Math.max(10 * tolerance, 1e-6);
        return new Result(t.values, t.vectors, t.residuals, b.values, b.vectors, b.residuals, m,
                converged && explicitOk, tolerance);
    }

    private record Pairs(double[] values, double[][] vectors, double[] residuals) {
    }

    private static Pairs pairs(SymmetricOperator a, List<double[]> basis, double[] ritz, double[][] s, int[] idx) {
        int n = a.dimension();
        int m = Math.min(basis.size(), s.length);
        double[] values = new double[idx.length];
        double[][] vectors = new double[idx.length][];
        double[] residuals = new double[idx.length];
        for (int p = 0; p < idx.length; p++) {
            double[] v = new double[n];
            for (int j = 0; j < m; j++) {
                Vectors.axpy(s[j][idx[p]], basis.get(j), v);
            }
            Vectors.scale(1 / Vectors.norm(v), v);
            double lambda = ritz[idx[p]];
            double[] av = a.apply(v);
            Vectors.axpy(-lambda, v, av);
            values[p] = lambda;
            vectors[p] = v;
            residuals[p] = Vectors.norm(av);
        }
        return new Pairs(values, vectors, residuals);
    }

    private static int[] wanted(double[] ritz, int k, int bottom) {
        Integer[] order = new Integer[ritz.length];
        for (int i = 0; i < ritz.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(ritz[y], ritz[x]));
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < Math.min(k, ritz.length); i++) {
            out.add(order[i]);
        }
        for (int i = 0; i < Math.min(bottom, ritz.length); i++) {
            out.add(order[ritz.length - 1 - i]);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * {@code steps} Lanczos steps (full reorthogonalisation) from the unit vector {@code start}: the tridiagonal
     * matrix, smaller when the Krylov space closes early.
     */
    static double[][] tridiagonal(SymmetricOperator a, double[] start, int steps) {
        Krylov k = new Krylov(a, start.clone());
        k.growTo(steps);
        return k.tridiagonal();
    }

    /**
     * A Lanczos basis grown one vector at a time, each new vector orthogonalised twice against all previous ones.
     * beta holds one entry per step: the norm of what remained after it (0 when the space closed).
     */
    private static final class Krylov {
        final SymmetricOperator a;
        final List<double[]> basis = new ArrayList<>();
        final List<Double> alpha = new ArrayList<>();
        final List<Double> beta = new ArrayList<>();
        boolean closed;

        Krylov(SymmetricOperator a, double[] unitStart) {
            this.a = a;
            basis.add(unitStart);
        }

        void growTo(int steps) {
            while (!closed && alpha.size() < steps) {
                double[] last = basis.get(basis.size() - 1);
                double[] w = requireResolvable(a.apply(last), alpha.size() + 1);
                double al = Vectors.dot(w, last);
                alpha.add(al);
                for (int pass = 0; pass < 2; pass++) {
                    for (double[] b : basis) {
                        Vectors.axpy(-Vectors.dot(w, b), b, w);
                    }
                }
                double be = Vectors.norm(w);
                if (alpha.size() == a.dimension() || be <= 1e-12 * Math.abs(al) || be == 0) {
                    beta.add(0.0);
                    closed = true;
                } else {
                    beta.add(be);
                    Vectors.scale(1 / be, w);
                    basis.add(w);
                }
            }
        }

        /**
         * A product the eigen-solver can take: finite, and small enough that its squares do not overflow (beyond
         * {@link #MAX_PRODUCT_NORM} the tridiagonal eigen-solver fails with a bare "convergence failed").
         */
        private static double[] requireResolvable(double[] w, int step) {
            for (int i = 0; i < w.length; i++) {
                if (!Double.isFinite(w[i])) {
                    throw new IllegalArgumentException("Lanczos step " + step + ": the operator's product A v has a"
                            + " non-finite entry " + w[i] + " at index " + i + " (for a Hessian: its products, from"
                            + " the loss's gradients, are NaN or infinite at these weights)");
                }
            }
            double norm = Vectors.norm(w);
            if (!(norm <= MAX_PRODUCT_NORM)) {
                throw new IllegalArgumentException("Lanczos step " + step + ": the operator's product A v has norm "
                        + norm + ", beyond the " + MAX_PRODUCT_NORM + " the eigen-solver resolves (its squares"
                        + " overflow); the curvature is too large at these weights");
            }
            return w;
        }

        /** The m x m tridiagonal matrix of the m steps so far. */
        double[][] tridiagonal() {
            int m = alpha.size();
            double[][] t = new double[m][m];
            for (int i = 0; i < m; i++) {
                t[i][i] = alpha.get(i);
                if (i + 1 < m) {
                    t[i][i + 1] = beta.get(i);
                    t[i + 1][i] = beta.get(i);
                }
            }
            return t;
        }
    }
}
