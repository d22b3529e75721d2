package org.thermosgd.fp.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class OffHeapGradientsTest {
    /** Visiting in uneven blocks of 3 rows gives every row once, in order, with the right first index and count. */
    @Test
    void visitsEveryRowOnceInOrder() {
        GradientSet g = SyntheticGradients.of("spiked", 40, 11, 4L);
        OffHeapGradients o = new OffHeapGradients(Nd4j.create(g.rows(), new long[] {11, 40}, 'c'), g.blocks());
        float[] seen = new float[g.rows().length];
        List<int[]> calls = new ArrayList<>();
        o.forEachBlock((r, first, count) -> {
            calls.add(new int[] {first, count});
            assertEquals(count * 40, r.length);
            System.arraycopy(r, 0, seen, first * 40, count * 40);
        }, 3 * 40 + 7);
        assertArrayEquals(g.rows(), seen);
        assertEquals("[0, 3] [3, 3] [6, 3] [9, 2]", calls.stream().map(java.util.Arrays::toString)
                .reduce((a, b) -> a + " " + b).orElseThrow());
    }

    /** The Gram route gives the same report from the same rows on the heap and off it. */
    @Test
    void analysisMatchesTheHeapSet() {
        GradientSet g = SyntheticGradients.of("spiked", 120, 60, 5L);
        OffHeapGradients o = new OffHeapGradients(Nd4j.create(g.rows(), new long[] {60, 120}, 'c'), g.blocks());
        DiffusionAnalysis.Options opt = new DiffusionAnalysis.Options(5, 20, 8, 5L);
        DiffusionReport a = DiffusionAnalysis.analyse(g, opt, GramMatrix.nd4j());
        DiffusionReport b = DiffusionAnalysis.analyse(o, opt, GramMatrix.nd4j());
        assertEquals(a.dCovariance(), b.dCovariance(), 1e-12 * a.dCovariance());
        assertEquals(a.participationRatio(), b.participationRatio(), 1e-9);
        assertArrayEquals(a.topEigenvalues(), b.topEigenvalues(), 1e-9 * a.topEigenvalues()[0]);
        assertEquals(a.kurtosisRandomMean(), b.kurtosisRandomMean(), 1e-9);
    }

    @Test
    void rejectsAViewOrAnotherType() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OffHeapGradients(
                Nd4j.zeros(DataType.DOUBLE, 4, 3), null));
        assertTrue(e.getMessage().contains("float32 row-major [N, n]") && e.getMessage().contains("DOUBLE"),
                e.getMessage());
    }
}
