package org.thermosgd.training.model;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Model 1, the bi-layer perceptron: Linear(784 -> 100), ReLU, Linear(100 -> 10), softmax cross-entropy; 79,510
 * parameters in PyTorch's layout (fc1.weight [100, 784], fc1.bias, fc2.weight [10, 100], fc2.bias). Forward and
 * backward are four float32 GEMMs on ND4J; the softmax and loss are computed on the JVM.
 */
public final class Mlp implements Network {
    public static final int IN = 784;
    public static final int HIDDEN = 100;
    public static final int OUT = 10;
    public static final long PARAMETERS = (long) HIDDEN * IN + HIDDEN + (long) OUT * HIDDEN + OUT;

    private static final List<ParameterBlock> BLOCKS = List.of(
            new ParameterBlock("fc1.weight", 0, new long[] {HIDDEN, IN}),
            new ParameterBlock("fc1.bias", (long) HIDDEN * IN, new long[] {HIDDEN}),
            new ParameterBlock("fc2.weight", (long) HIDDEN * IN + HIDDEN, new long[] {OUT, HIDDEN}),
            new ParameterBlock("fc2.bias", (long) HIDDEN * IN + HIDDEN + (long) OUT * HIDDEN, new long[] {OUT}));

    private final INDArray params;
    private final INDArray w1;
    private final INDArray b1;
    private final INDArray w2;
    private final INDArray b2;

    private Mlp(INDArray params) {
        this.params = params;
        this.w1 = view(params, BLOCKS.get(0));
        this.b1 = view(params, BLOCKS.get(1));
        this.w2 = view(params, BLOCKS.get(2));
        this.b2 = view(params, BLOCKS.get(3));
    }

    /** PyTorch's default initialisation: weights and biases ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
    public static Mlp initialised(UniformRandomProvider rng) {
        float[] p = new float[(int) PARAMETERS];
        for (ParameterBlock b : BLOCKS) {
            long fanIn = b.name().startsWith("fc1") ? IN : HIDDEN;
            double bound = 1 / Math.sqrt(fanIn);
            for (long i = b.offset(); i < b.offset() + b.size(); i++) {
                p[(int) i] = (float) (bound * (2 * rng.nextDouble() - 1));
            }
        }
        return withParameters(p);
    }

    public static Mlp withParameters(float[] p) {
        if (p.length != PARAMETERS) {
            throw new IllegalArgumentException("mlp has " + PARAMETERS + " parameters, got " + p.length);
        }
        return new Mlp(Nd4j.createFromArray(p.clone()));
    }

    static INDArray view(INDArray flat, ParameterBlock b) {
        INDArray v = flat.get(NDArrayIndex.interval(b.offset(), b.offset() + b.size()));
        return b.shape().length == 1 ? v : v.reshape('c', b.shape());
    }

    /** The elements of a matrix in row-major order, whatever its storage order. */
    static float[] rowMajor(INDArray m) {
        return (m.ordering() == 'c' && !m.isView() ? m : m.dup('c')).data().asFloat();
    }

    @Override
    public String name() {
        return "mlp";
    }

    @Override
    public INDArray params() {
        return params;
    }

    @Override
    public long parameterCount() {
        return PARAMETERS;
    }

    @Override
    public List<ParameterBlock> blocks() {
        return BLOCKS;
    }

    private record Forward(INDArray x, INDArray h, float[] logits) {
    }

    private Forward forward(float[] x, int batch) {
        INDArray xa = Nd4j.create(x, new long[] {batch, IN}, 'c');
        INDArray h = Nd4j.gemm(xa, w1, false, true);
        h.addiRowVector(b1);
        Transforms.relu(h, false);
        INDArray z = Nd4j.gemm(h, w2, false, true);
        z.addiRowVector(b2);
        return new Forward(xa, h, rowMajor(z));
    }

    /** Softmax cross-entropy: returns the per-sample losses and overwrites logits with p - onehot. */
    private static double[] softmaxCrossEntropy(float[] logits, int[] labels, int batch, int[] correct) {
        double[] losses = new double[batch];
        for (int r = 0; r < batch; r++) {
            int o = r * OUT;
            float max = logits[o];
            int arg = 0;
            for (int k = 1; k < OUT; k++) {
                if (logits[o + k] > max) {
                    max = logits[o + k];
                    arg = k;
                }
            }
            double sum = 0;
            for (int k = 0; k < OUT; k++) {
                sum += Math.exp(logits[o + k] - max);
            }
            double logZ = max + Math.log(sum);
            losses[r] = logZ - logits[o + labels[r]];
            if (arg == labels[r]) {
                correct[0]++;
            }
            for (int k = 0; k < OUT; k++) {
                logits[o + k] = (float) Math.exp(logits[o + k] - logZ);
            }
            logits[o + labels[r]] -= 1f;
        }
        return losses;
    }

    @Override
    public double lossAndGradient(float[] x, int[] labels, int batch, INDArray grad) {
        Forward f = forward(x, batch);
        double[] losses = softmaxCrossEntropy(f.logits(), labels, batch, new int[1]);
        float inv = 1f / batch;
        float[] d = f.logits();
        for (int i = 0; i < d.length; i++) {
            d[i] *= inv;
        }
        INDArray d2 = Nd4j.create(d, new long[] {batch, OUT}, 'c');
        Nd4j.gemm(d2, f.h(), view(grad, BLOCKS.get(2)), true, false, 1.0, 0.0);
        view(grad, BLOCKS.get(3)).assign(d2.sum(0));
        INDArray dh = Nd4j.gemm(d2, w2, false, false);
        dh.muli(Transforms.step(f.h(), true));
        Nd4j.gemm(dh, f.x(), view(grad, BLOCKS.get(0)), true, false, 1.0, 0.0);
        view(grad, BLOCKS.get(1)).assign(dh.sum(0));
        double sum = 0;
        for (double l : losses) {
            sum += l;
        }
        return sum / batch;
    }

    @Override
    public double[] evaluate(float[] x, int[] labels, int batch) {
        Forward f = forward(x, batch);
        int[] correct = new int[1];
        double[] losses = softmaxCrossEntropy(f.logits(), labels, batch, correct);
        double sum = 0;
        for (double l : losses) {
            sum += l;
        }
        return new double[] {sum, correct[0]};
    }

    @Override
    public float[] perSampleGradients(float[] x, int[] labels, int batch) {
        Forward f = forward(x, batch);
        softmaxCrossEntropy(f.logits(), labels, batch, new int[1]);
        float[] d2 = f.logits();
        INDArray dh = Nd4j.gemm(Nd4j.create(d2, new long[] {batch, OUT}, 'c'), w2, false, false);
        dh.muli(Transforms.step(f.h(), true));
        float[] h = rowMajor(f.h());
        float[] dhv = rowMajor(dh);
        int p = (int) PARAMETERS;
        float[] out = new float[batch * p];
        int w2Off = (int) BLOCKS.get(2).offset();
        int b1Off = (int) BLOCKS.get(1).offset();
        int b2Off = (int) BLOCKS.get(3).offset();
        for (int r = 0; r < batch; r++) {
            int row = r * p;
            int xo = r * IN;
            for (int j = 0; j < HIDDEN; j++) {
                float e = dhv[r * HIDDEN + j];
                int o = row + j * IN;
                if (e == 0f) {
                    continue;
                }
                for (int i = 0; i < IN; i++) {
                    out[o + i] = e * x[xo + i];
                }
            }
            System.arraycopy(dhv, r * HIDDEN, out, row + b1Off, HIDDEN);
            for (int k = 0; k < OUT; k++) {
                float e = d2[r * OUT + k];
                int o = row + w2Off + k * HIDDEN;
                for (int j = 0; j < HIDDEN; j++) {
                    out[o + j] = e * h[r * HIDDEN + j];
                }
            }
            System.arraycopy(d2, r * OUT, out, row + b2Off, OUT);
        }
        return out;
    }
}
