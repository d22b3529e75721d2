package org.thermosgd.training.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.thermosgd.training.data.ImageSet;

class MlpTest {
    static float[] inputs(UniformRandomProvider rng, int batch) {
        float[] x = new float[batch * Mlp.IN];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextFloat();
        }
        return x;
    }

    static int[] labels(int batch) {
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) {
            y[i] = (i * 7) % 10;
        }
        return y;
    }

    @Test
    void hasThePapersParameterCountAndViewsIntoOneVector() {
        Mlp m = Mlp.initialised(RandomSource.SPLIT_MIX_64.create(1L));
        assertEquals(79_510, m.parameterCount());
        assertEquals(79_510, m.params().length());
        long total = m.blocks().stream().mapToLong(ParameterBlock::size).sum();
        assertEquals(79_510, total);
        // PyTorch's default bound 1/sqrt(fan_in)
        float[] p = m.params().toFloatVector();
        double max1 = 0;
        for (int i = 0; i < 78_400; i++) {
            max1 = Math.max(max1, Math.abs(p[i]));
        }
        assertTrue(max1 <= 1 / Math.sqrt(784) && max1 > 0.95 / Math.sqrt(784), "fc1 bound " + max1);
    }

    /** Central differences in double precision on a few coordinates of each block. */
    @Test
    void gradientMatchesFiniteDifferences() {
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(2L);
        Mlp m = Mlp.initialised(rng);
        int batch = 5;
        float[] x = inputs(rng, batch);
        int[] y = labels(batch);
        INDArray grad = Nd4j.create(DataType.FLOAT, m.parameterCount());
        m.lossAndGradient(x, y, batch, grad);
        float[] g = grad.toFloatVector();
        double[] p = new double[(int) m.parameterCount()];
        float[] pf = m.params().toFloatVector();
        for (int i = 0; i < p.length; i++) {
            p[i] = pf[i];
        }
        int[] probes = {0, 785, 78_399, 78_400, 78_450, 78_499, 78_500, 79_499, 79_500, 79_509};
        for (int i : probes) {
            double eps = 1e-6;
            double orig = p[i];
            p[i] = orig + eps;
            double up = referenceLoss(p, x, y, batch);
            p[i] = orig - eps;
            double down = referenceLoss(p, x, y, batch);
            p[i] = orig;
            double fd = (up - down) / (2 * eps);
            assertEquals(fd, g[i], 1e-4 * Math.abs(fd) + 1e-6, "parameter " + i);
        }
    }

    /** Mean cross-entropy of the MLP in double precision, straight from the definition. */
    static double referenceLoss(double[] p, float[] x, int[] y, int batch) {
        double total = 0;
        for (int r = 0; r < batch; r++) {
            double[] h = new double[Mlp.HIDDEN];
            for (int j = 0; j < Mlp.HIDDEN; j++) {
                double z = p[78_400 + j];
                for (int i = 0; i < Mlp.IN; i++) {
                    z += p[j * Mlp.IN + i] * x[r * Mlp.IN + i];
                }
                h[j] = Math.max(0, z);
            }
            double[] o = new double[Mlp.OUT];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < Mlp.OUT; k++) {
                o[k] = p[79_500 + k];
                for (int j = 0; j < Mlp.HIDDEN; j++) {
                    o[k] += p[78_500 + k * Mlp.HIDDEN + j] * h[j];
                }
                max = Math.max(max, o[k]);
            }
            double sum = 0;
            for (double v : o) {
                sum += Math.exp(v - max);
            }
            total += max + Math.log(sum) - o[y[r]];
        }
        return total / batch;
    }

    /** The per-layer factors' outer products (and errors, for biases) are the per-sample gradients, in layout. */
    @Test
    void perSampleFactorsRebuildThePerSampleGradients() {
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(5L);
        Mlp m = Mlp.initialised(rng);
        int batch = 5;
        float[] x = inputs(rng, batch);
        int[] y = labels(batch);
        float[] ps = m.perSampleGradients(x, y, batch);
        java.util.List<Network.DenseFactors> fs = m.perSampleFactors(x, y, batch);
        assertEquals(2, fs.size());
        int p = (int) m.parameterCount();
        for (Network.DenseFactors f : fs) {
            long w = m.blocks().stream().filter(b -> b.name().equals(f.weightBlock())).findFirst().orElseThrow()
                    .offset();
            long bo = m.blocks().stream().filter(b -> b.name().equals(f.biasBlock())).findFirst().orElseThrow()
                    .offset();
            for (int r = 0; r < batch; r++) {
                for (int o = 0; o < f.out(); o++) {
                    float e = f.errors()[r * f.out() + o];
                    assertEquals(ps[r * p + (int) bo + o], e, 1e-7, f.biasBlock());
                    for (int j = 0; j < f.in(); j += 7) {
                        assertEquals(ps[r * p + (int) w + o * f.in() + j], e * f.inputs()[r * f.in() + j], 1e-7,
                                f.weightBlock());
                    }
                }
            }
        }
    }

    /** Outer-product per-sample gradients against a loop of batch-size-1 backward passes, to 1e-5, and off the heap. */
    @Test
    void perSampleGradientsMatchTheBatchSizeOneLoop() {
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(3L);
        Mlp m = Mlp.initialised(rng);
        int batch = 6;
        float[] x = inputs(rng, batch);
        int[] y = labels(batch);
        float[] ps = m.perSampleGradients(x, y, batch);
        int p = (int) m.parameterCount();
        INDArray grad = Nd4j.create(DataType.FLOAT, p);
        float[] mean = new float[p];
        for (int r = 0; r < batch; r++) {
            float[] xr = new float[Mlp.IN];
            System.arraycopy(x, r * Mlp.IN, xr, 0, Mlp.IN);
            m.lossAndGradient(xr, new int[] {y[r]}, 1, grad);
            float[] g1 = grad.toFloatVector();
            double maxAbs = 0;
            double maxDiff = 0;
            for (int i = 0; i < p; i++) {
                maxAbs = Math.max(maxAbs, Math.abs(g1[i]));
                maxDiff = Math.max(maxDiff, Math.abs(g1[i] - ps[r * p + i]));
                mean[i] += g1[i] / batch;
            }
            assertTrue(maxDiff <= 1e-5 * Math.max(1, maxAbs), "sample " + r + ": max diff " + maxDiff);
        }
        m.lossAndGradient(x, y, batch, grad);
        float[] g = grad.toFloatVector();
        for (int i = 0; i < p; i += 997) {
            assertEquals(mean[i], g[i], 1e-6, "mean of per-sample gradients at " + i);
        }
        // the same rows written off the heap from row 1 of a larger matrix (Network's default), others untouched
        INDArray rows = Nd4j.valueArrayOf(new long[] {batch + 2, p}, 5f, DataType.FLOAT);
        m.perSampleGradients(x, y, batch, rows, 1);
        float[] all = rows.data().asFloat();
        for (int i = 0; i < batch * p; i += 101) {
            assertEquals(ps[i], all[p + i], 0f, "off-heap row element " + i);
        }
        assertEquals(5f, all[p - 1], 0f);
        assertEquals(5f, all[(batch + 1) * p], 0f);
    }

    /** The streaming API returns, block by block, exactly the rows of one large call, in the requested order. */
    @Test
    void streamingInBlocksMatchesOneCall() {
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(4L);
        Mlp m = Mlp.initialised(rng);
        int n = 10;
        byte[] pixels = new byte[n * 784];
        byte[] labels = new byte[n];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) rng.nextInt(256);
        }
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
        }
        ImageSet set = ImageSet.of("t", 1, 28, 28, pixels,
                labels);
        int[] chosen = {7, 2, 9, 0, 5};
        int[] lab = new int[chosen.length];
        for (int k = 0; k < chosen.length; k++) {
            lab[k] = set.label(chosen[k]);
        }
        float[] all = m.perSampleGradients(set.images(chosen), lab, chosen.length);
        java.util.List<PerSampleGradients.Block> blocks = new java.util.ArrayList<>();
        // a block's array is reused for the next block: keep copies
        PerSampleGradients.stream(m, set, chosen, 2, b -> blocks.add(new PerSampleGradients.Block(b.indices(),
                java.util.Arrays.copyOf(b.gradients(), b.size() * b.parameters()), b.parameters(), b.layout())));
        assertEquals(3, blocks.size());
        assertEquals(1, blocks.get(2).size());
        int p = (int) m.parameterCount();
        int row = 0;
        for (PerSampleGradients.Block b : blocks) {
            for (int r = 0; r < b.size(); r++, row++) {
                for (int j = 0; j < p; j += 101) {
                    assertEquals(all[row * p + j], b.get(r, j), 1e-6f);
                }
            }
        }
    }
}
