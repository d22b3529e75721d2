package org.thermosgd.training.model;

import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A classifier with a flat float32 parameter vector and softmax cross-entropy loss. Inputs are rows of
 * {@code C*H*W} floats in [0, 1]; labels 0..9.
 */
public interface Network {
    String name();

    /** The flat parameter vector (length {@link #parameterCount()}); updates write into it in place. */
    INDArray params();

    long parameterCount();

    List<ParameterBlock> blocks();

    /**
     * Mean cross-entropy (nats per sample) over the batch; writes the gradient of that mean into {@code grad}
     * (flat, same layout as {@link #params()}).
     */
    double lossAndGradient(float[] x, int[] labels, int batch, INDArray grad);

    /** {sum of per-sample losses (nats), number of correct predictions} over the batch. */
    double[] evaluate(float[] x, int[] labels, int batch);

    /**
     * Per-sample gradients of each sample's own loss, as a row-major {@code [batch, parameterCount]} array in the
     * parameter layout of {@link #blocks()}.
     */
    float[] perSampleGradients(float[] x, int[] labels, int batch);

    /**
     * {@link #perSampleGradients(float[], int[], int)} written into {@code out} from element {@code offset} (no new
     * array: for streaming many blocks through one buffer).
     */
    default void perSampleGradients(float[] x, int[] labels, int batch, float[] out, int offset) {
        float[] g = perSampleGradients(x, labels, batch);
        System.arraycopy(g, 0, out, offset, g.length);
    }

    /**
     * {@link #perSampleGradients(float[], int[], int)} written off the heap into rows {@code firstRow ..
     * firstRow + batch - 1} of {@code rows}, a float32 row-major [*, parameterCount] array that is not a view (for
     * N x n gradient matrices larger than the heap should hold).
     */
    default void perSampleGradients(float[] x, int[] labels, int batch, INDArray rows, long firstRow) {
        requireRows(rows, firstRow, batch, parameterCount());
        float[] g = perSampleGradients(x, labels, batch);
        new org.bytedeco.javacpp.FloatPointer(rows.data().pointer()).position(firstRow * parameterCount())
                .put(g, 0, g.length);
        java.lang.ref.Reference.reachabilityFence(rows);
    }

    /** Checks that {@code rows} can take {@code batch} rows of {@code parameters} floats from {@code firstRow}. */
    static void requireRows(INDArray rows, long firstRow, int batch, long parameters) {
        if (rows.dataType() != DataType.FLOAT || rows.rank() != 2 || rows.ordering() != 'c' || rows.isView()
                || rows.columns() != parameters || firstRow < 0 || firstRow + batch > rows.rows()) {
            throw new IllegalArgumentException("per-sample gradient rows must be a float32 row-major [N, "
                    + parameters + "] array (not a view) with rows " + firstRow + ".." + (firstRow + batch - 1)
                    + "; got " + rows.dataType() + " " + java.util.Arrays.toString(rows.shape()) + " order "
                    + rows.ordering() + (rows.isView() ? " (a view)" : ""));
        }
    }

    /** Frees native work buffers the network caches between calls (made again on next use). */
    default void releaseWorkspace() {
    }

    /** Whether {@link #perSampleFactors} gives factors (networks made only of dense layers). */
    default boolean hasPerSampleFactors() {
        return false;
    }

    /**
     * For networks made only of dense layers: per layer, the per-sample inputs and back-propagated errors whose outer
     * product is that layer's per-sample weight gradient (and the errors its bias gradient); null otherwise.
     */
    default List<DenseFactors> perSampleFactors(float[] x, int[] labels, int batch) {
        return null;
    }

    /**
     * One dense layer's per-sample factors for a batch: {@code inputs} [batch, in] and {@code errors} [batch, out],
     * row-major; the per-sample weight gradient is errors_i inputs_i^T ([out, in]), the bias gradient errors_i.
     */
    record DenseFactors(String weightBlock, String biasBlock, int in, int out, float[] inputs, float[] errors) {
    }
}
