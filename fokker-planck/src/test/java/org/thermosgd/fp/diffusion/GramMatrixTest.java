package org.thermosgd.fp.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class GramMatrixTest {
    /**
     * The blocked ND4J Gram matrix (uneven column blocks of 52, row chunks of 5 with off-diagonal chunks mirrored)
     * equals the plain one, and gives the same from the same rows held off the heap.
     */
    @Test
    void blockedGemmMatchesPlainJava() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(3L);
        int nS = 17;
        int n = 300;
        float[] rows = new float[nS * n];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (float) (rng.nextDouble() - 0.3 + 0.01 * (i % n));
        }
        GradientSet g = new GradientSet(rows, nS, n, List.of(new GradientSet.Block("all", 0, n)));
        double[] mean = new double[n];
        for (int i = 0; i < nS; i++) {
            for (int j = 0; j < n; j++) {
                mean[j] += rows[i * n + j] / (double) nS;
            }
        }
        double[][] a = GramMatrix.java().centred(g, mean);
        double[][] b = GramMatrix.nd4j(3 * n, 5).centred(g, mean);
        double[][] c = GramMatrix.nd4j(3 * n, 5).centred(new OffHeapGradients(Nd4j.create(rows, new long[] {nS, n},
                'c'), g.blocks()), mean);
        double scale = 0;
        for (int i = 0; i < nS; i++) {
            scale = Math.max(scale, Math.abs(a[i][i]));
        }
        for (int i = 0; i < nS; i++) {
            for (int j = 0; j < nS; j++) {
                assertEquals(a[i][j], b[i][j], 1e-5 * scale, "K[" + i + "][" + j + "]");
                assertEquals(b[i][j], b[j][i], 0.0);
                assertEquals(b[i][j], c[i][j], 1e-9 * scale, "off-heap K[" + i + "][" + j + "]");
            }
        }
    }
}
