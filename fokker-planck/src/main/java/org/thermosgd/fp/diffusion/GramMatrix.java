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

    /** K = X_c X_c^T with one float32 GEMM (ND4J), then symmetrised in double. */
    static GramMatrix nd4j() {
        return (g, mean) -> {
            int nS = g.samples();
            int n = g.dimension();
            float[] centred = g.rows().clone();
            for (int i = 0; i < nS; i++) {
                for (int j = 0; j < n; j++) {
                    centred[i * n + j] -= (float) mean[j];
                }
            }
            INDArray x = Nd4j.create(centred,
                    new long[] {nS, n}, 'c');
            float[] k = Nd4jArrays.toArray(Nd4j.gemm(x, x, false, true), nS * nS);
            double[][] out = new double[nS][nS];
            for (int i = 0; i < nS; i++) {
                for (int j = 0; j <= i; j++) {
                    double m = 0.5 * ((double) k[i * nS + j] + k[j * nS + i]);
                    out[i][j] = m;
                    out[j][i] = m;
                }
            }
            return out;
        };
    }
}
