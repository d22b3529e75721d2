package org.thermosgd.training.curvature;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loss, gradient and exact Hessian-vector product of a one-hidden-layer ReLU perceptron with softmax cross-entropy
 * (Model 1 at in = 784, hidden = 100, out = 10), summed over a batch, by the R-operator (Pearlmutter 1994): the
 * directional derivative of the back-propagation along v, in float32 GEMMs. Parameters and v in PyTorch's layout:
 * W1 [hidden, in], b1 [hidden], W2 [out, hidden], b2 [out]. ReLU's second derivative is zero almost everywhere, so
 * the product is exact wherever no pre-activation is exactly 0. Arithmetic in float32 ({@link #MlpCurvature}) or
 * float64 ({@link #doublePrecision}); results are returned in double.
 */
public final class MlpCurvature {
    private final int in;
    private final int hidden;
    private final int out;
    private final DataType type;

    public MlpCurvature(int in, int hidden, int out) {
        this(in, hidden, out, DataType.FLOAT);
    }

    private MlpCurvature(int in, int hidden, int out, DataType type) {
        if (in < 1 || hidden < 1 || out < 2) {
            throw new IllegalArgumentException("layer sizes in " + in + ", hidden " + hidden + ", out " + out);
        }
        this.in = in;
        this.hidden = hidden;
        this.out = out;
        this.type = type;
    }

    /** The same network in float64 GEMMs. */
    public static MlpCurvature doublePrecision(int in, int hidden, int out) {
        return new MlpCurvature(in, hidden, out, DataType.DOUBLE);
    }

    public int parameters() {
        return hidden * in + hidden + out * hidden + out;
    }

    /** Sums over the batch of the loss (nats), its gradient and its Hessian times v (v null: no product). */
    public record Sums(double loss, double[] gradient, double[] hessianTimesV) {
    }

    public Sums sums(float[] params, float[] x, int[] labels, int batch, float[] v) {
        return sums(toDouble(params), x, labels, batch, v == null ? null : toDouble(v));
    }

    static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    public Sums sums(double[] params, float[] x, int[] labels, int batch, double[] v) {
        int n = parameters();
        if (params.length != n || (v != null && v.length != n) || x.length != batch * in) {
            throw new IllegalArgumentException("expected " + n + " parameters and " + batch + " x " + in + " inputs");
        }
        INDArray xs = Nd4j.create(x, new long[] {batch, in}, 'c').castTo(type);
        INDArray w1 = block(params, 0, hidden, in);
        INDArray b1 = block(params, hidden * in, 1, hidden);
        int o2 = hidden * in + hidden;
        INDArray w2 = block(params, o2, out, hidden);
        INDArray b2 = block(params, o2 + out * hidden, 1, out);
        INDArray z1 = xs.mmul(w1.transpose()).addiRowVector(b1);
        INDArray mask = z1.gt(0).castTo(type);
        INDArray a1 = z1.mul(mask);
        INDArray z2 = a1.mmul(w2.transpose()).addiRowVector(b2);
        double[] logits = flat(z2);
        double[] p = new double[batch * out];
        double loss = 0;
        for (int r = 0; r < batch; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < out; k++) {
                max = Math.max(max, logits[r * out + k]);
            }
            double sum = 0;
            for (int k = 0; k < out; k++) {
                sum += Math.exp(logits[r * out + k] - max);
            }
            for (int k = 0; k < out; k++) {
                p[r * out + k] = Math.exp(logits[r * out + k] - max) / sum;
            }
            loss += Math.log(sum) + max - logits[r * out + labels[r]];
        }
        double[] d2v = p.clone();
        for (int r = 0; r < batch; r++) {
            d2v[r * out + labels[r]] -= 1;
        }
        INDArray d2 = Nd4j.create(d2v, new long[] {batch, out}, 'c').castTo(type);
        INDArray d1 = d2.mmul(w2).muli(mask);
        double[] grad = new double[n];
        put(grad, 0, d1.transpose().mmul(xs));
        put(grad, hidden * in, d1.sum(0));
        put(grad, o2, d2.transpose().mmul(a1));
        put(grad, o2 + out * hidden, d2.sum(0));
        if (v == null) {
            return new Sums(loss, grad, null);
        }
        INDArray v1 = block(v, 0, hidden, in);
        INDArray c1 = block(v, hidden * in, 1, hidden);
        INDArray v2 = block(v, o2, out, hidden);
        INDArray c2 = block(v, o2 + out * hidden, 1, out);
        INDArray ra1 = xs.mmul(v1.transpose()).addiRowVector(c1).muli(mask);
        INDArray rz2 = ra1.mmul(w2.transpose()).addi(a1.mmul(v2.transpose())).addiRowVector(c2);
        double[] rz = flat(rz2);
        double[] rp = new double[batch * out];
        for (int r = 0; r < batch; r++) {
            double dot = 0;
            for (int k = 0; k < out; k++) {
                dot += p[r * out + k] * rz[r * out + k];
            }
            for (int k = 0; k < out; k++) {
                rp[r * out + k] = p[r * out + k] * (rz[r * out + k] - dot);
            }
        }
        INDArray rd2 = Nd4j.create(rp, new long[] {batch, out}, 'c').castTo(type);
        INDArray rd1 = rd2.mmul(w2).addi(d2.mmul(v2)).muli(mask);
        double[] hv = new double[n];
        put(hv, 0, rd1.transpose().mmul(xs));
        put(hv, hidden * in, rd1.sum(0));
        put(hv, o2, rd2.transpose().mmul(a1).addi(d2.transpose().mmul(ra1)));
        put(hv, o2 + out * hidden, rd2.sum(0));
        return new Sums(loss, grad, hv);
    }

    private INDArray block(double[] flat, int offset, int rows, int cols) {
        return Nd4j.create(java.util.Arrays.copyOfRange(flat, offset, offset + rows * cols), new long[] {rows, cols},
                'c').castTo(type);
    }

    private static void put(double[] flat, int offset, INDArray m) {
        double[] v = flat(m);
        System.arraycopy(v, 0, flat, offset, v.length);
    }

    private static double[] flat(INDArray m) {
        return m.dup('c').reshape(m.length()).castTo(DataType.DOUBLE).toDoubleVector();
    }
}
