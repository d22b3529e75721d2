package org.thermosgd.fp.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermosgd.tensors.Dtype;
import org.thermosgd.tensors.NpyWriter;
import org.thermosgd.tensors.NpzWriter;
import org.thermosgd.tensors.SafeTensorsWriter;
import org.thermosgd.tensors.TensorFileException;

class GradientFileTest {
    @TempDir
    Path dir;

    /** A spiked gradient set written as an .npz of two blocks (columns 0..29 and 30..n-1) with sample indices. */
    private Path npz(GradientSet g, String name) throws IOException {
        int n = g.dimension();
        Path f = dir.resolve(name);
        try (NpzWriter z = NpzWriter.create(f)) {
            NpyWriter a = z.add("layer.weight", Dtype.F32, g.samples(), 3, 10);
            NpyWriter b = z.add("layer.bias", Dtype.F32, g.samples(), n - 30);
            for (int i = 0; i < g.samples(); i++) {
                a.put(g.rows(), i * n, 30);
                b.put(g.rows(), i * n + 30, n - 30);
            }
            long[] idx = new long[g.samples()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = 1000 + i;
            }
            z.add(GradientFile.SAMPLE_INDEX, Dtype.I64, g.samples()).put(idx);
            z.finish();
        }
        return f;
    }

    @Test
    void npzBlocksReassembleRowsAndGiveTheSameReportAsTheGradientsInMemory() throws IOException {
        GradientSet g = SyntheticGradients.of("spiked", 80, 200, 3L);
        DiffusionAnalysis.Options o = new DiffusionAnalysis.Options(5, 20, 8, 1L);
        try (GradientFile f = GradientFile.open(npz(g, "g.npz"))) {
            assertEquals(200, f.samples());
            assertEquals(80, f.dimension());
            assertEquals(List.of("layer.weight", "layer.bias"), f.blocks().stream().map(GradientSet.Block::name)
                    .toList());
            assertEquals(1000, f.sampleIndex()[0]);
            GradientSet loaded = f.load();
            assertArrayEquals(g.rows(), loaded.rows());
            DiffusionReport direct = DiffusionAnalysis.analyse(new GradientSet(g.rows(), 200, 80, loaded.blocks()), o,
                    GramMatrix.java());
            DiffusionReport fromFile = DiffusionAnalysis.analyse(loaded, o, GramMatrix.java());
            assertEquals(direct.dCovariance(), fromFile.dCovariance(), 0);
            assertArrayEquals(direct.topEigenvalues(), fromFile.topEigenvalues(), 0);
            assertEquals(30, fromFile.blocks().get(0).size());
        }
    }

    @Test
    void streamingTheFileThroughTheSketchedRouteMatchesTheSketchInMemory() throws IOException {
        GradientSet g = SyntheticGradients.of("spiked", 120, 400, 4L);
        DiffusionAnalysis.Options o = new DiffusionAnalysis.Options(5, 10, 8, 2L);
        try (GradientFile f = GradientFile.open(npz(g, "s.npz"))) {
            DiffusionReport inMemory = DiffusionAnalysis.sketched(f.load(), o, CentredProducts.Factory.nd4j());
            DiffusionReport streamed = DiffusionAnalysis.sketched(f, o, CentredProducts.Factory.nd4j());
            assertEquals(inMemory.dCovariance(), streamed.dCovariance(), 1e-12 * inMemory.dCovariance());
            for (int k = 0; k < 5; k++) {
                assertEquals(inMemory.topEigenvalues()[k], streamed.topEigenvalues()[k],
                        1e-4 * inMemory.topEigenvalues()[k], "eigenvalue " + k + " (float32 products)");
            }
            assertEquals(inMemory.participationRatio(), streamed.participationRatio(),
                    1e-4 * inMemory.participationRatio());
        }
    }

    @Test
    void traceAndTopEigenvalueOfAKnownCovarianceWrittenAsNpyAndSafetensors() throws IOException {
        // rows x_i = (a_i, b_i) with a, b independent: S = diag(var a, var b) up to sampling; compare with the exact
        // sample covariance computed here in double precision
        int nS = 400;
        float[] rows = new float[nS * 2];
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < nS; i++) {
            rows[2 * i] = (float) (3 * r.nextGaussian());
            rows[2 * i + 1] = (float) (0.5 * r.nextGaussian() + 1);
        }
        double[][] s = new double[2][2];
        double[] mean = new double[2];
        for (int i = 0; i < nS; i++) {
            mean[0] += rows[2 * i] / (double) nS;
            mean[1] += rows[2 * i + 1] / (double) nS;
        }
        for (int i = 0; i < nS; i++) {
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < 2; b++) {
                    s[a][b] += (rows[2 * i + a] - mean[a]) * (rows[2 * i + b] - mean[b]) / (nS - 1);
                }
            }
        }
        double tr = s[0][0] + s[1][1];
        double disc = Math.sqrt((s[0][0] - s[1][1]) * (s[0][0] - s[1][1]) + 4 * s[0][1] * s[0][1]);
        double lambdaMax = (tr + disc) / 2;
        Path npy = dir.resolve("two.npy");
        try (NpyWriter w = NpyWriter.create(npy, Dtype.F32, nS, 2)) {
            w.put(rows, 0, rows.length);
            w.finish();
        }
        Path st = dir.resolve("two.safetensors");
        SafeTensorsWriter.write(st, List.of(new SafeTensorsWriter.Tensor("w", new long[] {nS, 2}, rows)), Map.of());
        DiffusionAnalysis.Options o = new DiffusionAnalysis.Options(1, 0, 4, 1L);
        for (Path p : List.of(npy, st)) {
            try (GradientFile f = GradientFile.open(p)) {
                DiffusionReport rep = DiffusionAnalysis.analyse(f.load(), o, GramMatrix.java());
                assertEquals(tr / 2, rep.dCovariance(), 1e-6 * tr, p.toString());
                assertEquals(lambdaMax, rep.topEigenvalues()[0], 1e-5 * lambdaMax, p.toString());
            }
        }
    }

    @Test
    void filesThatAreNotGradientRowsAreRefusedWithTheArrayAndShape() throws IOException {
        Path ragged = dir.resolve("ragged.npz");
        try (NpzWriter z = NpzWriter.create(ragged)) {
            z.add("a", Dtype.F32, 4, 2).put(new float[8], 0, 8);
            z.add("b", Dtype.F32, 3, 2).put(new float[6], 0, 6);
            z.finish();
        }
        String m = assertThrows(TensorFileException.class, () -> GradientFile.open(ragged)).getMessage();
        assertTrue(m.contains("array 'b' has shape [3, 2] (expected rows as samples: [N, ...] with the same N = 4"), m);
        Path vector = dir.resolve("vector.npy");
        try (NpyWriter w = NpyWriter.create(vector, Dtype.F32, 5)) {
            w.put(new float[5], 0, 5);
            w.finish();
        }
        m = assertThrows(TensorFileException.class, () -> GradientFile.open(vector)).getMessage();
        assertTrue(m.contains("at least 2-D"), m);
        Path ints = dir.resolve("ints.npz");
        try (NpzWriter z = NpzWriter.create(ints)) {
            z.add("a", Dtype.I64, 2).put(new long[2]);
            z.finish();
        }
        m = assertThrows(TensorFileException.class, () -> GradientFile.open(ints)).getMessage();
        assertTrue(m.contains("integer dtype I64"), m);
    }

    @Test
    void aFloatSampleIndexIsRefusedNeverAnalysedAsGradients() throws IOException {
        Path f = dir.resolve("float-index.npz");
        try (NpzWriter z = NpzWriter.create(f)) {
            z.add("w", Dtype.F32, 4, 2).put(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 0, 8);
            z.add(GradientFile.SAMPLE_INDEX, Dtype.F32, 4).put(new float[] {0, 1, 2, 3}, 0, 4);
            z.finish();
        }
        String m = assertThrows(TensorFileException.class, () -> GradientFile.open(f)).getMessage();
        assertEquals(f + ": array 'sample_index' has dtype F32 (expected int64 or int32 sample indices, as"
                + " torch.arange(N) gives without .float(); it is never analysed as gradients)", m);
    }

    @Test
    void anArrayOfNoRowsSaysItHoldsNoSamples() throws IOException {
        Path f = dir.resolve("empty.npy");
        try (NpyWriter w = NpyWriter.create(f, Dtype.F32, 0, 20)) {
            w.finish();
        }
        String m = assertThrows(TensorFileException.class, () -> GradientFile.open(f)).getMessage();
        assertEquals(f + ": holds 0 samples (rows of array 'empty', shape [0, 20]); the analysis needs at least 2", m);
    }

    @Test
    void aNonFiniteGradientNamesItsRowAndArray() throws IOException {
        Path f = dir.resolve("nan.npz");
        float[] b = {1, 2, 3, 4, 5, 6};
        b[4] = Float.NaN;
        try (NpzWriter z = NpzWriter.create(f)) {
            z.add("w", Dtype.F32, 3, 1).put(new float[] {1, 2, 3}, 0, 3);
            z.add("b", Dtype.F32, 3, 2).put(b, 0, 6);
            z.add(GradientFile.SAMPLE_INDEX, Dtype.I64, 3).put(new long[] {10, 11, 12});
            z.finish();
        }
        try (GradientFile g = GradientFile.open(f)) {
            java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class, g::load);
            assertEquals(f + ": row 2 (sample_index 12) of array 'b' holds NaN at coordinate 0 (expected finite"
                    + " gradients)", e.getCause().getMessage());
        }
    }

    @Test
    void constantOrZeroGradientsAreRefusedRatherThanAnalysed() throws IOException {
        DiffusionAnalysis.Options o = new DiffusionAnalysis.Options(2, 0, 4, 1L);
        GradientSet zero = new GradientSet(new float[12], 4, 3, null);
        String m = assertThrows(IllegalArgumentException.class,
                () -> DiffusionAnalysis.analyse(zero, o, GramMatrix.java())).getMessage();
        assertEquals("the gradients have zero variance: all 4 rows are zero; nothing to analyse", m);
        float[] same = new float[12];
        for (int i = 0; i < 12; i++) {
            same[i] = 0.1f * (i % 3) + 0.3f;
        }
        GradientSet constant = new GradientSet(same, 4, 3, null);
        m = assertThrows(IllegalArgumentException.class, () -> DiffusionAnalysis.sketched(constant, o,
                CentredProducts.Factory.nd4j())).getMessage();
        assertEquals("the gradients have zero variance: all 4 rows are identical; nothing to analyse", m);
    }
}
