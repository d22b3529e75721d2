package org.thermosgd.training.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ConvNetTest {
    @Test
    void parameterCountsAreThePapersAndVgg16s() {
        assertEquals(418_122, ModelCatalog.entry("cnn").parameters());
        assertEquals(14_719_818, ModelCatalog.entry("vgg16").parameters());
        Network cnn = ModelCatalog.create("cnn", 1L);
        assertEquals(418_122, cnn.parameterCount());
        assertEquals(418_122, cnn.blocks().stream().mapToLong(ParameterBlock::size).sum());
        assertEquals("features.0.weight[64, 1, 3, 3]@0", cnn.blocks().get(0).toString());
        assertEquals("features.7.weight", cnn.blocks().get(6).name());
        assertEquals("classifier.weight[10, 1152]", cnn.blocks().get(10).toString().replaceAll("@.*", ""));
        Network vgg = ModelCatalog.create("vgg16", 1L);
        assertEquals("features.28.weight[512, 512, 3, 3]", vgg.blocks().get(24).toString().replaceAll("@.*", ""));
    }

    static float[] images(UniformRandomProvider rng, int n, int per) {
        float[] x = new float[n * per];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextFloat();
        }
        return x;
    }

    /** Central differences (float32 forward, so a loose 3% band) on weights of the first conv, a middle conv and fc. */
    @Test
    void cnnGradientMatchesFiniteDifferences() {
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(9L);
        Network net = ModelCatalog.create("cnn", 3L);
        int batch = 3;
        float[] x = images(rng, batch, 784);
        int[] y = {1, 4, 7};
        INDArray grad = Nd4j.create(DataType.FLOAT, net.parameterCount());
        double loss = net.lossAndGradient(x, y, batch, grad);
        assertEquals(loss, net.evaluate(x, y, batch)[0] / batch, 1e-5);
        float[] g = grad.toFloatVector();
        long[] probes = {0, 5, 640, 37_000 + 640, 418_122 - 11_530 + 17, 418_122 - 3};
        int checked = 0;
        for (long i : probes) {
            if (Math.abs(g[(int) i]) < 1e-4) {
                continue;
            }
            float orig = net.params().getFloat(i);
            float eps = 3e-3f;
            net.params().putScalar(i, orig + eps);
            double up = net.evaluate(x, y, batch)[0] / batch;
            net.params().putScalar(i, orig - eps);
            double down = net.evaluate(x, y, batch)[0] / batch;
            net.params().putScalar(i, orig);
            double fd = (up - down) / (2 * eps);
            assertEquals(fd, g[(int) i], 0.03 * Math.abs(fd) + 2e-4, "parameter " + i);
            checked++;
        }
        assertTrue(checked >= 3, "too few informative probes");
    }

    @Test
    void perSampleGradientsAverageToTheBatchGradient() {
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(10L);
        Network net = ModelCatalog.create("cnn", 4L);
        int batch = 3;
        float[] x = images(rng, batch, 784);
        int[] y = {0, 3, 9};
        float[] ps = net.perSampleGradients(x, y, batch);
        INDArray grad = Nd4j.create(DataType.FLOAT, net.parameterCount());
        net.lossAndGradient(x, y, batch, grad);
        float[] g = grad.toFloatVector();
        int p = (int) net.parameterCount();
        double maxDiff = 0;
        double maxAbs = 0;
        for (int i = 0; i < p; i++) {
            double mean = (ps[i] + ps[p + i] + ps[2 * p + i]) / 3.0;
            maxDiff = Math.max(maxDiff, Math.abs(mean - g[i]));
            maxAbs = Math.max(maxAbs, Math.abs(g[i]));
        }
        assertTrue(maxDiff <= 1e-5 * Math.max(1, maxAbs), "max diff " + maxDiff);
    }

    @Test
    void vgg16RunsForwardAndBackwardOn32x32Images() {
        UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(11L);
        Network net = ModelCatalog.create("vgg16", 5L);
        float[] x = images(rng, 2, 3 * 32 * 32);
        INDArray grad = Nd4j.create(DataType.FLOAT, net.parameterCount());
        double loss = net.lossAndGradient(x, new int[] {2, 8}, 2, grad);
        // at initialisation the logits are small: the loss is close to ln 10
        assertEquals(Math.log(10), loss, 0.3);
        assertTrue(grad.norm2Number().doubleValue() > 0, "zero gradient");
    }
}
