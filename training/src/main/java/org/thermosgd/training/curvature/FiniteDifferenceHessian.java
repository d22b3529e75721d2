package org.thermosgd.training.curvature;

import java.util.function.LongConsumer;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.nd4j.linalg.factory.Nd4j;
import org.thermosgd.training.data.ImageSet;
import org.thermosgd.training.model.ModelCatalog;
import org.thermosgd.training.model.Network;

/**
 * Hessian-vector products of any network by central differences of its exact (float32) gradients:
 * H v ~ (g(x + h u) - g(x - h u)) / (2 h) |v| with u = v / |v|. Three errors compete: O(h^2) truncation, O(eps |g| / h)
 * rounding of float32 gradients, and the ReLU and max-pool switches that a step of size h flips (each a jump in the
 * gradient; on Model 1 they dominate above h ~ 1e-4). The step is chosen once, on a random unit direction, as the one
 * of a geometric ladder (1e-2 .. 1e-5) where two neighbouring steps agree best, and that disagreement over |H u| is
 * reported as the relative error estimate (about 1% on Model 1, where the R-operator gives the exact answer).
 */
final class FiniteDifferenceHessian implements HessianOperator {
    private static final int BATCH = 100;
    private final Network net;
    private final float[] x0;
    private final ImageSet data;
    private final int samples;
    private final double weightDecay;
    private final LongConsumer progress;
    private double step;
    private double relativeError;
    private long products;

    private FiniteDifferenceHessian(Network net, ImageSet data, int samples, double weightDecay,
                                    LongConsumer progress) {
        this.net = net;
        this.x0 = net.params().toFloatVector();
        this.data = data;
        this.samples = samples;
        this.weightDecay = weightDecay;
        this.progress = progress;
    }

    static FiniteDifferenceHessian of(Network net, ImageSet data, int samples, double weightDecay,
                                      LongConsumer progress) {
        FiniteDifferenceHessian h = new FiniteDifferenceHessian(net, data, samples, weightDecay, progress);
        h.chooseStep();
        return h;
    }

    private void chooseStep() {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(0xfd5L);
        double[] u = new double[x0.length];
        double norm = 0;
        for (int i = 0; i < u.length; i++) {
            u[i] = rng.nextDouble() - 0.5;
            norm += u[i] * u[i];
        }
        for (int i = 0; i < u.length; i++) {
            u[i] /= Math.sqrt(norm);
        }
        double[] ladder = {1e-2, 3e-3, 1e-3, 3e-4, 1e-4, 3e-5, 1e-5};
        double[][] d = new double[ladder.length][];
        for (int k = 0; k < ladder.length; k++) {
            d[k] = difference(u, ladder[k]);
        }
        double best = Double.POSITIVE_INFINITY;
        for (int k = 0; k + 1 < ladder.length; k++) {
            double diff = 0;
            double size = 0;
            for (int i = 0; i < u.length; i++) {
                diff += (d[k][i] - d[k + 1][i]) * (d[k][i] - d[k + 1][i]);
                size += d[k + 1][i] * d[k + 1][i];
            }
            double rel = Math.sqrt(diff / Math.max(size, Double.MIN_NORMAL));
            if (rel < best) {
                best = rel;
                step = ladder[k + 1];
            }
        }
        relativeError = best;
    }

    /** (g(x + h u) - g(x - h u)) / (2 h) for a unit u: the mean gradient over the samples. */
    private double[] difference(double[] u, double h) {
        double[] plus = gradient(u, h);
        double[] minus = gradient(u, -h);
        double[] out = new double[u.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (plus[i] - minus[i]) / (2 * h);
        }
        return out;
    }

    private double[] gradient(double[] u, double h) {
        float[] x = new float[x0.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (x0[i] + h * u[i]);
        }
        Network at = ModelCatalog.withParameters(net.name(), x);
        double[] sum = new double[x.length];
        org.nd4j.linalg.api.ndarray.INDArray g = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, x.length);
        for (int start = 0; start < samples; start += BATCH) {
            int size = Math.min(BATCH, samples - start);
            at.lossAndGradient(data.images(HessianOperator.range(start, size)), HessianOperator.labels(data, start,
                    size), size, g);
            float[] gv = g.toFloatVector();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += (double) gv[i] * size;
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= samples;
        }
        return sum;
    }

    @Override
    public int dimension() {
        return x0.length;
    }

    @Override
    public double[] apply(double[] v) {
        double norm = 0;
        for (double a : v) {
            norm += a * a;
        }
        norm = Math.sqrt(norm);
        double[] out = new double[v.length];
        if (norm > 0) {
            double[] u = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                u[i] = v[i] / norm;
            }
            double[] d = difference(u, step);
            for (int i = 0; i < v.length; i++) {
                out[i] = d[i] * norm + weightDecay * v[i];
            }
        }
        products++;
        progress.accept(products);
        return out;
    }

    double step() {
        return step;
    }

    double relativeError() {
        return relativeError;
    }

    @Override
    public String method() {
        return String.format("central differences of exact float32 gradients, step h = %.0e along unit directions"
                + " (chosen where neighbouring steps agree best); estimated relative error of H u: %.1e", step,
                relativeError);
    }

    @Override
    public long products() {
        return products;
    }
}
