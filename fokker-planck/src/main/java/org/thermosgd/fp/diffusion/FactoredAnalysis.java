package org.thermosgd.fp.diffusion;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The factored route for networks of dense layers: every statistic of the Gram route, computed from the per-layer
 * factors (inputs, errors) of {@link FactoredGradients} without ever forming the N x n gradient matrix.
 * <ul>
 *   <li>sums and sums of squares per coordinate: D^T A and (D o D)^T (A o A) per layer (float32 GEMMs);</li>
 *   <li>the Gram matrix K_ij = g_i . g_j = sum over layers (d_i . d_j)(a_i . a_j + 1), centred as
 *       K - r 1^T - 1 r^T + s (r the row means, s the grand mean), accumulated in double from float32 GEMMs of
 *       N x (in + out) factors: O(N^2 (in + out)) instead of O(N^2 n);</li>
 *   <li>random projections (g_i - mean) . z as (A Z^T) contracted with D per layer;</li>
 *   <li>top eigenpairs of K by subspace iteration with float32 GEMMs; tr(S^2), participation ratio, kurtosis and
 *       half-sample intervals exactly as on the Gram route ({@link DiffusionAnalysis#fromGram}).</li>
 * </ul>
 * Exact up to float32 rounding of the products (relative 1e-6 against the Gram route on the same samples).
 */
public final class FactoredAnalysis {
    /** Rows of K computed per GEMM block (memory O(block N)). */
    static final int BLOCK = 1024;

    private FactoredAnalysis() {
    }

    public static DiffusionReport analyse(FactoredGradients f, DiffusionAnalysis.Options o) {
        int nS = f.samples();
        int n = f.dimension();
        DiffusionAnalysis.Moments mo = moments(f);
        double[][] k = centredGram(f);
        INDArray kf = toFloat(k);
        TopEigen.Operator op = x -> {
            return Nd4jArrays.toColumns(Nd4j.gemm(kf, Nd4jArrays.fromColumns(x, nS), false, false), x.length, nS);
        };
        double[][] proj = projections(f, mo.mean(), o.projections(), o.seed());
        return DiffusionAnalysis.fromGram(nS, n, mo, k, op, proj, o);
    }

    static DiffusionAnalysis.Moments moments(FactoredGradients f) {
        int n = f.dimension();
        int nS = f.samples();
        double[] sum = new double[n];
        double[] sumSq = new double[n];
        for (FactoredGradients.Layer l : f.layers()) {
            INDArray a = Nd4j.create(l.inputs(), new long[] {nS, l.in()}, 'c');
            INDArray d = Nd4j.create(l.errors(), new long[] {nS, l.out()}, 'c');
            float[] s1 = Nd4jArrays.toArray(Nd4j.gemm(d, a, true, false), l.out() * l.in());
            float[] s2 = Nd4jArrays.toArray(Nd4j.gemm(d.mul(d), a.mul(a), true, false), l.out() * l.in());
            for (int t = 0; t < s1.length; t++) {
                sum[l.weightOffset() + t] = s1[t];
                sumSq[l.weightOffset() + t] = s2[t];
            }
            float[] e = l.errors();
            for (int i = 0; i < nS; i++) {
                for (int o = 0; o < l.out(); o++) {
                    double v = e[i * l.out() + o];
                    sum[l.biasOffset() + o] += v;
                    sumSq[l.biasOffset() + o] += v * v;
                }
            }
        }
        return DiffusionAnalysis.Moments.fromSums(sum, sumSq, nS, f.blocks());
    }

    /** The centred Gram matrix K_c (N x N, double), symmetric. */
    static double[][] centredGram(FactoredGradients f) {
        int nS = f.samples();
        double[][] k = new double[nS][nS];
        for (FactoredGradients.Layer l : f.layers()) {
            INDArray a = Nd4j.create(l.inputs(), new long[] {nS, l.in()}, 'c');
            INDArray d = Nd4j.create(l.errors(), new long[] {nS, l.out()}, 'c');
            for (int r0 = 0; r0 < nS; r0 += BLOCK) {
                int r1 = Math.min(nS, r0 + BLOCK);
                int b = r1 - r0;
                INDArray ab = Nd4j.create(Arrays.copyOfRange(l.inputs(), r0 * l.in(), r1 * l.in()),
                        new long[] {b, l.in()}, 'c');
                INDArray db = Nd4j.create(Arrays.copyOfRange(l.errors(), r0 * l.out(), r1 * l.out()),
                        new long[] {b, l.out()}, 'c');
                float[] aa = Nd4jArrays.toArray(Nd4j.gemm(ab, a, false, true), b * nS);
                float[] dd = Nd4jArrays.toArray(Nd4j.gemm(db, d, false, true), b * nS);
                for (int i = 0; i < b; i++) {
                    double[] row = k[r0 + i];
                    int base = i * nS;
                    for (int j = 0; j < nS; j++) {
                        row[j] += (double) dd[base + j] * ((double) aa[base + j] + 1.0);
                    }
                }
            }
        }
        double[] r = new double[nS];
        double s = 0;
        for (int i = 0; i < nS; i++) {
            for (int j = 0; j < i; j++) {
                double m = 0.5 * (k[i][j] + k[j][i]);
                k[i][j] = m;
                k[j][i] = m;
            }
        }
        for (int i = 0; i < nS; i++) {
            double t = 0;
            for (double v : k[i]) {
                t += v;
            }
            r[i] = t / nS;
            s += r[i];
        }
        s /= nS;
        for (int i = 0; i < nS; i++) {
            double[] row = k[i];
            for (int j = 0; j < nS; j++) {
                row[j] = row[j] - r[i] - r[j] + s;
            }
        }
        return k;
    }

    /**
     * (g_i - mean) . z_a for the random directions of {@link DiffusionAnalysis#randomDirections} (so both routes
     * project on the same directions): per layer, R = A Z^T (N x out per direction) contracted with the errors.
     */
    static double[][] projections(FactoredGradients f, double[] mean, int count, long seed) {
        int nS = f.samples();
        int n = f.dimension();
        double[][] dirs = DiffusionAnalysis.randomDirections(count, n, seed);
        double[][] out = new double[count][nS];
        for (FactoredGradients.Layer l : f.layers()) {
            int in = l.in();
            int no = l.out();
            // Z^T: in x (count * out), column (a, o) = row o of direction a's weight block
            float[] zt = new float[in * count * no];
            for (int a = 0; a < count; a++) {
                for (int o = 0; o < no; o++) {
                    int col = a * no + o;
                    for (int j = 0; j < in; j++) {
                        zt[j * count * no + col] = (float) dirs[a][l.weightOffset() + o * in + j];
                    }
                }
            }
            INDArray a = Nd4j.create(l.inputs(), new long[] {nS, in}, 'c');
            INDArray z = Nd4j.create(zt, new long[] {in, (long) count * no}, 'c');
            float[] az = Nd4jArrays.toArray(Nd4j.gemm(a, z, false, false), nS * count * no);
            float[] e = l.errors();
            for (int i = 0; i < nS; i++) {
                for (int c = 0; c < count; c++) {
                    double t = 0;
                    for (int o = 0; o < no; o++) {
                        t += e[i * no + o] * ((double) az[(i * count + c) * no + o] + dirs[c][l.biasOffset() + o]);
                    }
                    out[c][i] += t;
                }
            }
        }
        for (int c = 0; c < count; c++) {
            double m = 0;
            for (int j = 0; j < n; j++) {
                m += mean[j] * dirs[c][j];
            }
            for (int i = 0; i < nS; i++) {
                out[c][i] -= m;
            }
        }
        return out;
    }

    private static INDArray toFloat(double[][] k) {
        int n = k.length;
        float[] f = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                f[i * n + j] = (float) k[i][j];
            }
        }
        return Nd4j.create(f, new long[] {n, n}, 'c');
    }
}
