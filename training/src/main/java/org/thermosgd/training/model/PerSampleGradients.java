package org.thermosgd.training.model;

import java.util.List;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.thermosgd.run.MemoryBudget;
import org.thermosgd.training.data.ImageSet;

/**
 * Streams the per-sample gradient vectors of a network at its current parameters for chosen training samples, in
 * blocks, so memory stays O(block x parameters). Each vector is the gradient of that sample's own cross-entropy,
 * flattened in the order of {@link Network#blocks()} (PyTorch's parameter order and layouts).
 */
public final class PerSampleGradients {
    /**
     * One block: the sample indices and their gradients as a row-major [indices.length, parameters] array (the first
     * indices.length rows of a buffer reused for every block: valid during the sink's call only).
     */
    public record Block(int[] indices, float[] gradients, int parameters, List<ParameterBlock> layout) {
        public int size() {
            return indices.length;
        }

        /** Gradient of sample r of this block, element j. */
        public float get(int r, int j) {
            return gradients[r * parameters + j];
        }
    }

    private PerSampleGradients() {
    }

    /**
     * The length of a heap array of {@code samples} gradients of {@code parameters} floats, refused (not a bare
     * "integer overflow") beyond an array's size or the Java heap.
     */
    public static int floats(long samples, long parameters) {
        double n = (double) samples * parameters;
        if (n > NetworkSpec.MAX_ELEMENTS) {
            throw new IllegalArgumentException(String.format("the gradients of %,d samples x %,d parameters are %,.0f"
                    + " floats, more than the %,d a Java array holds (use fewer samples)", samples, parameters, n,
                    NetworkSpec.MAX_ELEMENTS));
        }
        MemoryBudget.requireHeap(String.format("the gradients of %,d samples x %,d parameters",
                samples, parameters), Float.BYTES * n);
        return (int) n;
    }

    /** Samples per block whose gradients fill at most 32 M floats (128 MB), between 1 and 256. */
    public static int blockFor(Network net) {
        return (int) Math.max(1, Math.min(256, (32L << 20) / net.parameterCount()));
    }

    public static void stream(Network net, ImageSet data, int[] indices, int blockSize, Consumer<Block> sink) {
        int p = Math.toIntExact(net.parameterCount());
        float[] buffer = new float[floats(Math.min(blockSize, Math.max(1, indices.length)), p)];
        blocks(net, data, indices, blockSize, (bi, labels, images) -> {
            net.perSampleGradients(images, labels, bi.length, buffer, 0);
            sink.accept(new Block(bi, buffer, p, net.blocks()));
        });
    }

    /**
     * All the chosen samples' gradients as rows of one row-major [indices.length, parameters] array, each block
     * written in place (no block buffer, no copy).
     */
    public static float[] rows(Network net, ImageSet data, int[] indices, int blockSize) {
        int p = Math.toIntExact(net.parameterCount());
        float[] out = new float[floats(indices.length, p)];
        int[] filled = {0};
        blocks(net, data, indices, blockSize, (bi, labels, images) -> {
            net.perSampleGradients(images, labels, bi.length, out, filled[0] * p);
            filled[0] += bi.length;
        });
        return out;
    }

    /**
     * All the chosen samples' gradients as rows of one float32 row-major [indices.length, parameters] array off the
     * Java heap, each block written in place by the network (no heap buffer, no copy).
     */
    public static INDArray offHeap(Network net, ImageSet data, int[] indices, int blockSize) {
        return offHeap(net, data, indices, blockSize, done -> { });
    }

    /** {@link #offHeap(Network, ImageSet, int[], int)}, telling {@code progress} the samples done after each block. */
    public static INDArray offHeap(Network net, ImageSet data, int[] indices, int blockSize,
                                   java.util.function.LongConsumer progress) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, indices.length, net.parameterCount());
        long[] filled = {0};
        blocks(net, data, indices, blockSize, (bi, labels, images) -> {
            net.perSampleGradients(images, labels, bi.length, out, filled[0]);
            filled[0] += bi.length;
            progress.accept(filled[0]);
        });
        return out;
    }

    private interface BlockInput {
        void accept(int[] indices, int[] labels, float[] images);
    }

    private static void blocks(Network net, ImageSet data, int[] indices, int blockSize, BlockInput work) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size " + blockSize + " must be >= 1");
        }
        for (int start = 0; start < indices.length; start += blockSize) {
            int size = Math.min(blockSize, indices.length - start);
            int[] bi = java.util.Arrays.copyOfRange(indices, start, start + size);
            int[] labels = new int[size];
            for (int k = 0; k < size; k++) {
                labels[k] = data.label(bi[k]);
            }
            work.accept(bi, labels, data.images(bi));
        }
    }
}
