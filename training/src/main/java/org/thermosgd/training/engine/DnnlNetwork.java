package org.thermosgd.training.engine;

import static org.bytedeco.dnnl.global.dnnl.*;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_eltwise_desc_t;
import org.bytedeco.dnnl.dnnl_inner_product_desc_t;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_pooling_desc_t;
import org.bytedeco.dnnl.dnnl_post_ops;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.thermosgd.training.engine.Dnnl.Memory;
import org.thermosgd.training.engine.Dnnl.Scope;
import org.thermosgd.training.engine.Dnnl.Step;
import org.thermosgd.training.model.Network;
import org.thermosgd.training.model.NetworkSpec;
import org.thermosgd.training.model.ParameterBlock;
import org.thermosgd.training.model.PerSampleGradients;
import org.thermosgd.training.model.SoftmaxCrossEntropy;

/**
 * A sequential network ({@link NetworkSpec}) run by oneDNN primitives in float32. For each batch size a plan is
 * built once: forward-training, backward-data and backward-weights primitives with oneDNN's preferred (blocked)
 * layouts kept from layer to layer, convolution + bias + ReLU fused by a post-op, max pooling with its workspace,
 * and every buffer allocated once (evaluation has forward-only plans); reorders run only where two primitives
 * disagree on a layout (the input, the flatten before the classifier, the weights into and gradients out of
 * PyTorch's layouts). A short batch runs padded through a larger plan (padding rows' errors zero). Parameters and
 * gradients stay in one flat ND4J vector in PyTorch's state-dict order and layouts, which the primitives read and
 * write in place.
 *
 * <p>Per-sample gradients are exact and batched: the per-sample weight gradient of a convolution is the backward-
 * weights of a grouped convolution with the block folded into the groups (input [1, B x C_in, H, W], output error
 * [1, B x C_out, H', W'], one group per sample), i.e. each sample's output error times its unfolded input summed over
 * positions; a linear layer's is the outer product of its output error and input.
 */
public final class DnnlNetwork implements Network {
    private static final Cleaner CLEANER = Cleaner.create();
    private static final int MAX_PLANS = 3;
    /**
     * Output maps of at most this many positions take the batch-GEMM weight gradient; a fixed rule (so that a run and
     * its resumption compute alike), chosen by timings recorded in docs/engine.md.
     */
    static final int BATCH_GEMM_POSITIONS = 16;

    private final NetworkSpec spec;
    private final List<ParameterBlock> blocks;
    private final long parameterCount;
    private final INDArray params;
    private final Plans plans = new Plans();

    /** Plans by batch size, closed when evicted or when the network is unreachable. */
    private static final class Plans implements Runnable {
        final Map<Integer, Plan> byBatch = new LinkedHashMap<>(4, 0.75f, true);

        @Override
        public synchronized void run() {
            byBatch.values().forEach(p -> p.scope.close());
            byBatch.clear();
        }
    }

    private DnnlNetwork(NetworkSpec spec, INDArray params) {
        this.spec = spec;
        this.blocks = spec.blocks();
        this.parameterCount = spec.parameterCount();
        if (params.length() != parameterCount) {
            throw new IllegalArgumentException(spec.name() + " has " + parameterCount + " parameters, got "
                    + params.length());
        }
        this.params = params;
        CLEANER.register(this, plans);
    }

    /** torch.nn's default initialisation (see {@link NetworkSpec}), drawn from {@code rng}. */
    public static DnnlNetwork initialised(NetworkSpec spec, UniformRandomProvider rng) {
        return new DnnlNetwork(spec, Nd4j.createFromArray(initialParameters(spec, rng)));
    }

    /** The initial parameter vector of {@link #initialised}. */
    public static float[] initialParameters(NetworkSpec spec, UniformRandomProvider rng) {
        float[] p = new float[Math.toIntExact(spec.parameterCount())];
        int off = 0;
        for (NetworkSpec.Layer l : spec.layers()) {
            if (!l.hasParameters()) {
                continue;
            }
            double bound = 1 / Math.sqrt(NetworkSpec.fanIn(l));
            long n = NetworkSpec.fanIn(l) * l.out() + l.out();
            for (long i = 0; i < n; i++) {
                p[off++] = (float) (bound * (2 * rng.nextDouble() - 1));
            }
        }
        return p;
    }

    public static DnnlNetwork withParameters(NetworkSpec spec, float[] p) {
        return new DnnlNetwork(spec, Nd4j.createFromArray(p.clone()));
    }

    public NetworkSpec spec() {
        return spec;
    }

    @Override
    public String name() {
        return spec.name();
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
        return blocks;
    }

    /** A plan for exactly {@code batch} samples (keyed -batch when forward-only). */
    private Plan plan(int batch, boolean inference) {
        int key = inference ? -batch : batch;
        synchronized (plans) {
            Plan p = plans.byBatch.get(key);
            if (p == null) {
                while (plans.byBatch.size() >= MAX_PLANS) {
                    Integer oldest = plans.byBatch.keySet().iterator().next();
                    plans.byBatch.remove(oldest).scope.close();
                }
                p = new Plan(batch, inference);
                plans.byBatch.put(key, p);
            }
            return p;
        }
    }

    /**
     * A plan for at least {@code n} samples: the smallest built one of the kind that is large enough (a short last
     * batch runs padded through the training batch's plan, its padding rows' output errors zero), else a new one.
     */
    private Plan planFor(int n, boolean inference) {
        synchronized (plans) {
            Plan best = null;
            for (Plan p : plans.byBatch.values()) {
                if (p.inference == inference && p.batch >= n && (best == null || p.batch < best.batch)) {
                    best = p;
                }
            }
            return best != null ? best : plan(n, inference);
        }
    }

    private void checkInput(float[] x, int[] labels, int batch) {
        if (batch < 1 || x.length < (long) batch * spec.inputSize() || labels.length < batch) {
            throw new IllegalArgumentException("batch " + batch + " needs " + (long) batch * spec.inputSize()
                    + " input values and " + batch + " labels, got " + x.length + " and " + labels.length);
        }
    }

    @Override
    public double lossAndGradient(float[] x, int[] labels, int batch, INDArray grad) {
        checkInput(x, labels, batch);
        if (grad.dataType() != DataType.FLOAT || grad.length() != parameterCount || grad.isView()) {
            throw new IllegalArgumentException("gradient must be a float32 vector of " + parameterCount
                    + " elements (not a view)");
        }
        Plan p = planFor(batch, false);
        double loss;
        synchronized (p) {
            p.forward(x, 0, batch);
            loss = SoftmaxCrossEntropy.sum(p.lossGradient(labels, batch, 1f / batch, null)) / batch;
            p.backward(grad.data().address(), false);
        }
        Reference.reachabilityFence(grad);
        return loss;
    }

    @Override
    public double[] evaluate(float[] x, int[] labels, int batch) {
        checkInput(x, labels, batch);
        int chunk = evaluationChunk(batch);
        double loss = 0;
        int correct = 0;
        for (int start = 0; start < batch; start += chunk) {
            int n = Math.min(chunk, batch - start);
            int[] ls = java.util.Arrays.copyOfRange(labels, start, start + n);
            Plan p = planFor(n, true);
            int[] c = new int[1];
            synchronized (p) {
                p.forward(x, start, n);
                loss += SoftmaxCrossEntropy.sum(p.lossGradient(ls, n, 1f, c));
            }
            correct += c[0];
        }
        return new double[] {loss, correct};
    }

    /** Evaluation runs forward-only plans of up to 256 samples (a shorter last chunk padded through it). */
    private static int evaluationChunk(int batch) {
        return Math.min(batch, 256);
    }

    @Override
    public float[] perSampleGradients(float[] x, int[] labels, int batch) {
        float[] out = new float[PerSampleGradients.floats(batch, parameterCount)];
        perSampleGradients(x, labels, batch, out, 0);
        return out;
    }

    @Override
    public void perSampleGradients(float[] x, int[] labels, int batch, float[] out, int offset) {
        checkInput(x, labels, batch);
        if (out.length - (long) offset < (long) batch * parameterCount) {
            throw new IllegalArgumentException("per-sample gradients of " + batch + " samples need " + (long) batch
                    * parameterCount + " floats from offset " + offset + ", the array has " + out.length);
        }
        Plan p = plan(batch, false);
        synchronized (p) {
            Memory rows = p.perSampleRows();
            p.perSample(x, labels, rows.address());
            rows.floats().get(out, offset, Math.toIntExact(batch * parameterCount));
        }
    }

    @Override
    public void releaseWorkspace() {
        plans.run();
    }

    @Override
    public void perSampleGradients(float[] x, int[] labels, int batch, INDArray rows, long firstRow) {
        checkInput(x, labels, batch);
        Network.requireRows(rows, firstRow, batch, parameterCount);
        Plan p = plan(batch, false);
        synchronized (p) {
            p.perSample(x, labels, rows.data().address() + Float.BYTES * firstRow * parameterCount);
        }
        Reference.reachabilityFence(rows);
    }

    /** The primitives and buffers for one batch size. */
    private final class Plan {
        final int batch;
        final Scope scope = new Scope();
        final Memory input;
        final List<Stage> stages = new ArrayList<>();
        final int classes;
        /** Forward only, for evaluation: no backward primitives, no error buffers, no pooling workspace. */
        final boolean inference;
        final int prop;

        Plan(int batch, boolean inference) {
            this.batch = batch;
            this.inference = inference;
            this.prop = inference ? dnnl_forward_inference : dnnl_forward_training;
            int[] in = spec.input();
            long[] dims = {batch, in[0], in[1], in[2]};
            this.input = scope.memory(Dnnl.md(dims, dnnl_nchw));
            this.classes = spec.classes();
            Memory cur = input;
            Memory diff = null;
            List<NetworkSpec.Layer> layers = spec.layers();
            int block = 0;
            try {
                for (int i = 0; i < layers.size(); i++) {
                    NetworkSpec.Layer l = layers.get(i);
                    Stage s;
                    switch (l.type()) {
                        case "conv2d" -> {
                            boolean relu = i + 1 < layers.size() && layers.get(i + 1).type().equals("relu");
                            s = new Conv(l, cur, diff, relu, blocks.get(block), blocks.get(block + 1));
                            block += 2;
                            if (relu) {
                                i++;
                            }
                        }
                        case "linear" -> {
                            s = new Linear(l, cur, diff, blocks.get(block), blocks.get(block + 1));
                            block += 2;
                        }
                        case "maxpool2d" -> s = new Pool(l, cur, diff);
                        case "relu" -> s = new Relu(cur, diff);
                        default -> s = new Flatten(cur, diff);
                    }
                    stages.add(s);
                    cur = s.out;
                    diff = inference ? null : s.diffOut;
                }
                if (!Dnnl.same(cur.desc(), Dnnl.md(new long[] {batch, classes}, dnnl_nc))) {
                    throw new IllegalStateException("the last layer's output is not a plain [batch, classes] array");
                }
            } catch (RuntimeException e) {
                scope.close();
                throw e;
            }
        }

        /** Forward pass of {@code n} images from image {@code from} of {@code x}; rows beyond n keep what they held. */
        void forward(float[] x, int from, int n) {
            FloatPointer in = input.floats();
            in.put(x, from * spec.inputSize(), n * spec.inputSize());
            for (Stage s : stages) {
                s.forward();
            }
            Dnnl.await();
        }

        /**
         * Per-sample losses (nats) of the first {@code n} rows; writes scale x (softmax - onehot) into their output
         * errors and zero into the padding rows' (which then add exactly nothing to any gradient), and counts
         * correct arg-max predictions into {@code correct[0]} when given.
         */
        double[] lossGradient(int[] labels, int n, float scale, int[] correct) {
            Stage last = stages.get(stages.size() - 1);
            float[] logits = new float[batch * classes];
            last.out.floats().get(logits, 0, n * classes);
            double[] losses = SoftmaxCrossEntropy.apply(logits, classes, labels, n, correct == null ? new int[1]
                    : correct);
            for (int i = 0; i < n * classes; i++) {
                logits[i] *= scale;
            }
            java.util.Arrays.fill(logits, n * classes, logits.length, 0f);
            if (!inference) {
                last.diffOut.floats().put(logits);
            }
            return losses;
        }

        /** Back-propagates; writes summed gradients at {@code gradAddress}, or keeps per-sample ones. */
        void backward(long gradAddress, boolean perSample) {
            for (int i = stages.size() - 1; i >= 0; i--) {
                stages.get(i).backward(gradAddress, perSample);
            }
            Dnnl.await();
        }

        /**
         * Per-sample gradients of the plan's batch written as rows of {@link #parameterCount} floats from
         * {@code address} (the gradient blocks' reorders write there directly, in PyTorch's layouts).
         */
        void perSample(float[] x, int[] labels, long address) {
            forward(x, 0, batch);
            lossGradient(labels, batch, 1f, null);
            backward(0, true);
            for (Stage s : stages) {
                s.collect(address);
            }
            Dnnl.await();
        }

        private Memory perSampleRows;

        /** A [batch, parameters] buffer for per-sample gradients bound for the heap, made on first use. */
        Memory perSampleRows() {
            if (perSampleRows == null) {
                perSampleRows = scope.memory(Dnnl.md(new long[] {batch, parameterCount}, dnnl_ab));
            }
            return perSampleRows;
        }

        /** One step of the plan: its output and output-error memories in the same layout. */
        abstract class Stage {
            Memory out;
            Memory diffOut;
            /** The previous stage's output error (written by this stage's backward), null for the first stage. */
            Memory diffIn;

            Stage(Memory diffIn) {
                this.diffIn = diffIn;
            }

            abstract void forward();

            abstract void backward(long gradAddress, boolean perSample);

            /** Writes this stage's per-sample gradients into rows of {@link #parameterCount} floats at an address. */
            void collect(long address) {
            }
        }

        /**
         * A square window (convolution or pooling) on an [N, C, H, W] input: its output dimensions with
         * {@code channels} channels, strides, and padding on each side. oneDNN wants the right padding that makes
         * floor((H + padL + padR - k) / s) + 1 exact, which is PyTorch's padding less what floor drops.
         */
        record Window(long[] src, long[] dst, long[] strides, long[] padL, long[] padR) {
            static Window of(long[] src, NetworkSpec.Layer l, long channels) {
                long ho = (src[2] + 2L * l.padding() - l.kernel()) / l.stride() + 1;
                long wo = (src[3] + 2L * l.padding() - l.kernel()) / l.stride() + 1;
                return new Window(src, new long[] {src[0], channels, ho, wo}, new long[] {l.stride(), l.stride()},
                        new long[] {l.padding(), l.padding()},
                        new long[] {(ho - 1) * l.stride() + l.kernel() - src[2] - l.padding(),
                                (wo - 1) * l.stride() + l.kernel() - src[3] - l.padding()});
            }
        }

        /** Runs {@code step} if present. */
        static void run(Step step) {
            if (step != null) {
                step.run();
            }
        }

        /** {@code m} itself when it has layout {@code want}, else a new memory of that layout. */
        Memory as(Memory m, dnnl_memory_desc_t want) {
            return Dnnl.same(m.desc(), want) ? m : scope.memory(want);
        }

        /** A reorder from {@code a} to {@code b}, or null when they are the same memory. */
        Step copy(Memory a, Memory b) {
            return a == b ? null : scope.reorder(a, b);
        }

        final class Conv extends Stage {
            Memory src;
            Step srcReorder;
            Memory userW;
            Memory weights;
            Step weightsReorder;
            Memory bias;
            Step fwd;
            Step reluBwd;
            Memory diffPre;
            Step diffForW;
            Step bwdW;
            Memory userGW;
            Memory userGB;
            Step gradWReorder;
            Step diffForD;
            Step weightsForD;
            Step bwdD;
            Step diffSrcReorder;
            final NetworkSpec.Layer layer;
            final ParameterBlock wBlock;
            final ParameterBlock bBlock;
            final long[] srcDims;
            final long[] dstDims;
            final long[] strides;
            final long[] padL;
            final long[] padR;
            PerSample perSample;

            Conv(NetworkSpec.Layer l, Memory in, Memory diffIn, boolean relu, ParameterBlock wb, ParameterBlock bb) {
                super(diffIn);
                this.layer = l;
                this.wBlock = wb;
                this.bBlock = bb;
                Window win = Window.of(Dnnl.dims(in.desc()), l, l.out());
                srcDims = win.src();
                dstDims = win.dst();
                long[] wDims = {l.out(), l.in(), l.kernel(), l.kernel()};
                long[] bDims = {l.out()};
                strides = win.strides();
                padL = win.padL();
                padR = win.padR();
                dnnl_memory_desc_t bMd = Dnnl.md(bDims, dnnl_x);
                dnnl_convolution_desc_t cd = new dnnl_convolution_desc_t();
                Dnnl.check(dnnl_convolution_forward_desc_init(cd, prop, dnnl_convolution_direct,
                        Dnnl.any(srcDims), Dnnl.any(wDims), bMd, Dnnl.any(dstDims), strides, padL, padR),
                        "convolution " + wb.name());
                dnnl_primitive_attr attr = null;
                if (relu) {
                    attr = scope.attr();
                    dnnl_post_ops po = new dnnl_post_ops();
                    Dnnl.check(dnnl_post_ops_create(po), "post-ops");
                    Dnnl.check(dnnl_post_ops_append_eltwise(po, 1f, dnnl_eltwise_relu, 0f, 0f), "post-op");
                    Dnnl.check(dnnl_primitive_attr_set_post_ops(attr, po), "post-ops");
                    dnnl_post_ops_destroy(po);
                }
                dnnl_primitive_desc fpd = scope.pd(cd, attr, null, "convolution " + wb.name());
                src = as(in, Dnnl.query(fpd, dnnl_query_src_md));
                srcReorder = copy(in, src);
                userW = scope.view(Dnnl.md(wDims, dnnl_oihw), params.data().address() + 4 * wb.offset());
                weights = as(userW, Dnnl.query(fpd, dnnl_query_weights_md));
                weightsReorder = copy(userW, weights);
                bias = scope.view(bMd, params.data().address() + 4 * bb.offset());
                out = scope.memory(Dnnl.query(fpd, dnnl_query_dst_md));
                fwd = scope.step(fpd, DNNL_ARG_SRC, src, DNNL_ARG_WEIGHTS, weights, DNNL_ARG_BIAS, bias,
                        DNNL_ARG_DST, out);
                if (inference) {
                    return;
                }
                diffOut = scope.memory(out.desc());
                if (relu) {
                    dnnl_eltwise_desc_t ef = new dnnl_eltwise_desc_t();
                    Dnnl.check(dnnl_eltwise_forward_desc_init(ef, dnnl_forward_training,
                            dnnl_eltwise_relu_use_dst_for_bwd, out.desc(), 0f, 0f), "relu");
                    dnnl_primitive_desc hint = scope.pd(ef, null, null, "relu");
                    dnnl_eltwise_desc_t eb = new dnnl_eltwise_desc_t();
                    Dnnl.check(dnnl_eltwise_backward_desc_init(eb, dnnl_eltwise_relu_use_dst_for_bwd, out.desc(),
                            out.desc(), 0f, 0f), "relu backward");
                    dnnl_primitive_desc bpd = scope.pd(eb, null, hint, "relu backward");
                    // in place: the error before the ReLU overwrites the error after it
                    diffPre = as(diffOut, Dnnl.query(bpd, dnnl_query_diff_src_md));
                    reluBwd = scope.step(bpd, DNNL_ARG_DST, out, DNNL_ARG_DIFF_DST, diffOut, DNNL_ARG_DIFF_SRC,
                            diffPre);
                } else {
                    diffPre = diffOut;
                    reluBwd = null;
                }
                dnnl_convolution_desc_t wd = new dnnl_convolution_desc_t();
                Dnnl.check(dnnl_convolution_backward_weights_desc_init(wd, dnnl_convolution_direct, src.desc(),
                        Dnnl.any(wDims), bMd, Dnnl.any(dstDims), strides, padL, padR), "convolution backward");
                dnnl_primitive_desc wpd = scope.pd(wd, null, fpd, "convolution backward-weights " + wb.name());
                if (!Dnnl.same(Dnnl.query(wpd, dnnl_query_src_md), src.desc())) {
                    throw new IllegalStateException("backward-weights wants another source layout");
                }
                Memory dW = as(diffPre, Dnnl.query(wpd, dnnl_query_diff_dst_md));
                diffForW = copy(diffPre, dW);
                userGW = scope.view(Dnnl.md(wDims, dnnl_oihw), 0);
                Memory gw = as(userGW, Dnnl.query(wpd, dnnl_query_diff_weights_md));
                gradWReorder = copy(gw, userGW);
                userGB = scope.view(bMd, 0);
                bwdW = scope.step(wpd, DNNL_ARG_SRC, src, DNNL_ARG_DIFF_DST, dW, DNNL_ARG_DIFF_WEIGHTS, gw,
                        DNNL_ARG_DIFF_BIAS, userGB);
                weightGradient = () -> {
                    run(diffForW);
                    bwdW.run();
                    run(gradWReorder);
                };
                chooseWeightGradient();
                if (diffIn != null) {
                    dnnl_convolution_desc_t dd = new dnnl_convolution_desc_t();
                    Dnnl.check(dnnl_convolution_backward_data_desc_init(dd, dnnl_convolution_direct,
                            Dnnl.any(srcDims), Dnnl.any(wDims), Dnnl.any(dstDims), strides, padL, padR),
                            "convolution backward");
                    dnnl_primitive_desc dpd = scope.pd(dd, null, fpd, "convolution backward-data " + wb.name());
                    Memory dD = as(diffPre, Dnnl.query(dpd, dnnl_query_diff_dst_md));
                    diffForD = copy(diffPre, dD);
                    Memory wD = Dnnl.same(weights.desc(), Dnnl.query(dpd, dnnl_query_weights_md)) ? weights
                            : as(userW, Dnnl.query(dpd, dnnl_query_weights_md));
                    weightsForD = wD == weights ? null : copy(userW, wD);
                    Memory ds = as(diffIn, Dnnl.query(dpd, dnnl_query_diff_src_md));
                    diffSrcReorder = copy(ds, diffIn);
                    bwdD = scope.step(dpd, DNNL_ARG_DIFF_DST, dD, DNNL_ARG_WEIGHTS, wD, DNNL_ARG_DIFF_SRC, ds);
                } else {
                    diffForD = null;
                    weightsForD = null;
                    bwdD = null;
                    diffSrcReorder = null;
                }
            }

            /** The weight and bias gradients into userGW and userGB: oneDNN's direct kernel, or {@link BatchGemm}. */
            Runnable weightGradient;

            /**
             * On small output maps (at most {@link #BATCH_GEMM_POSITIONS} positions) the weight gradient is
             * {@link BatchGemm}: oneDNN's direct backward-weights is slow there (3.3x the forward on VGG16's 2x2
             * maps). A fixed rule, not a timing, so that a run and its resumption compute alike;
             * {@code -Dthermosgd.engine.weightGradients=direct|gemm} forces one route on every convolution (for tests).
             */
            void chooseWeightGradient() {
                String force = System.getProperty("thermosgd.engine.weightGradients", "auto");
                if (force.equals("gemm") || (!force.equals("direct")
                        && dstDims[2] * dstDims[3] <= BATCH_GEMM_POSITIONS)) {
                    weightGradient = new BatchGemm();
                }
            }

            /**
             * The weight gradient as one GEMM over the whole batch: input and output error reordered to NHWC, the
             * input unfolded once into rows (sample, output position) x columns (kh, kw, in) (padding taps stay zero),
             * then dW[out, (kh, kw, in)] = E^T U with K = batch x positions (oneDNN's sgemm), reordered into PyTorch's
             * [out, in, kh, kw]; the bias gradient is the column sums of E (a GEMM with a row of ones).
             */
            final class BatchGemm implements Runnable {
                final Step srcToNhwc;
                final Step diffToNhwc;
                final Memory x;
                final Memory e;
                final Memory unfolded;
                final Memory ohwi;
                final Memory ones;
                final Step toUser;
                final long rows;
                final long cols;
                /** Per row and tap: the source offset (floats) into x, or -1 for a padding tap. */
                final long[] from;

                BatchGemm() {
                    long n = srcDims[0];
                    long cin = srcDims[1];
                    long h = srcDims[2];
                    long w = srcDims[3];
                    long ho = dstDims[2];
                    long wo = dstDims[3];
                    int k = layer.kernel();
                    x = scope.memory(Dnnl.md(srcDims, dnnl_nhwc));
                    e = scope.memory(Dnnl.md(dstDims, dnnl_nhwc));
                    srcToNhwc = scope.reorder(src, x);
                    diffToNhwc = scope.reorder(diffPre, e);
                    rows = n * ho * wo;
                    cols = (long) k * k * cin;
                    unfolded = scope.memory(Dnnl.md(new long[] {rows, cols}, dnnl_ab));
                    ohwi = scope.memory(Dnnl.md(new long[] {layer.out(), layer.in(), k, k}, dnnl_ohwi));
                    toUser = scope.reorder(ohwi, userGW);
                    ones = scope.memory(Dnnl.md(new long[] {rows}, dnnl_x));
                    ones.floats().put(filled((int) rows));
                    from = new long[Math.toIntExact(rows * k * k)];
                    int t = 0;
                    for (long b = 0; b < n; b++) {
                        for (long oy = 0; oy < ho; oy++) {
                            for (long ox = 0; ox < wo; ox++) {
                                for (int kh = 0; kh < k; kh++) {
                                    for (int kw = 0; kw < k; kw++) {
                                        long iy = oy * strides[0] - padL[0] + kh;
                                        long ix = ox * strides[1] - padL[1] + kw;
                                        from[t++] = iy < 0 || iy >= h || ix < 0 || ix >= w ? -1
                                                : ((b * h + iy) * w + ix) * cin;
                                    }
                                }
                            }
                        }
                    }
                }

                private static float[] filled(int count) {
                    float[] f = new float[count];
                    java.util.Arrays.fill(f, 1f);
                    return f;
                }

                @Override
                public void run() {
                    srcToNhwc.run();
                    diffToNhwc.run();
                    Dnnl.await();
                    long cin = srcDims[1];
                    long chunk = Float.BYTES * cin;
                    long base = unfolded.address();
                    long xa = x.address();
                    for (int t = 0; t < from.length; t++) {
                        if (from[t] >= 0) {
                            org.bytedeco.javacpp.Pointer.memcpy(Dnnl.at(base + chunk * t), Dnnl.at(xa + Float.BYTES
                                    * from[t]), chunk);
                        }
                    }
                    long out = layer.out();
                    Sgemm.rowMajor(true, false, out, cols, rows, 1f, e.address(), out, base, cols, 0f,
                            ohwi.address(), cols);
                    Sgemm.rowMajor(false, false, 1, out, rows, 1f, ones.address(), rows, e.address(), out, 0f,
                            userGB.address(), out);
                    toUser.run();
                }
            }

            @Override
            void forward() {
                run(srcReorder);
                run(weightsReorder);
                fwd.run();
            }

            @Override
            void backward(long gradAddress, boolean perSampleMode) {
                run(reluBwd);
                if (perSampleMode) {
                    perSample().run();
                } else {
                    userGW.point(gradAddress + 4 * wBlock.offset());
                    userGB.point(gradAddress + 4 * bBlock.offset());
                    weightGradient.run();
                }
                if (bwdD != null) {
                    run(diffForD);
                    run(weightsForD);
                    bwdD.run();
                    run(diffSrcReorder);
                }
            }

            PerSample perSample() {
                if (perSample == null) {
                    perSample = new PerSample();
                }
                return perSample;
            }

            @Override
            void collect(long address) {
                perSample.collect(address);
            }

            /** Per-sample weight and bias gradients by a grouped backward-weights, one group per sample. */
            final class PerSample {
                final Step srcPlain;
                final Step diffPlain;
                final Step gradReorder;
                final Step biasReorder;
                final Step bwd;
                final Memory rowsW;
                final Memory rowsB;

                PerSample() {
                    long g = batch;
                    long[] gs = {1, g * srcDims[1], srcDims[2], srcDims[3]};
                    long[] gd = {1, g * dstDims[1], dstDims[2], dstDims[3]};
                    long[] gwd = {g, layer.out(), layer.in(), layer.kernel(), layer.kernel()};
                    // With 16-channel blocks ([N, C/16, H, W, 16]), a batch [N, C, H, W] is byte for byte the
                    // grouped [1, N x C, H, W]: the blocked activations and errors are used in place.
                    int tag = srcDims[1] % 16 == 0 && dstDims[1] % 16 == 0
                            && Dnnl.same(src.desc(), Dnnl.md(srcDims, dnnl_nChw16c))
                            && Dnnl.same(diffPre.desc(), Dnnl.md(dstDims, dnnl_nChw16c)) ? dnnl_nChw16c : dnnl_nchw;
                    Memory sp = as(src, Dnnl.md(srcDims, tag));
                    srcPlain = copy(src, sp);
                    Memory dp = as(diffPre, Dnnl.md(dstDims, tag));
                    diffPlain = copy(diffPre, dp);
                    dnnl_memory_desc_t gsMd = Dnnl.md(gs, tag);
                    dnnl_memory_desc_t gdMd = Dnnl.md(gd, tag);
                    dnnl_memory_desc_t gbMd = Dnnl.md(new long[] {g * layer.out()}, dnnl_x);
                    dnnl_convolution_desc_t fd = new dnnl_convolution_desc_t();
                    Dnnl.check(dnnl_convolution_forward_desc_init(fd, dnnl_forward_training,
                            dnnl_convolution_direct, gsMd, Dnnl.any(gwd), gbMd, gdMd, strides, padL, padR),
                            "grouped convolution");
                    dnnl_primitive_desc hint = scope.pd(fd, null, null, "grouped convolution");
                    dnnl_convolution_desc_t wd = new dnnl_convolution_desc_t();
                    Dnnl.check(dnnl_convolution_backward_weights_desc_init(wd, dnnl_convolution_direct, gsMd,
                            Dnnl.any(gwd), gbMd, gdMd, strides, padL, padR), "grouped convolution backward");
                    dnnl_primitive_desc wpd = scope.pd(wd, null, hint, "grouped convolution backward-weights");
                    Memory gs0 = scope.view(gsMd, sp.address());
                    Memory gd0 = scope.view(gdMd, dp.address());
                    Memory raw = scope.memory(Dnnl.query(wpd, dnnl_query_diff_weights_md));
                    Memory gb = scope.memory(gbMd);
                    bwd = scope.step(wpd, DNNL_ARG_SRC, gs0, DNNL_ARG_DIFF_DST, gd0, DNNL_ARG_DIFF_WEIGHTS, raw,
                            DNNL_ARG_DIFF_BIAS, gb);
                    // group r's [out, in, k, k] weights and [out] bias land in row r of the destination
                    long k2 = (long) layer.kernel() * layer.kernel();
                    rowsW = scope.view(Dnnl.strided(gwd, new long[] {parameterCount, layer.in() * k2, k2,
                            layer.kernel(), 1}), 0);
                    gradReorder = scope.reorder(raw, rowsW);
                    long[] gbRows = {g, layer.out()};
                    rowsB = scope.view(Dnnl.strided(gbRows, new long[] {parameterCount, 1}), 0);
                    biasReorder = scope.reorder(scope.view(Dnnl.md(gbRows, dnnl_ab), gb.address()), rowsB);
                }

                void run() {
                    Plan.run(srcPlain);
                    Plan.run(diffPlain);
                    bwd.run();
                }

                void collect(long address) {
                    rowsW.point(address + Float.BYTES * wBlock.offset());
                    rowsB.point(address + Float.BYTES * bBlock.offset());
                    gradReorder.run();
                    biasReorder.run();
                }
            }
        }

        final class Pool extends Stage {
            Step fwd;
            Step bwd;
            Step diffSrcReorder;

            Pool(NetworkSpec.Layer l, Memory in, Memory diffIn) {
                super(diffIn);
                long[] sd = Dnnl.dims(in.desc());
                Window win = Window.of(sd, l, sd[1]);
                long[] dd = win.dst();
                long[] strides = win.strides();
                long[] kernel = {l.kernel(), l.kernel()};
                long[] padL = win.padL();
                long[] padR = win.padR();
                dnnl_pooling_desc_t pdsc = new dnnl_pooling_desc_t();
                Dnnl.check(dnnl_pooling_forward_desc_init(pdsc, prop, dnnl_pooling_max, in.desc(),
                        Dnnl.any(dd), strides, kernel, padL, padR), "max pooling");
                dnnl_primitive_desc fpd = scope.pd(pdsc, null, null, "max pooling");
                out = scope.memory(Dnnl.query(fpd, dnnl_query_dst_md));
                if (inference) {
                    fwd = scope.step(fpd, DNNL_ARG_SRC, in, DNNL_ARG_DST, out);
                    return;
                }
                diffOut = scope.memory(out.desc());
                Memory ws = scope.memory(Dnnl.query(fpd, dnnl_query_workspace_md));
                fwd = scope.step(fpd, DNNL_ARG_SRC, in, DNNL_ARG_DST, out, DNNL_ARG_WORKSPACE, ws);
                if (diffIn != null) {
                    dnnl_pooling_desc_t bd = new dnnl_pooling_desc_t();
                    Dnnl.check(dnnl_pooling_backward_desc_init(bd, dnnl_pooling_max, Dnnl.any(sd), out.desc(),
                            strides, kernel, padL, padR), "max pooling backward");
                    dnnl_primitive_desc bpd = scope.pd(bd, null, fpd, "max pooling backward");
                    if (!Dnnl.same(Dnnl.query(bpd, dnnl_query_diff_dst_md), out.desc())) {
                        throw new IllegalStateException("pooling backward wants another error layout");
                    }
                    Memory ds = as(diffIn, Dnnl.query(bpd, dnnl_query_diff_src_md));
                    diffSrcReorder = copy(ds, diffIn);
                    bwd = scope.step(bpd, DNNL_ARG_DIFF_DST, diffOut, DNNL_ARG_DIFF_SRC, ds, DNNL_ARG_WORKSPACE, ws);
                } else {
                    bwd = null;
                    diffSrcReorder = null;
                }
            }

            @Override
            void forward() {
                fwd.run();
            }

            @Override
            void backward(long gradAddress, boolean perSample) {
                run(bwd);
                run(diffSrcReorder);
            }
        }

        final class Relu extends Stage {
            Step fwd;
            Step bwd;

            Relu(Memory in, Memory diffIn) {
                super(diffIn);
                dnnl_eltwise_desc_t ef = new dnnl_eltwise_desc_t();
                Dnnl.check(dnnl_eltwise_forward_desc_init(ef, prop,
                        dnnl_eltwise_relu_use_dst_for_bwd, in.desc(), 0f, 0f), "relu");
                dnnl_primitive_desc fpd = scope.pd(ef, null, null, "relu");
                out = scope.memory(in.desc());
                fwd = scope.step(fpd, DNNL_ARG_SRC, in, DNNL_ARG_DST, out);
                if (inference) {
                    return;
                }
                diffOut = scope.memory(in.desc());
                if (diffIn != null) {
                    dnnl_eltwise_desc_t eb = new dnnl_eltwise_desc_t();
                    Dnnl.check(dnnl_eltwise_backward_desc_init(eb, dnnl_eltwise_relu_use_dst_for_bwd, in.desc(),
                            in.desc(), 0f, 0f), "relu backward");
                    dnnl_primitive_desc bpd = scope.pd(eb, null, fpd, "relu backward");
                    bwd = scope.step(bpd, DNNL_ARG_DST, out, DNNL_ARG_DIFF_DST, diffOut, DNNL_ARG_DIFF_SRC, diffIn);
                } else {
                    bwd = null;
                }
            }

            @Override
            void forward() {
                fwd.run();
            }

            @Override
            void backward(long gradAddress, boolean perSample) {
                run(bwd);
            }
        }

        /** [N, C, H, W] in any layout to a plain [N, C x H x W]: a reorder to NCHW, or nothing when already plain. */
        final class Flatten extends Stage {
            Step fwd;
            Step bwd;

            Flatten(Memory in, Memory diffIn) {
                super(diffIn);
                long[] sd = Dnnl.dims(in.desc());
                if (sd.length == 2) {
                    out = in;
                    diffOut = diffIn != null || inference ? diffIn : scope.memory(in.desc());
                    fwd = null;
                    bwd = null;
                    return;
                }
                long flat = sd[1] * sd[2] * sd[3];
                dnnl_memory_desc_t plain = Dnnl.md(sd, dnnl_nchw);
                dnnl_memory_desc_t nc = Dnnl.md(new long[] {sd[0], flat}, dnnl_nc);
                Memory p = as(in, plain);
                fwd = copy(in, p);
                out = scope.view(nc, p.address());
                if (inference) {
                    return;
                }
                if (diffIn != null && Dnnl.same(diffIn.desc(), plain)) {
                    diffOut = scope.view(nc, diffIn.address());
                    bwd = null;
                } else {
                    diffOut = scope.memory(nc);
                    bwd = diffIn == null ? null : copy(scope.view(plain, diffOut.address()), diffIn);
                }
            }

            @Override
            void forward() {
                run(fwd);
            }

            @Override
            void backward(long gradAddress, boolean perSample) {
                run(bwd);
            }
        }

        final class Linear extends Stage {
            Memory in;
            Step fwd;
            Step bwdW;
            Step bwdD;
            Memory userGW;
            Memory userGB;
            final NetworkSpec.Layer layer;
            final ParameterBlock wBlock;
            final ParameterBlock bBlock;

            Linear(NetworkSpec.Layer l, Memory in, Memory diffIn, ParameterBlock wb, ParameterBlock bb) {
                super(diffIn);
                this.in = in;
                this.layer = l;
                this.wBlock = wb;
                this.bBlock = bb;
                dnnl_memory_desc_t srcMd = Dnnl.md(new long[] {batch, l.in()}, dnnl_nc);
                if (!Dnnl.same(srcMd, in.desc())) {
                    throw new IllegalStateException("linear " + wb.name() + " needs a plain [batch, in] input");
                }
                dnnl_memory_desc_t wMd = Dnnl.md(new long[] {l.out(), l.in()}, dnnl_oi);
                dnnl_memory_desc_t bMd = Dnnl.md(new long[] {l.out()}, dnnl_x);
                dnnl_memory_desc_t dMd = Dnnl.md(new long[] {batch, l.out()}, dnnl_nc);
                dnnl_inner_product_desc_t fd = new dnnl_inner_product_desc_t();
                Dnnl.check(dnnl_inner_product_forward_desc_init(fd, prop, srcMd, wMd, bMd, dMd),
                        "linear " + wb.name());
                dnnl_primitive_desc fpd = scope.pd(fd, null, null, "linear " + wb.name());
                Memory w = scope.view(wMd, params.data().address() + 4 * wb.offset());
                Memory b = scope.view(bMd, params.data().address() + 4 * bb.offset());
                out = scope.memory(dMd);
                diffOut = scope.memory(dMd);
                fwd = scope.step(fpd, DNNL_ARG_SRC, in, DNNL_ARG_WEIGHTS, w, DNNL_ARG_BIAS, b, DNNL_ARG_DST, out);
                if (inference) {
                    return;
                }
                dnnl_inner_product_desc_t wd = new dnnl_inner_product_desc_t();
                Dnnl.check(dnnl_inner_product_backward_weights_desc_init(wd, srcMd, wMd, bMd, dMd),
                        "linear backward");
                dnnl_primitive_desc wpd = scope.pd(wd, null, fpd, "linear backward-weights " + wb.name());
                userGW = scope.view(wMd, 0);
                userGB = scope.view(bMd, 0);
                bwdW = scope.step(wpd, DNNL_ARG_SRC, in, DNNL_ARG_DIFF_DST, diffOut, DNNL_ARG_DIFF_WEIGHTS, userGW,
                        DNNL_ARG_DIFF_BIAS, userGB);
                if (diffIn != null) {
                    dnnl_inner_product_desc_t dd = new dnnl_inner_product_desc_t();
                    Dnnl.check(dnnl_inner_product_backward_data_desc_init(dd, srcMd, wMd, dMd), "linear backward");
                    dnnl_primitive_desc dpd = scope.pd(dd, null, fpd, "linear backward-data " + wb.name());
                    bwdD = scope.step(dpd, DNNL_ARG_DIFF_DST, diffOut, DNNL_ARG_WEIGHTS, w, DNNL_ARG_DIFF_SRC,
                            diffIn);
                } else {
                    bwdD = null;
                }
            }

            @Override
            void forward() {
                fwd.run();
            }

            @Override
            void backward(long gradAddress, boolean perSample) {
                if (!perSample) {
                    userGW.point(gradAddress + 4 * wBlock.offset());
                    userGB.point(gradAddress + 4 * bBlock.offset());
                    bwdW.run();
                }
                run(bwdD);
            }

            /** Outer products of each sample's output error and input. */
            @Override
            void collect(long address) {
                int ni = layer.in();
                int no = layer.out();
                float[] x = new float[batch * ni];
                float[] d = new float[batch * no];
                in.floats().get(x);
                diffOut.floats().get(d);
                float[] w = new float[no * ni];
                for (int r = 0; r < batch; r++) {
                    for (int o = 0; o < no; o++) {
                        float e = d[r * no + o];
                        int row = o * ni;
                        for (int i = 0; i < ni; i++) {
                            w[row + i] = e * x[r * ni + i];
                        }
                    }
                    long base = address + Float.BYTES * (r * parameterCount);
                    new FloatPointer(Dnnl.at(base + Float.BYTES * wBlock.offset())).put(w, 0, w.length);
                    new FloatPointer(Dnnl.at(base + Float.BYTES * bBlock.offset())).put(d, r * no, no);
                }
            }
        }
    }
}
