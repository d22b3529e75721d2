package org.thermosgd.training.model;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.thermosgd.training.engine.Sgemm;

/**
 * Model 1, the bi-layer perceptron: Linear(784 -> 100), ReLU, Linear(100 -> 10), softmax cross-entropy; 79,510
 * parameters in PyTorch's layout (fc1.weight [100, 784], fc1.bias, fc2.weight [10, 100], fc2.bias). Forward and
 * backward are float32 GEMMs by oneDNN ({@link Sgemm}) on off-heap buffers; the softmax, loss, ReLU and bias sums
 * are computed on the JVM.
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

    private Mlp(INDArray params) {
        this.params = params;
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

    /** Preallocated off-heap buffers for one batch size, and their heap mirrors for the element-wise work. */
    private static final class Buffers {
        final int batch;
        final INDArray x;
        final INDArray h;
        final INDArray z;
        final INDArray d2;
        final INDArray dh;
        final float[] logits;
        final float[] hHeap;
        final float[] dhHeap;

        Buffers(int batch) {
            this.batch = batch;
            this.x = Nd4j.create(DataType.FLOAT, new long[] {batch, IN}, 'c');
            this.h = Nd4j.create(DataType.FLOAT, new long[] {batch, HIDDEN}, 'c');
            this.z = Nd4j.create(DataType.FLOAT, new long[] {batch, OUT}, 'c');
            this.d2 = Nd4j.create(DataType.FLOAT, new long[] {batch, OUT}, 'c');
            this.dh = Nd4j.create(DataType.FLOAT, new long[] {batch, HIDDEN}, 'c');
            this.logits = new float[batch * OUT];
            this.hHeap = new float[batch * HIDDEN];
            this.dhHeap = new float[batch * HIDDEN];
        }
    }

    private final java.util.Map<Integer, Buffers> buffers = new java.util.HashMap<>();

    private Buffers buffers(int batch) {
        Buffers b = buffers.get(batch);
        if (b == null) {
            if (buffers.size() >= 4) {
                buffers.clear();
            }
            b = new Buffers(batch);
            buffers.put(batch, b);
        }
        return b;
    }

    /** Copies a row-major float array into a c-ordered, non-view ND4J array (bulk copy through NIO). */
    static void put(INDArray dst, float[] src) {
        java.nio.FloatBuffer fb = dst.data().asNioFloat();
        fb.position(0);
        fb.put(src, 0, (int) dst.length());
        java.lang.ref.Reference.reachabilityFence(dst);
    }

    static void get(INDArray src, float[] dst) {
        java.nio.FloatBuffer fb = src.data().asNioFloat();
        fb.position(0);
        fb.get(dst, 0, (int) src.length());
        java.lang.ref.Reference.reachabilityFence(src);
    }

    private final float[] b1v = new float[HIDDEN];
    private final float[] b2v = new float[OUT];

    /** Copies {@code dst.length} values of a flat, non-view array starting at {@code offset}. */
    static void read(INDArray flat, long offset, float[] dst) {
        java.nio.FloatBuffer fb = flat.data().asNioFloat();
        fb.position((int) offset);
        fb.get(dst, 0, dst.length);
        java.lang.ref.Reference.reachabilityFence(flat);
    }

    /** Native address of element {@code offset} of an array's buffer. */
    private static long address(INDArray a, long offset) {
        return a.data().address() + Float.BYTES * (a.offset() + offset);
    }

    /**
     * Forward pass into the buffers; leaves the logits in {@code b.logits} and relu(h) in {@code b.h} and
     * {@code b.hHeap}. The two layers are oneDNN float32 GEMMs ({@link Sgemm}); bias broadcast, ReLU and the second
     * bias are element-wise loops on the JVM (cheaper than an ND4J call each).
     */
    private Buffers forward(float[] x, int batch) {
        Buffers b = buffers(batch);
        put(b.x, x);
        read(params, BLOCKS.get(1).offset(), b1v);
        read(params, BLOCKS.get(3).offset(), b2v);
        float[] hv = b.hHeap;
        for (int r = 0; r < batch; r++) {
            System.arraycopy(b1v, 0, hv, r * HIDDEN, HIDDEN);
        }
        put(b.h, hv);
        Sgemm.rowMajor(false, true, batch, HIDDEN, IN, 1f, address(b.x, 0), IN, address(params, 0), IN, 1f,
                address(b.h, 0), HIDDEN);
        get(b.h, hv);
        for (int i = 0; i < hv.length; i++) {
            hv[i] = Math.max(hv[i], 0f);
        }
        put(b.h, hv);
        Sgemm.rowMajor(false, true, batch, OUT, HIDDEN, 1f, address(b.h, 0), HIDDEN,
                address(params, BLOCKS.get(2).offset()), HIDDEN, 0f, address(b.z, 0), OUT);
        get(b.z, b.logits);
        float[] z = b.logits;
        for (int r = 0; r < batch; r++) {
            for (int k = 0; k < OUT; k++) {
                z[r * OUT + k] += b2v[k];
            }
        }
        java.lang.ref.Reference.reachabilityFence(params);
        return b;
    }

    /** dh = (d2 W2) * relu'(h) into b.dh and b.dhHeap, from the output error already in b.d2. */
    private void hiddenError(Buffers b) {
        Sgemm.rowMajor(false, false, b.batch, HIDDEN, OUT, 1f, address(b.d2, 0), OUT,
                address(params, BLOCKS.get(2).offset()), HIDDEN, 0f, address(b.dh, 0), HIDDEN);
        java.lang.ref.Reference.reachabilityFence(params);
        float[] dh = b.dhHeap;
        float[] hv = b.hHeap;
        get(b.dh, dh);
        for (int i = 0; i < dh.length; i++) {
            if (hv[i] <= 0f) {
                dh[i] = 0f;
            }
        }
        put(b.dh, dh);
    }

    @Override
    public double lossAndGradient(float[] x, int[] labels, int batch, INDArray grad) {
        if (grad.length() != PARAMETERS || grad.dataType() != DataType.FLOAT || grad.elementWiseStride() != 1) {
            throw new IllegalArgumentException("gradient must be a contiguous float32 vector of " + PARAMETERS
                    + " elements");
        }
        Buffers b = forward(x, batch);
        double[] losses = SoftmaxCrossEntropy.apply(b.logits, OUT, labels, batch, new int[1]);
        float inv = 1f / batch;
        float[] d = b.logits;
        for (int i = 0; i < d.length; i++) {
            d[i] *= inv;
        }
        put(b.d2, d);
        Sgemm.rowMajor(true, false, OUT, HIDDEN, batch, 1f, address(b.d2, 0), OUT, address(b.h, 0), HIDDEN, 0f,
                address(grad, BLOCKS.get(2).offset()), HIDDEN);
        float[] db2 = new float[OUT];
        for (int r = 0; r < batch; r++) {
            for (int k = 0; k < OUT; k++) {
                db2[k] += d[r * OUT + k];
            }
        }
        hiddenError(b);
        Sgemm.rowMajor(true, false, HIDDEN, IN, batch, 1f, address(b.dh, 0), HIDDEN, address(b.x, 0), IN, 0f,
                address(grad, 0), IN);
        float[] db1 = new float[HIDDEN];
        float[] dh = b.dhHeap;
        for (int r = 0; r < batch; r++) {
            for (int k = 0; k < HIDDEN; k++) {
                db1[k] += dh[r * HIDDEN + k];
            }
        }
        java.nio.FloatBuffer g = grad.data().asNioFloat();
        g.position((int) (grad.offset() + BLOCKS.get(1).offset()));
        g.put(db1);
        g.position((int) (grad.offset() + BLOCKS.get(3).offset()));
        g.put(db2);
        java.lang.ref.Reference.reachabilityFence(grad);
        return SoftmaxCrossEntropy.sum(losses) / batch;
    }

    @Override
    public double[] evaluate(float[] x, int[] labels, int batch) {
        Buffers b = forward(x, batch);
        int[] correct = new int[1];
        double[] losses = SoftmaxCrossEntropy.apply(b.logits, OUT, labels, batch, correct);
        return new double[] {SoftmaxCrossEntropy.sum(losses), correct[0]};
    }

    @Override
    public boolean hasPerSampleFactors() {
        return true;
    }

    @Override
    public List<DenseFactors> perSampleFactors(float[] x, int[] labels, int batch) {
        Buffers b = forward(x, batch);
        SoftmaxCrossEntropy.apply(b.logits, OUT, labels, batch, new int[1]);
        float[] d2 = b.logits.clone();
        put(b.d2, d2);
        float[] h = java.util.Arrays.copyOf(b.hHeap, batch * HIDDEN);
        hiddenError(b);
        float[] dh = java.util.Arrays.copyOf(b.dhHeap, batch * HIDDEN);
        return List.of(new DenseFactors(BLOCKS.get(0).name(), BLOCKS.get(1).name(), IN, HIDDEN,
                        java.util.Arrays.copyOf(x, batch * IN), dh),
                new DenseFactors(BLOCKS.get(2).name(), BLOCKS.get(3).name(), HIDDEN, OUT, h, d2));
    }

    /** The rows from the factors: outer products error x input per weight block, errors per bias block. */
    @Override
    public float[] perSampleGradients(float[] x, int[] labels, int batch) {
        int p = (int) PARAMETERS;
        float[] out = new float[batch * p];
        for (DenseFactors f : perSampleFactors(x, labels, batch)) {
            int wOff = (int) BLOCKS.stream().filter(b -> b.name().equals(f.weightBlock())).findFirst().orElseThrow()
                    .offset();
            int bOff = (int) BLOCKS.stream().filter(b -> b.name().equals(f.biasBlock())).findFirst().orElseThrow()
                    .offset();
            for (int r = 0; r < batch; r++) {
                int row = r * p;
                for (int o = 0; o < f.out(); o++) {
                    float e = f.errors()[r * f.out() + o];
                    if (e != 0f) {
                        int base = row + wOff + o * f.in();
                        for (int i = 0; i < f.in(); i++) {
                            out[base + i] = e * f.inputs()[r * f.in() + i];
                        }
                    }
                }
                System.arraycopy(f.errors(), r * f.out(), out, row + bOff, f.out());
            }
        }
        return out;
    }
}
