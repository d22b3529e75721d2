package org.thermosgd.fp.diffusion;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.RealMatrix;

/**
 * Top-k eigenpairs of a symmetric positive semi-definite N x N matrix by randomised subspace iteration (Halko,
 * Martinsson and Tropp 2011): l = k + 10 Gaussian start vectors, q power steps with re-orthonormalisation, then a
 * Rayleigh-Ritz step on the l x l projection. Exact when l >= N. Cost O(N^2 l q), memory O(N l).
 */
public final class TopEigen {
    /** Eigenvalues descending, eigenvectors as rows (unit norm). */
    public record Result(double[] values, double[][] vectors) {
    }

    private TopEigen() {
    }

    /** A symmetric N x N matrix applied to l vectors at once (rows in, rows out). */
    @FunctionalInterface
    public interface Operator {
        double[][] apply(double[][] rows);
    }

    /** The plain-Java operator of a matrix held as rows. */
    public static Operator operator(double[][] k) {
        return x -> multiply(k, x);
    }

    public static Result of(double[][] k, int topK, int powerSteps, long seed) {
        return of(operator(k), k.length, topK, powerSteps, seed);
    }

    /** Top-k eigenpairs of the N x N operator k. */
    public static Result of(Operator k, int n, int topK, int powerSteps, long seed) {
        int l = Math.min(n, topK + 10);
        double[][] q = new double[l][n];
        if (l == n) {
            for (int a = 0; a < n; a++) {
                q[a][a] = 1;
            }
        } else {
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
            ZigguratSampler.NormalizedGaussian z = ZigguratSampler.NormalizedGaussian.of(rng);
            for (double[] row : q) {
                for (int i = 0; i < n; i++) {
                    row[i] = z.sample();
                }
            }
            for (int step = 0; step <= powerSteps; step++) {
                q = k.apply(q);
                orthonormalise(q);
            }
        }
        double[][] kq = k.apply(q);
        double[][] t = new double[l][l];
        for (int a = 0; a < l; a++) {
            for (int b = 0; b < l; b++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += q[a][i] * kq[b][i];
                }
                t[a][b] = s;
            }
        }
        for (int a = 0; a < l; a++) {
            for (int b = 0; b < a; b++) {
                double m = 0.5 * (t[a][b] + t[b][a]);
                t[a][b] = m;
                t[b][a] = m;
            }
        }
        EigenDecompositionSymmetric e = new EigenDecompositionSymmetric(new Array2DRowRealMatrix(t, false));
        double[] ev = e.getEigenvalues();
        RealMatrix v = e.getV();
        Integer[] order = new Integer[l];
        for (int a = 0; a < l; a++) {
            order[a] = a;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(ev[y], ev[x]));
        int kk = Math.min(topK, l);
        double[] values = new double[kk];
        double[][] vectors = new double[kk][n];
        for (int r = 0; r < kk; r++) {
            int c = order[r];
            values[r] = ev[c];
            for (int a = 0; a < l; a++) {
                double w = v.getEntry(a, c);
                for (int i = 0; i < n; i++) {
                    vectors[r][i] += w * q[a][i];
                }
            }
        }
        return new Result(values, vectors);
    }

    /** Rows of the result are K applied to the rows of x. */
    private static double[][] multiply(double[][] k, double[][] x) {
        int n = k.length;
        double[][] out = new double[x.length][n];
        for (int i = 0; i < n; i++) {
            double[] ki = k[i];
            for (int a = 0; a < x.length; a++) {
                double[] xa = x[a];
                double s = 0;
                for (int j = 0; j < n; j++) {
                    s += ki[j] * xa[j];
                }
                out[a][i] = s;
            }
        }
        return out;
    }

    /** Rows made orthonormal in place (modified Gram-Schmidt, two passes); a row that vanishes stays zero. */
    static void orthonormalise(double[][] q) {
        for (int a = 0; a < q.length; a++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int b = 0; b < a; b++) {
                    double d = 0;
                    for (int i = 0; i < q[a].length; i++) {
                        d += q[a][i] * q[b][i];
                    }
                    for (int i = 0; i < q[a].length; i++) {
                        q[a][i] -= d * q[b][i];
                    }
                }
            }
            double norm = 0;
            for (double v : q[a]) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < q[a].length; i++) {
                q[a][i] = norm > 0 ? q[a][i] / norm : 0;
            }
        }
    }
}
