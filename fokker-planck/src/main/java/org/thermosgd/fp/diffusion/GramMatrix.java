package org.thermosgd.fp.diffusion;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The N x N matrix of inner products of the mean-centred gradients, K_ij = (g_i - mean) . (g_j - mean), from which
 * every spectral statistic of the sample covariance S = X_c^T X_c / (N - 1) follows without forming n x n matrices
 * (the non-zero eigenvalues of S are those of K / (N - 1)).
 */
public interface GramMatrix {
    /** Computes K (double precision accumulation) for a gradient set; implementations may use BLAS. */
    double[][] centred(GradientSet g, double[] mean);

    /** The plain-Java implementation: O(N^2 n) with double accumulation, blocked over rows. */
    static GramMatrix java() {
        return (g, mean) -> {
            int nS = g.samples();
            int n = g.dimension();
            float[] r = g.rows();
            double[][] c = new double[nS][];
            for (int i = 0; i < nS; i++) {
                double[] row = new double[n];
                for (int j = 0; j < n; j++) {
                    row[j] = r[i * n + j] - mean[j];
                }
                c[i] = row;
            }
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
     * K = X_c X_c^T by float32 GEMMs (ND4J) over blocks of rows, then symmetrised in double. Two blocks of centred
     * rows of at most 128 MB each are off the heap at a time (never a copy of all N x n gradients), so the memory
     * beyond the gradients themselves is O(block + N^2).
     */
    static GramMatrix nd4j() {
        return nd4j(32L << 20);
    }

    /** {@link #nd4j()} with blocks of at most {@code blockFloats} floats (at least one row). */
    static GramMatrix nd4j(long blockFloats) {
        return (g, mean) -> {
            int nS = g.samples();
            int n = g.dimension();
            int rowsPerBlock = (int) Math.max(1, Math.min(nS, blockFloats / n));
            int blocks = (nS + rowsPerBlock - 1) / rowsPerBlock;
            float[] r = g.rows();
            float[] meanF = new float[n];
            for (int j = 0; j < n; j++) {
                meanF[j] = (float) mean[j];
            }
            double[][] out = new double[nS][nS];
            float[] scratch = new float[rowsPerBlock * n];
            for (int bi = 0; bi < blocks; bi++) {
                int i0 = bi * rowsPerBlock;
                int ni = Math.min(rowsPerBlock, nS - i0);
                INDArray xi = centredBlock(r, meanF, i0, ni, n, scratch);
                for (int bj = 0; bj <= bi; bj++) {
                    int j0 = bj * rowsPerBlock;
                    int nj = Math.min(rowsPerBlock, nS - j0);
                    INDArray xj = bj == bi ? xi : centredBlock(r, meanF, j0, nj, n, scratch);
                    float[] k = Nd4jArrays.toArray(Nd4j.gemm(xi, xj, false, true), ni * nj);
                    for (int a = 0; a < ni; a++) {
                        for (int b = 0; b < nj; b++) {
                            out[i0 + a][j0 + b] = k[a * nj + b];
                            if (bj < bi) {
                                out[j0 + b][i0 + a] = k[a * nj + b];
                            }
                        }
                    }
                    if (xj != xi) {
                        xj.close();
                    }
                }
                xi.close();
            }
            for (int i = 0; i < nS; i++) {
                for (int j = 0; j < i; j++) {
                    double m = 0.5 * (out[i][j] + out[j][i]);
                    out[i][j] = m;
                    out[j][i] = m;
                }
            }
            return out;
        };
    }

    /** Rows [from, from + count) minus the mean, as an off-heap [count, n] array. */
    private static INDArray centredBlock(float[] r, float[] mean, int from, int count, int n, float[] scratch) {
        for (int a = 0; a < count; a++) {
            int src = (from + a) * n;
            int dst = a * n;
            for (int j = 0; j < n; j++) {
                scratch[dst + j] = r[src + j] - mean[j];
            }
        }
        float[] block = scratch.length == count * n ? scratch : java.util.Arrays.copyOf(scratch, count * n);
        return Nd4j.create(block, new long[] {count, n}, 'c');
    }
}
