package org.thermosgd.fp.diffusion;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Products with the centred gradient matrix X_c (N x n, rows g_i - mean) without forming anything n x n: the two
 * heavy operations of the sketched route. Vectors are passed as arrays of columns.
 */
public interface CentredProducts {
    /** Y = X_c Omega: l columns of length n in, l columns of length N out. */
    double[][] times(double[][] omega);

    /** Z = X_c^T Y: l columns of length N in, l columns of length n out. */
    double[][] transposeTimes(double[][] y);

    /** The plain-Java implementation (O(N n l) per product, double accumulation). */
    static CentredProducts java(GradientSet g, double[] mean) {
        int nS = g.samples();
        int n = g.dimension();
        float[] r = g.rows();
        return new CentredProducts() {
            @Override
            public double[][] times(double[][] omega) {
                double[][] y = new double[omega.length][nS];
                double[] row = new double[n];
                for (int i = 0; i < nS; i++) {
                    for (int j = 0; j < n; j++) {
                        row[j] = r[i * n + j] - mean[j];
                    }
                    for (int a = 0; a < omega.length; a++) {
                        double s = 0;
                        double[] w = omega[a];
                        for (int j = 0; j < n; j++) {
                            s += row[j] * w[j];
                        }
                        y[a][i] = s;
                    }
                }
                return y;
            }

            @Override
            public double[][] transposeTimes(double[][] y) {
                double[][] z = new double[y.length][n];
                for (int i = 0; i < nS; i++) {
                    int base = i * n;
                    for (int a = 0; a < y.length; a++) {
                        double c = y[a][i];
                        double[] za = z[a];
                        for (int j = 0; j < n; j++) {
                            za[j] += c * (r[base + j] - mean[j]);
                        }
                    }
                }
                return z;
            }
        };
    }

    /** Float32 GEMMs (ND4J) with X_c built once. */
    static CentredProducts nd4j(GradientSet g, double[] mean) {
        int nS = g.samples();
        int n = g.dimension();
        INDArray x = Nd4j.create(g.rows(), new long[] {nS, n},
                'c');
        float[] m = new float[n];
        for (int j = 0; j < n; j++) {
            m[j] = (float) mean[j];
        }
        x.subiRowVector(Nd4j.createFromArray(m));
        return new CentredProducts() {
            @Override
            public double[][] times(double[][] omega) {
                return Nd4jArrays.toColumns(Nd4j.gemm(x, Nd4jArrays.fromColumns(omega, n),
                        false, false), omega.length, nS);
            }

            @Override
            public double[][] transposeTimes(double[][] y) {
                return Nd4jArrays.toColumns(Nd4j.gemm(x, Nd4jArrays.fromColumns(y, nS),
                        true, false), y.length, n);
            }
        };
    }

    /**
     * Float32 GEMMs (ND4J) block by block as the rows are visited: one pass over the rows per product, for gradients
     * streamed from a file; each block is centred (in float32, as {@link #nd4j}) before its product.
     */
    static CentredProducts streamed(GradientRows g, double[] mean) {
        int nS = g.samples();
        int n = g.dimension();
        float[] mf = new float[n];
        for (int j = 0; j < n; j++) {
            mf[j] = (float) mean[j];
        }
        INDArray m = Nd4j.createFromArray(mf);
        return new CentredProducts() {
            @Override
            public double[][] times(double[][] omega) {
                INDArray om = Nd4jArrays.fromColumns(omega, n);
                double[][] y = new double[omega.length][nS];
                g.forEachBlock((r, first, count) -> {
                    INDArray x = Nd4j.create(r, new long[] {count, n}, 'c').subiRowVector(m);
                    double[][] part = Nd4jArrays.toColumns(Nd4j.gemm(x, om, false, false), omega.length, count);
                    for (int a = 0; a < omega.length; a++) {
                        System.arraycopy(part[a], 0, y[a], first, count);
                    }
                });
                return y;
            }

            @Override
            public double[][] transposeTimes(double[][] y) {
                INDArray z = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, y.length);
                g.forEachBlock((r, first, count) -> {
                    INDArray x = Nd4j.create(r, new long[] {count, n}, 'c').subiRowVector(m);
                    double[][] part = new double[y.length][count];
                    for (int a = 0; a < y.length; a++) {
                        System.arraycopy(y[a], first, part[a], 0, count);
                    }
                    z.addi(Nd4j.gemm(x, Nd4jArrays.fromColumns(part, count), true, false));
                });
                return Nd4jArrays.toColumns(z, y.length, n);
            }
        };
    }

    /** Builds the products for gradients and their mean (lets callers plug in BLAS). */
    @FunctionalInterface
    interface Factory {
        CentredProducts create(GradientRows g, double[] mean);

        /** Plain Java for gradients in memory, else streamed. */
        static Factory java() {
            return (g, mean) -> g instanceof GradientSet s ? CentredProducts.java(s, mean) : streamed(g, mean);
        }

        /** ND4J with X_c built once for gradients in memory, else streamed block by block. */
        static Factory nd4j() {
            return (g, mean) -> g instanceof GradientSet s ? CentredProducts.nd4j(s, mean) : streamed(g, mean);
        }
    }
}
