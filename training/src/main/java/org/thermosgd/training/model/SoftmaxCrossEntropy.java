package org.thermosgd.training.model;

/** Softmax cross-entropy on row-major logits [batch, classes], in double precision per sample. */
public final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() {
    }

    /**
     * Returns the per-sample losses (nats), counts correct arg-max predictions into {@code correct[0]}, and
     * overwrites {@code logits} with softmax(logits) - onehot(label), the gradient of each sample's loss.
     */
    public static double[] apply(float[] logits, int classes, int[] labels, int batch, int[] correct) {
        double[] losses = new double[batch];
        for (int r = 0; r < batch; r++) {
            int o = r * classes;
            float max = logits[o];
            int arg = 0;
            for (int k = 1; k < classes; k++) {
                if (logits[o + k] > max) {
                    max = logits[o + k];
                    arg = k;
                }
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                sum += Math.exp(logits[o + k] - max);
            }
            double logZ = max + Math.log(sum);
            losses[r] = logZ - logits[o + labels[r]];
            if (arg == labels[r]) {
                correct[0]++;
            }
            for (int k = 0; k < classes; k++) {
                logits[o + k] = (float) Math.exp(logits[o + k] - logZ);
            }
            logits[o + labels[r]] -= 1f;
        }
        return losses;
    }

    public static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
