package org.thermosgd.training.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A convolutional classifier as a SameDiff graph (NCHW), with the parameters mirrored in one flat vector for the
 * optimiser in PyTorch's layouts (conv [out, in, 3, 3], linear [out, in]). 3x3 convolutions with stride 1 and
 * ReLU, 2x2 max pooling with stride 2, a final linear layer, softmax cross-entropy (mean over the batch).
 * Parameter names are PyTorch's state-dict keys for {@code features = nn.Sequential(Conv2d, ReLU, ..., MaxPool2d)}
 * followed by {@code classifier = nn.Linear} ({@code features.0.weight}, ..., {@code classifier.weight}), as
 * torchvision's VGG16 names its convolutions.
 * Per-sample gradients are exact: one batch-size-1 backward pass per sample.
 */
public final class ConvNet implements Network {
    /** A layer: {@code conv} (in, out, same padding or not), {@code pool}, or {@code linear} (in, out). */
    public record Layer(String kind, int in, int out, boolean samePadding) {
        public static Layer conv(int in, int out, boolean same) {
            return new Layer("conv", in, out, same);
        }

        public static Layer pool() {
            return new Layer("pool", 0, 0, false);
        }

        public static Layer linear(int in, int out) {
            return new Layer("linear", in, out, false);
        }
    }

    private final String name;
    private final int[] inputShape;
    private final int classes;
    private final List<ParameterBlock> blocks;
    private final long parameterCount;
    private final INDArray params;
    private final SameDiff sd;
    private final List<String> paramNames = new ArrayList<>();
    private final Map<String, INDArray> views = new HashMap<>();
    private final DataType type;

    private ConvNet(String name, int[] inputShape, List<Layer> layers, INDArray initial) {
        this(name, inputShape, layers, initial, DataType.FLOAT);
    }

    private ConvNet(String name, int[] inputShape, List<Layer> layers, INDArray initial, DataType type) {
        this.type = type;
        this.name = name;
        this.inputShape = inputShape.clone();
        this.blocks = new ArrayList<>();
        long offset = 0;
        int module = 0;
        int linear = 0;
        long linears = layers.stream().filter(l -> l.kind().equals("linear")).count();
        int lastOut = 0;
        for (Layer l : layers) {
            if (l.kind().equals("pool")) {
                module++;
                continue;
            }
            String prefix = l.kind().equals("conv") ? "features." + module
                    : linears == 1 ? "classifier" : "classifier." + 2 * linear++;
            module += 2;
            long[] wShape = l.kind().equals("conv") ? new long[] {l.out(), l.in(), 3, 3} : new long[] {l.out(), l.in()};
            ParameterBlock w = new ParameterBlock(prefix + ".weight", offset, wShape);
            offset += w.size();
            ParameterBlock b = new ParameterBlock(prefix + ".bias", offset, new long[] {l.out()});
            offset += b.size();
            blocks.add(w);
            blocks.add(b);
            lastOut = l.out();
        }
        this.classes = lastOut;
        this.parameterCount = offset;
        this.params = initial;
        if (initial.length() != parameterCount) {
            throw new IllegalArgumentException(name + " has " + parameterCount + " parameters, got "
                    + initial.length());
        }
        this.sd = build(layers);
    }

    /**
     * The layers of a specification this float64 path can run: 3x3 convolutions with stride 1 and padding 0 or 1,
     * each followed by ReLU, 2x2 max pools with stride 2, one flatten, and linear layers (ReLU between them).
     */
    public static List<Layer> layersOf(NetworkSpec spec) {
        List<Layer> out = new ArrayList<>();
        List<NetworkSpec.Layer> ls = spec.layers();
        for (int i = 0; i < ls.size(); i++) {
            NetworkSpec.Layer l = ls.get(i);
            boolean reluNext = i + 1 < ls.size() && ls.get(i + 1).type().equals("relu");
            switch (l.type()) {
                case "conv2d" -> {
                    if (l.kernel() != 3 || l.stride() != 1 || l.padding() > 1 || !reluNext) {
                        throw unsupported(spec, i, l);
                    }
                    out.add(Layer.conv(l.in(), l.out(), l.padding() == 1));
                    i++;
                }
                case "maxpool2d" -> {
                    if (l.kernel() != 2 || l.stride() != 2 || l.padding() != 0) {
                        throw unsupported(spec, i, l);
                    }
                    out.add(Layer.pool());
                }
                case "linear" -> out.add(Layer.linear(l.in(), l.out()));
                case "flatten" -> {
                }
                default -> {
                    if (i == 0 || !ls.get(i - 1).type().equals("linear")) {
                        throw unsupported(spec, i, l);
                    }
                }
            }
        }
        return out;
    }

    private static IllegalArgumentException unsupported(NetworkSpec spec, int i, NetworkSpec.Layer l) {
        return new IllegalArgumentException(spec.name() + ": layer " + i + " " + l.describe() + " has no float64"
                + " path (it supports 3x3 stride-1 convolutions with padding 0 or 1 and ReLU, 2x2 max pools, linear)");
    }

    /** Layer count of parameters without building anything (exact arithmetic). */
    public static long countParameters(List<Layer> layers) {
        long p = 0;
        for (Layer l : layers) {
            if (l.kind().equals("conv")) {
                p += (long) l.out() * l.in() * 9 + l.out();
            } else if (l.kind().equals("linear")) {
                p += (long) l.out() * l.in() + l.out();
            }
        }
        return p;
    }

    /** PyTorch's default initialisation: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights and biases. */
    public static ConvNet initialised(String name, int[] inputShape, List<Layer> layers, UniformRandomProvider rng) {
        long count = countParameters(layers);
        float[] p = new float[Math.toIntExact(count)];
        int off = 0;
        for (Layer l : layers) {
            if (l.kind().equals("pool")) {
                continue;
            }
            long fanIn = l.kind().equals("conv") ? (long) l.in() * 9 : l.in();
            double bound = 1 / Math.sqrt(fanIn);
            long n = (l.kind().equals("conv") ? (long) l.out() * l.in() * 9 : (long) l.out() * l.in()) + l.out();
            for (long i = 0; i < n; i++) {
                p[off++] = (float) (bound * (2 * rng.nextDouble() - 1));
            }
        }
        return new ConvNet(name, inputShape, layers, Nd4j.createFromArray(p));
    }

    public static ConvNet withParameters(String name, int[] inputShape, List<Layer> layers, float[] p) {
        return new ConvNet(name, inputShape, layers, Nd4j.createFromArray(p.clone()));
    }

    /**
     * The same network computing in float64 (parameters, activations, gradients): for curvature by finite
     * differences of gradients, where float32 rounding and parameter quantization would swamp the differences.
     * Its {@link #params()} and the gradients it writes are float64 arrays.
     */
    public static ConvNet doublePrecision(String name, int[] inputShape, List<Layer> layers, double[] p) {
        return new ConvNet(name, inputShape, layers, Nd4j.createFromArray(p.clone()), DataType.DOUBLE);
    }

    private SameDiff build(List<Layer> layers) {
        SameDiff g = SameDiff.create();
        SDVariable x = g.placeHolder("input", type, -1, inputShape[0], inputShape[1], inputShape[2]);
        SDVariable y = g.placeHolder("label", type, -1, classes);
        int bi = 0;
        boolean flat = false;
        for (Layer l : layers) {
            switch (l.kind()) {
                case "conv" -> {
                    SDVariable w = variable(g, blocks.get(bi++));
                    SDVariable b = variable(g, blocks.get(bi++));
                    x = g.cnn().conv2d(x, w, b, Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1)
                            .paddingMode(l.samePadding() ? PaddingMode.SAME : PaddingMode.VALID).dataFormat("NCHW")
                            .weightsFormat(WeightsFormat.YXIO).build());
                    x = g.nn().relu(x, 0);
                }
                case "pool" -> x = g.cnn().maxPooling2d(x, Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2)
                        .type(Pooling2D.Pooling2DType.MAX).paddingMode(PaddingMode.VALID).isNHWC(false).build());
                case "linear" -> {
                    if (!flat) {
                        x = g.reshape(x, g.constant(Nd4j.createFromArray(-1L, (long) l.in())));
                        flat = true;
                    }
                    SDVariable w = variable(g, blocks.get(bi++));
                    SDVariable b = variable(g, blocks.get(bi++));
                    x = g.mmul(x, w, false, true, false).add(b);
                    if (l != layers.get(layers.size() - 1)) {
                        x = g.nn().relu(x, 0);
                    }
                }
                default -> throw new IllegalStateException(l.kind());
            }
        }
        SDVariable logits = g.identity("logits", x);
        g.loss().softmaxCrossEntropy("loss", y, logits, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0);
        g.setLossVariables("loss");
        withoutStdout(g::createGradFunction);
        return g;
    }

    /** SameDiff 1.0.0-M2.1 prints a line per op to System.out while it builds the gradient graph; keep it quiet. */
    private static void withoutStdout(Runnable r) {
        java.io.PrintStream out = System.out;
        synchronized (ConvNet.class) {
            System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            try {
                r.run();
            } finally {
                System.setOut(out);
            }
        }
    }

    private SDVariable variable(SameDiff g, ParameterBlock b) {
        INDArray v = b.view(params);
        views.put(b.name(), v);
        paramNames.add(b.name());
        return g.var(b.name(), toGraph(v).dup('c').castTo(type));
    }

    /**
     * The graph holds conv weights as [kH, kW, in, out] (SameDiff's YXIO; its backward pass rejects PyTorch's OIYX
     * in this version); the flat vector keeps PyTorch's [out, in, kH, kW].
     */
    private static INDArray toGraph(INDArray v) {
        return v.rank() == 4 ? v.permute(2, 3, 1, 0) : v;
    }

    private static INDArray fromGraph(INDArray v) {
        return v.rank() == 4 ? v.permute(3, 2, 0, 1) : v;
    }

    /** Copies the flat parameters into the graph's variables (after each optimiser step). */
    private void sync() {
        for (String n : paramNames) {
            sd.getVariable(n).getArr().assign(toGraph(views.get(n)));
        }
    }

    private Map<String, INDArray> feed(float[] x, int[] labels, int batch) {
        INDArray in = Nd4j.create(x, new long[] {batch, inputShape[0], inputShape[1], inputShape[2]}, 'c')
                .castTo(type);
        INDArray y = Nd4j.zeros(type, batch, classes);
        for (int r = 0; r < batch; r++) {
            y.putScalar(r, labels[r], 1.0);
        }
        return Map.of("input", in, "label", y);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public INDArray params() {
        return params;
    }

    @Override
    public long parameterCount() {
        return parameterCount;
    }

    @Override
    public List<ParameterBlock> blocks() {
        return List.copyOf(blocks);
    }

    @Override
    public double lossAndGradient(float[] x, int[] labels, int batch, INDArray grad) {
        sync();
        Map<String, INDArray> ph = feed(x, labels, batch);
        // one forward and backward pass gives both the gradients and the loss
        org.nd4j.autodiff.samediff.api.OutAndGrad og = sd.calculateGradientsAndOutputs(ph, List.of("loss"),
                paramNames);
        Map<String, INDArray> g = og.getGradients();
        for (ParameterBlock b : blocks) {
            b.view(grad).assign(fromGraph(g.get(b.name())));
        }
        return og.getOutputs().get("loss").getDouble(0);
    }

    @Override
    public double[] evaluate(float[] x, int[] labels, int batch) {
        sync();
        INDArray logits = sd.output(feed(x, labels, batch), "logits").get("logits");
        float[] l = logits.dup('c').data().asFloat();
        int[] correct = new int[1];
        double[] losses = SoftmaxCrossEntropy.apply(l, classes, labels, batch, correct);
        return new double[] {SoftmaxCrossEntropy.sum(losses), correct[0]};
    }

    @Override
    public float[] perSampleGradients(float[] x, int[] labels, int batch) {
        int per = inputShape[0] * inputShape[1] * inputShape[2];
        int p = Math.toIntExact(parameterCount);
        float[] out = new float[batch * p];
        INDArray grad = Nd4j.create(DataType.FLOAT, parameterCount);
        float[] xi = new float[per];
        for (int r = 0; r < batch; r++) {
            System.arraycopy(x, r * per, xi, 0, per);
            lossAndGradient(xi, new int[] {labels[r]}, 1, grad);
            System.arraycopy(grad.toFloatVector(), 0, out, r * p, p);
        }
        return out;
    }
}
