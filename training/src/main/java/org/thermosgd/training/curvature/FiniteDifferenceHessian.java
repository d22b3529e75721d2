package org.thermosgd.training.curvature;

import java.util.function.LongConsumer;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.nd4j.linalg.factory.Nd4j;
import org.thermosgd.training.data.ImageSet;
import org.thermosgd.training.model.Mlp;
import org.thermosgd.training.model.ModelCatalog;
import org.thermosgd.training.model.Network;

/**
 * Hessian-vector products of any network by central differences of its exact gradients, computed in float64 at
 * float64 parameters: H v ~ (g(x + h u) - g(x - h u)) / (2 h) |v| with u = v / |v|. Three errors compete: O(h^2)
 * truncation, O(eps |g| / h) rounding, and the ReLU and max-pool switches that a step of size h flips (each a jump
 * in the gradient; their number grows with h). In float32 the last two swamp the differences (on Model 1 a Lanczos
 * run on float32 differences found a top eigenvalue of 50 where the exact one is 2.4), hence float64. The step is
 * chosen once, on a random unit direction, as the one of a geometric ladder (1e-3 .. 1e-7) where two neighbouring
 * steps agree best; then every product is repeated at a step 10 times smaller until the two agree to 1e-5, because
 * Lanczos seeks out exactly the directions whose step flips a switch (a float64 Lanczos run on single-step
 * differences found 50 where the exact top eigenvalue of Model 1 is 2.4). The worst remaining disagreement and the
 * smallest step are reported.
 */
final class FiniteDifferenceHessian implements HessianOperator {
    private static final int BATCH = 100;
    private final double[] x0;
    private final Gradient64 gradient64;
    private final ImageSet data;
    private final int samples;
    private final double weightDecay;
    private final LongConsumer progress;
    /** Two steps a factor 10 apart must agree this well (relative) or the step shrinks again. */
    private static final double AGREEMENT = 1e-5;
    private double step;
    private double relativeError;
    private double worstDisagreement;
    private double smallestStep = Double.POSITIVE_INFINITY;
    private long products;

    private FiniteDifferenceHessian(String model, float[] params, ImageSet data, int samples, double weightDecay,
                                    LongConsumer progress) {
        this.x0 = MlpCurvature.toDouble(params);
        this.gradient64 = Gradient64.of(model, x0);
        this.data = data;
        this.samples = samples;
        this.weightDecay = weightDecay;
        this.progress = progress;
    }

    static FiniteDifferenceHessian of(String model, float[] params, ImageSet data, int samples, double weightDecay,
                                      LongConsumer progress) {
        FiniteDifferenceHessian h = new FiniteDifferenceHessian(model, params, data, samples, weightDecay, progress);
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
        double[] ladder = {1e-3, 3e-4, 1e-4, 3e-5, 1e-5, 3e-6, 1e-6, 3e-7, 1e-7};
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
        double[] x = new double[x0.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = x0[i] + h * u[i];
        }
        double[] sum = new double[x.length];
        for (int start = 0; start < samples; start += BATCH) {
            int size = Math.min(BATCH, samples - start);
            double[] g = gradient64.mean(x, data.images(HessianOperator.range(start, size)),
                    HessianOperator.labels(data, start, size), size);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += g[i] * size;
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= samples;
        }
        return sum;
    }

    /** The mean gradient over a batch in float64 at float64 parameters. */
    private interface Gradient64 {
        double[] mean(double[] params, float[] x, int[] labels, int batch);

        static Gradient64 of(String model, double[] start) {
            if (model.equals("mlp")) {
                MlpCurvature m = MlpCurvature.doublePrecision(Mlp.IN,
                        Mlp.HIDDEN, Mlp.OUT);
                return (p, x, labels, batch) -> {
                    double[] g = m.sums(p, x, labels, batch, null).gradient();
                    for (int i = 0; i < g.length; i++) {
                        g[i] /= batch;
                    }
                    return g;
                };
            }
            Network net = ModelCatalog.doublePrecision(model, start);
            org.nd4j.linalg.api.ndarray.INDArray grad = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.DOUBLE,
                    start.length);
            return (p, x, labels, batch) -> {
                net.params().assign(Nd4j.createFromArray(p));
                net.lossAndGradient(x, labels, batch, grad);
                return grad.toDoubleVector();
            };
        }
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
            double h = step;
            double[] d = difference(u, h);
            while (true) {
                double[] finer = difference(u, h / 10);
                double disagreement = relative(d, finer);
                d = finer;
                h /= 10;
                if (disagreement <= AGREEMENT || h < 1e-11) {
                    worstDisagreement = Math.max(worstDisagreement, disagreement);
                    smallestStep = Math.min(smallestStep, h);
                    break;
                }
            }
            for (int i = 0; i < v.length; i++) {
                out[i] = d[i] * norm + weightDecay * v[i];
            }
        }
        products++;
        progress.accept(products);
        return out;
    }

    private static double relative(double[] a, double[] b) {
        double diff = 0;
        double size = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            size += b[i] * b[i];
        }
        return Math.sqrt(diff / Math.max(size, Double.MIN_NORMAL));
    }

    double step() {
        return step;
    }

    double relativeError() {
        return relativeError;
    }

    @Override
    public String method() {
        return String.format("central differences of exact float64 gradients along unit directions, from step %.0e"
                + " (where neighbouring steps agree best on a random direction, to %.1e) shrunk by 10 per product until"
                + " two steps agree to %.0e (a ReLU or max-pool switch inside the step shows as disagreement);"
                + " smallest step used %.0e, worst final disagreement %.1e", step, relativeError, AGREEMENT,
                smallestStep, worstDisagreement);
    }

    @Override
    public long products() {
        return products;
    }
}
