package org.thermosgd.fp.diffusion;

import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * N per-sample gradient vectors of dimension n held off the Java heap in one float32 row-major [N, n] ND4J array
 * (the same rows as a {@link GradientSet}, for N x n too large for the heap to carry comfortably). Visiting copies
 * blocks of at most 4 M floats onto the heap; the Gram matrix reads column blocks of the array directly.
 *
 * @param rows   [N, n], float32, row-major, not a view
 * @param blocks contiguous [offset, offset + size) ranges covering 0..n
 */
public record OffHeapGradients(INDArray rows, List<GradientSet.Block> blocks) implements GradientRows {
    private static final long VISIT_FLOATS = 4L << 20;

    public OffHeapGradients {
        if (rows.dataType() != DataType.FLOAT || rows.rank() != 2 || rows.ordering() != 'c' || rows.isView()) {
            throw new IllegalArgumentException("off-heap gradients must be a float32 row-major [N, n] array, not a"
                    + " view; got " + rows.dataType() + " " + java.util.Arrays.toString(rows.shape()) + " order "
                    + rows.ordering());
        }
        if (rows.rows() < 2) {
            throw new IllegalArgumentException("need at least 2 gradient samples, found " + rows.rows());
        }
        blocks = GradientSet.tiling(blocks, Math.toIntExact(rows.columns()));
    }

    @Override
    public int samples() {
        return Math.toIntExact(rows.rows());
    }

    @Override
    public int dimension() {
        return Math.toIntExact(rows.columns());
    }

    @Override
    public void forEachBlock(BlockVisitor visitor) {
        forEachBlock(visitor, VISIT_FLOATS);
    }

    /** {@link #forEachBlock(BlockVisitor)} in blocks of at most {@code visitFloats} floats (at least one row). */
    void forEachBlock(BlockVisitor visitor, long visitFloats) {
        int n = dimension();
        int nS = samples();
        int per = (int) Math.max(1, Math.min(nS, visitFloats / n));
        float[] buffer = new float[per * n];
        FloatPointer p = new FloatPointer(rows.data().pointer());
        for (int first = 0; first < nS; first += per) {
            int count = Math.min(per, nS - first);
            p.position((long) first * n).get(buffer, 0, count * n);
            visitor.visit(count == per ? buffer : java.util.Arrays.copyOf(buffer, count * n), first, count);
        }
        java.lang.ref.Reference.reachabilityFence(rows);
    }

    /** Columns {@code from .. from + count - 1} of every row minus {@code mean}'s, as a new [N, count] array. */
    INDArray centredColumns(int from, int count, float[] mean) {
        INDArray block = rows.get(NDArrayIndex.all(), NDArrayIndex.interval(from, from + count)).dup('c');
        float[] m = java.util.Arrays.copyOfRange(mean, from, from + count);
        return block.subiRowVector(org.nd4j.linalg.factory.Nd4j.createFromArray(m));
    }
}
