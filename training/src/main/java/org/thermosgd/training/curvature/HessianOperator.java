package org.thermosgd.training.curvature;

import org.thermosgd.sde.spectral.SymmetricOperator;
import org.thermosgd.training.data.ImageSet;
import org.thermosgd.training.model.ModelCatalog;

/**
 * The Hessian of a network's training loss at given parameters, as an operator: the loss is the mean cross-entropy
 * (nats per sample) over the first {@code samples} images of {@code data}, plus (weightDecay / 2) |x|^2 when the run
 * had coupled weight decay (PyTorch's g += wd x), whose Hessian is wd I. Model 1 takes the exact R-operator; the
 * other networks central differences of exact gradients ({@link FiniteDifferenceHessian}).
 */
public interface HessianOperator extends SymmetricOperator {
    /** How the products are computed, with the finite-difference step and error estimate where there is one. */
    String method();

    /** Products computed so far. */
    long products();

    /**
     * The operator for {@code model} at {@code params}; {@code products}: auto (exact where available, i.e. Model 1),
     * exact, or differences (central differences of exact gradients, any network).
     */
    static HessianOperator of(String model, float[] params, ImageSet data, int samples, double weightDecay,
                              String products, java.util.function.LongConsumer progress) {
        if (samples < 1 || samples > data.size()) {
            throw new IllegalArgumentException("--samples " + samples + " must be in 1.." + data.size()
                    + " (the run's training images)");
        }
        if (products.equals("exact") && !model.equals("mlp")) {
            throw new IllegalArgumentException("--products exact is available for mlp (R-operator); " + model
                    + " takes differences");
        }
        ModelCatalog.entry(model);
        return model.equals("mlp") && !products.equals("differences")
                ? new ExactMlpHessian(params, data, samples, weightDecay, progress)
                : FiniteDifferenceHessian.of(model, params, data, samples, weightDecay, progress);
    }

    /** The images [start, start + size) of {@code data} and their labels. */
    static int[] labels(ImageSet data, int start, int size) {
        int[] l = new int[size];
        for (int k = 0; k < size; k++) {
            l[k] = data.label(start + k);
        }
        return l;
    }

    static int[] range(int start, int size) {
        int[] idx = new int[size];
        for (int k = 0; k < size; k++) {
            idx[k] = start + k;
        }
        return idx;
    }
}
