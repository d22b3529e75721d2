package org.thermosgd.training.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.thermosgd.training.model.ConvNet;
import org.thermosgd.training.model.NetworkSpec;
import org.thermosgd.training.model.NetworkSpec.Layer;

class DnnlNetworkTest {
    static float[] images(UniformRandomProvider rng, int n, int per) {
        float[] x = new float[n * per];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextFloat();
        }
        return x;
    }

    static int[] labels(UniformRandomProvider rng, int n, int classes) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(classes);
        }
        return y;
    }

    static double maxRel(float[] a, float[] b) {
        double m = 0;
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
            s = Math.max(s, Math.abs(b[i]));
        }
        return m / s;
    }

    /** A small Model-2-like network that both the SameDiff network and the engine can express. */
    @Test
    void matchesTheSameDiffNetwork() {
        List<ConvNet.Layer> old = List.of(ConvNet.Layer.conv(2, 5, false), ConvNet.Layer.conv(5, 6, true),
                ConvNet.Layer.pool(), ConvNet.Layer.conv(6, 7, false), ConvNet.Layer.pool(),
                ConvNet.Layer.linear(7 * 2 * 2, 10));
        NetworkSpec spec = new NetworkSpec("small", new int[] {2, 14, 14}, List.of(Layer.conv2d(2, 5, 3, 0),
                Layer.relu(), Layer.conv2d(5, 6, 3, 1), Layer.relu(), Layer.maxPool2d(2), Layer.conv2d(6, 7, 3, 0),
                Layer.relu(), Layer.maxPool2d(2), Layer.flatten(), Layer.linear(28, 10)));
        assertEquals(ConvNet.countParameters(old), spec.parameterCount());
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(5L);
        float[] p = DnnlNetwork.initialParameters(spec, rng);
        ConvNet ref = ConvNet.withParameters("small", new int[] {2, 14, 14}, old, p);
        DnnlNetwork net = DnnlNetwork.withParameters(spec, p);
        assertEquals(ref.blocks().toString(), net.blocks().toString());
        int batch = 6;
        float[] x = images(rng, batch, 2 * 196);
        int[] y = labels(rng, batch, 10);
        INDArray g1 = Nd4j.create(DataType.FLOAT, p.length);
        INDArray g2 = Nd4j.create(DataType.FLOAT, p.length);
        double l1 = ref.lossAndGradient(x, y, batch, g1);
        double l2 = net.lossAndGradient(x, y, batch, g2);
        assertEquals(l1, l2, 1e-5 * Math.abs(l1));
        assertTrue(maxRel(g2.toFloatVector(), g1.toFloatVector()) < 1e-5, () -> "gradient differs by "
                + maxRel(g2.toFloatVector(), g1.toFloatVector()));
        double[] e1 = ref.evaluate(x, y, batch);
        double[] e2 = net.evaluate(x, y, batch);
        assertEquals(e1[0], e2[0], 1e-5 * e1[0]);
        assertEquals(e1[1], e2[1]);
        float[] s1 = ref.perSampleGradients(x, y, batch);
        float[] s2 = net.perSampleGradients(x, y, batch);
        assertTrue(maxRel(s2, s1) < 1e-5, () -> "per-sample gradients differ by " + maxRel(s2, s1));
    }

    /** Strides, padding, a 5x5 kernel, a padded pool, a ReLU between linear layers: shapes the SameDiff net lacks. */
    static final NetworkSpec GENERAL = new NetworkSpec("general", new int[] {3, 11, 11}, List.of(
            new Layer("conv2d", -1, 6, 5, 2, 2, null), Layer.relu(), new Layer("maxpool2d", -1, -1, 3, 2, 1, null),
            new Layer("conv2d", -1, 5, 3, 1, 1, null), Layer.flatten(), Layer.linear(-1, 12), Layer.relu(),
            Layer.linear(-1, 10)));

    private static double loss(DnnlNetwork net, float[] x, int[] y, int batch) {
        return net.evaluate(x, y, batch)[0] / batch;
    }

    /** Directional derivatives g.v against central differences of the loss (float32 loss, step 1e-3, 2%). */
    @Test
    void gradientMatchesFiniteDifferences() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(11L);
        float[] p = DnnlNetwork.initialParameters(GENERAL, rng);
        DnnlNetwork net = DnnlNetwork.withParameters(GENERAL, p);
        int batch = 5;
        float[] x = images(rng, batch, GENERAL.inputSize());
        int[] y = labels(rng, batch, 10);
        INDArray g = Nd4j.create(DataType.FLOAT, p.length);
        double l0 = net.lossAndGradient(x, y, batch, g);
        assertEquals(loss(net, x, y, batch), l0, 1e-6 * l0);
        float[] gv = g.toFloatVector();
        for (int d = 0; d < 4; d++) {
            double[] v = new double[p.length];
            double norm = 0;
            for (int i = 0; i < p.length; i++) {
                v[i] = d == 0 ? gv[i] : rng.nextDouble() - 0.5;
                norm += v[i] * v[i];
            }
            norm = Math.sqrt(norm);
            double dot = 0;
            for (int i = 0; i < p.length; i++) {
                v[i] /= norm;
                dot += gv[i] * v[i];
            }
            double eps = 1e-3;
            float[] plus = p.clone();
            float[] minus = p.clone();
            for (int i = 0; i < p.length; i++) {
                plus[i] += (float) (eps * v[i]);
                minus[i] -= (float) (eps * v[i]);
            }
            double fd = (loss(DnnlNetwork.withParameters(GENERAL, plus), x, y, batch)
                    - loss(DnnlNetwork.withParameters(GENERAL, minus), x, y, batch)) / (2 * eps);
            assertEquals(dot, fd, 0.02 * Math.abs(dot) + 1e-4, "direction " + d);
        }
    }

    /** Row r of {@code rows} equals the gradient of a batch-size-1 pass on sample r (1e-5 relative). */
    static void assertRowsAreBatchSizeOneGradients(DnnlNetwork net, float[] x, int[] y, int batch, float[] rows) {
        int n = Math.toIntExact(net.parameterCount());
        int per = x.length / batch;
        INDArray g = Nd4j.create(DataType.FLOAT, n);
        for (int r = 0; r < batch; r++) {
            net.lossAndGradient(java.util.Arrays.copyOfRange(x, r * per, (r + 1) * per), new int[] {y[r]}, 1, g);
            float[] one = g.toFloatVector();
            float[] row = java.util.Arrays.copyOfRange(rows, r * n, (r + 1) * n);
            assertTrue(maxRel(row, one) < 1e-5, "sample " + r + " differs by " + maxRel(row, one));
        }
    }

    /** Batched per-sample gradients equal one batch-size-1 backward pass per sample (1e-5 relative). */
    @Test
    void perSampleGradientsMatchBatchSizeOne() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(12L);
        float[] p = DnnlNetwork.initialParameters(GENERAL, rng);
        DnnlNetwork net = DnnlNetwork.withParameters(GENERAL, p);
        int batch = 7;
        int per = GENERAL.inputSize();
        float[] x = images(rng, batch, per);
        int[] y = labels(rng, batch, 10);
        float[] all = net.perSampleGradients(x, y, batch);
        assertRowsAreBatchSizeOneGradients(net, x, y, batch, all);
        float[] mean = new float[p.length];
        for (int r = 0; r < batch; r++) {
            for (int i = 0; i < p.length; i++) {
                mean[i] += all[r * p.length + i] / batch;
            }
        }
        INDArray g = Nd4j.create(DataType.FLOAT, p.length);
        net.lossAndGradient(x, y, batch, g);
        assertTrue(maxRel(mean, g.toFloatVector()) < 1e-5, "mean of per-sample gradients differs from the batch's");
    }

    /** 16-channel multiples, so per-sample convolution gradients take the blocked (nChw16c) grouped route. */
    static final NetworkSpec BLOCKED = new NetworkSpec("blocked", new int[] {1, 10, 10}, List.of(
            Layer.conv2d(1, 16, 3, 0), Layer.relu(), Layer.conv2d(16, 32, 3, 0), Layer.relu(), Layer.maxPool2d(2),
            Layer.flatten(), Layer.linear(-1, 10)));

    /**
     * Rows written off the heap by the gradient reorders equal the heap copy, in place, leaving other rows alone;
     * on the blocked route each row equals that sample's batch-size-1 gradient (1e-5).
     */
    @Test
    void perSampleRowsOffTheHeapEqualTheHeapCopy() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(13L);
        float[] p = DnnlNetwork.initialParameters(BLOCKED, rng);
        DnnlNetwork net = DnnlNetwork.withParameters(BLOCKED, p);
        int batch = 5;
        int per = BLOCKED.inputSize();
        float[] x = images(rng, batch, per);
        int[] y = labels(rng, batch, 10);
        float[] heap = net.perSampleGradients(x, y, batch);
        assertRowsAreBatchSizeOneGradients(net, x, y, batch, heap);
        INDArray rows = Nd4j.valueArrayOf(new long[] {batch + 3, p.length}, -7f, DataType.FLOAT);
        net.perSampleGradients(x, y, batch, rows, 2);
        float[] all = rows.data().asFloat();
        assertArrayEquals(heap, java.util.Arrays.copyOfRange(all, 2 * p.length, (2 + batch) * p.length));
        for (int r : new int[] {0, 1, batch + 2}) {
            for (int j = 0; j < p.length; j++) {
                assertEquals(-7f, all[r * p.length + j], "row " + r + " outside the block was written");
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.perSampleGradients(x, y, batch, rows, 4));
        assertTrue(e.getMessage().contains("rows 4..8"), e.getMessage());
    }

    /**
     * The weight gradient as one GEMM over the batch (forced on every convolution) equals oneDNN's direct kernel
     * to 1e-5 relative, on strided, padded 5x5 and 3x3 layers and on 16-channel blocked ones.
     */
    @Test
    void batchGemmWeightGradientsEqualTheDirectKernel() {
        for (NetworkSpec spec : List.of(GENERAL, BLOCKED)) {
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(14L);
            float[] p = DnnlNetwork.initialParameters(spec, rng);
            int batch = 6;
            float[] x = images(rng, batch, spec.inputSize());
            int[] y = labels(rng, batch, 10);
            INDArray direct = Nd4j.create(DataType.FLOAT, p.length);
            INDArray gemm = Nd4j.create(DataType.FLOAT, p.length);
            String key = "thermosgd.engine.weightGradients";
            try {
                System.setProperty(key, "direct");
                double l1 = DnnlNetwork.withParameters(spec, p).lossAndGradient(x, y, batch, direct);
                System.setProperty(key, "gemm");
                double l2 = DnnlNetwork.withParameters(spec, p).lossAndGradient(x, y, batch, gemm);
                assertEquals(l1, l2, 1e-6 * Math.abs(l1), spec.name() + " loss");
            } finally {
                System.clearProperty(key);
            }
            assertTrue(maxRel(gemm.toFloatVector(), direct.toFloatVector()) < 1e-5, spec.name()
                    + " gradients differ by "
                    + maxRel(gemm.toFloatVector(), direct.toFloatVector()));
        }
    }

    /**
     * Issue 22: a plan once asked malloc for terabytes (6.6 TB) of native buffers; a buffer beyond the machine's memory
     * is refused, naming its shape, before it is allocated. Padding 20000 turns a 4x4 image into 40004 x 40004.
     */
    @Test
    void buffersBeyondTheMachineAreRefusedBeforeMalloc() {
        NetworkSpec spec = new NetworkSpec("wide", new int[] {1, 4, 4}, List.of(new Layer("conv2d", 1, 1, 1, 1,
                20_000, null), new Layer("maxpool2d", -1, -1, 40_004, 40_004, 0, null), Layer.flatten(),
                Layer.linear(1, 10)));
        DnnlNetwork net = DnnlNetwork.initialised(spec, RandomSource.XO_RO_SHI_RO_128_PP.create(1L));
        int batch = 1000;
        INDArray g = Nd4j.create(DataType.FLOAT, net.parameterCount());
        String m = assertThrows(IllegalArgumentException.class, () -> net.lossAndGradient(new float[batch * 16],
                new int[batch], batch, g)).getMessage();
        assertTrue(m.contains("a oneDNN buffer of shape [1000, 1, 40004, 40004]") && m.contains("6.4 TB of memory")
                && m.contains("this machine has"), m);
    }
}
