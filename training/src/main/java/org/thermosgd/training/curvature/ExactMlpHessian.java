package org.thermosgd.training.curvature;

import java.util.function.LongConsumer;
import org.thermosgd.training.data.ImageSet;
import org.thermosgd.training.model.Mlp;

/** Model 1's Hessian by the R-operator ({@link MlpCurvature}), in batches of 2,000 images. */
final class ExactMlpHessian implements HessianOperator {
    private static final int BATCH = 2000;
    private final MlpCurvature curvature = new MlpCurvature(Mlp.IN, Mlp.HIDDEN, Mlp.OUT);
    private final double[] params;
    private final ImageSet data;
    private final int samples;
    private final double weightDecay;
    private final LongConsumer progress;
    private long products;

    ExactMlpHessian(float[] params, ImageSet data, int samples, double weightDecay, LongConsumer progress) {
        this.params = MlpCurvature.toDouble(params);
        this.data = data;
        this.samples = samples;
        this.weightDecay = weightDecay;
        this.progress = progress;
    }

    @Override
    public int dimension() {
        return params.length;
    }

    @Override
    public double[] apply(double[] v) {
        double[] out = new double[v.length];
        for (int start = 0; start < samples; start += BATCH) {
            int size = Math.min(BATCH, samples - start);
            double[] hv = curvature.sums(params, data.images(HessianOperator.range(start, size)),
                    HessianOperator.labels(data, start, size), size, v).hessianTimesV();
            for (int i = 0; i < out.length; i++) {
                out[i] += hv[i];
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = out[i] / samples + weightDecay * v[i];
        }
        products++;
        progress.accept(products);
        return out;
    }

    @Override
    public String method() {
        return "exact: R-operator (forward-over-reverse) of back-propagation, float32 GEMMs, accumulated in double";
    }

    @Override
    public long products() {
        return products;
    }
}
