package org.thermosgd.fp.diffusion;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The N x N matrix of inner products of the mean-centred gradients, K_ij = (g_i - mean) . (g_j - mean), from which
 * every spectral statistic of the sample covariance S = X_c^T X_c / (N - 1) follows without forming n x n matrices
 * (the non-zero eigenvalues of S are those of K / (N - 1)).
 */
public interface GramMatrix {
    /** Computes K (double precision accumulation) for gradients in memory; implementations may use BLAS. */
    double[][] centred(GradientRows g, double[] mean);

    /** The plain-Java implementation: O(N^2 n) with double accumulation. */
    static GramMatrix java() {
        return (g, mean) -> {
            int nS = g.samples();
            int n = g.dimension();
            double[][] c = new double[nS][n];
            g.forEachBlock((r, first, count) -> {
                for (int i = 0; i < count; i++) {
                    double[] row = c[first + i];
                    for (int j = 0; j < n; j++) {
                        row[j] = r[i * n + j] - mean[j];
                    }
                }
            });
            double[][] k = new double[nS][nS];
            for (int i = 0; i < nS; i++) {
                double[] a = c[i];
                for (int j = 0; j <= i; j++) {
                    double[] b = c[j];
                    double s = 0;
                    for (int t = 0; t < n; t++) {
                        s += a[t] * b[t];
                    }
                    k[i][j] = s;
                    k[j][i] = s;
                }
            }
            return k;
        };
    }

    /**
     * K = X_c X_c^T summed over blocks of columns: each block of centred columns ([N, w], at most 64 MB) is made once
     * and multiplied by itself in float32 GEMMs (ND4J) over chunks of 512 rows, lower triangle only, and the blocks'
     * products are added in double. One pass over the gradients, on the heap ({@link GradientSet}) or off it
     * ({@link OffHeapGradients}); memory beyond them O(block + N^2).
     */
    static GramMatrix nd4j() {
        return nd4j(16L << 20, 512);
    }

    /** {@link #nd4j()} with column blocks of at most {@code blockFloats} floats and row chunks of {@code chunk}. */
    static GramMatrix nd4j(long blockFloats, int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("row chunk " + chunk + " must be >= 1");
        }
        return (g, mean) -> {
            int nS = g.samples();
            int n = g.dimension();
            int width = (int) Math.max(1, Math.min(n, blockFloats / nS));
            float[] meanF = new float[n];
            for (int j = 0; j < n; j++) {
                meanF[j] = (float) mean[j];
            }
            double[][] out = new double[nS][nS];
            for (int c0 = 0; c0 < n; c0 += width) {
                int w = Math.min(width, n - c0);
                INDArray x = centredColumns(g, c0, w, meanF);
                for (int i0 = 0; i0 < nS; i0 += chunk) {
                    int ni = Math.min(chunk, nS - i0);
                    INDArray xi = x.get(NDArrayIndex.interval(i0, i0 + ni), NDArrayIndex.all());
                    for (int j0 = 0; j0 <= i0; j0 += chunk) {
                        int nj = Math.min(chunk, nS - j0);
                        INDArray xj = x.get(NDArrayIndex.interval(j0, j0 + nj), NDArrayIndex.all());
                        float[] k;
                        try (INDArray p = Nd4j.gemm(xi, xj, false, true)) {
                            k = Nd4jArrays.toArray(p, ni * nj);
                        }
                        for (int a = 0; a < ni; a++) {
                            double[] row = out[i0 + a];
                            for (int b = 0; b < nj; b++) {
                                row[j0 + b] += k[a * nj + b];
                            }
                        }
                    }
                }
                x.close();
            }
            for (int i = 0; i < nS; i++) {
                for (int j = 0; j < i; j++) {
                    double m = i / chunk == j / chunk ? 0.5 * (out[i][j] + out[j][i]) : out[i][j];
                    out[i][j] = m;
                    out[j][i] = m;
                }
            }
            return out;
        };
    }

    /** Columns [from, from + count) of every gradient minus the mean, as an off-heap [N, count] array. */
    private static INDArray centredColumns(GradientRows g, int from, int count, float[] mean) {
        if (g instanceof OffHeapGradients o) {
            return o.centredColumns(from, count, mean);
        }
        if (g instanceof GradientSet s) {
            return s.centredColumns(from, count, mean);
        }
        throw new IllegalArgumentException("the Gram route needs the gradients in memory; "
                + g.getClass().getSimpleName() + " streams them (use the sketched route)");
    }
}
