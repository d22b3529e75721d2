package org.thermosgd.fp.diffusion;

import java.util.List;

/**
 * N per-sample gradient vectors of dimension n at one parameter point, row-major float32, with the named parameter
 * blocks (layers) they are made of. Rows are the gradients of each sample's own loss.
 *
 * @param rows   N * n floats
 * @param blocks contiguous [offset, offset + size) ranges covering 0..n
 */
public record GradientSet(float[] rows, int samples, int dimension, List<Block> blocks) implements GradientRows {
    /** A named block of coordinates. */
    public record Block(String name, int offset, int size) {
    }

    public GradientSet {
        if (samples < 2) {
            throw new IllegalArgumentException("need at least 2 gradient samples, found " + samples);
        }
        if (dimension < 1 || (long) samples * dimension != rows.length) {
            throw new IllegalArgumentException(rows.length + " values do not form " + samples + " rows of "
                    + dimension);
        }
        blocks = tiling(blocks, dimension);
    }

    /** The blocks as an unmodifiable list after checking they tile 0..dimension in order (null or empty: one block). */
    static List<Block> tiling(List<Block> blocks, int dimension) {
        if (blocks == null || blocks.isEmpty()) {
            return List.of(new Block("all", 0, dimension));
        }
        int covered = 0;
        for (Block b : blocks) {
            if (b.offset() != covered || b.size() < 1) {
                throw new IllegalArgumentException("parameter blocks must tile 0.." + dimension + " in order;"
                        + " block " + b.name() + " starts at " + b.offset() + ", expected " + covered);
            }
            covered += b.size();
        }
        if (covered != dimension) {
            throw new IllegalArgumentException("parameter blocks cover " + covered + " of " + dimension
                    + " coordinates");
        }
        return List.copyOf(blocks);
    }

    @Override
    public void forEachBlock(BlockVisitor visitor) {
        visitor.visit(rows, 0, samples);
    }

    public float get(int sample, int coordinate) {
        return rows[sample * dimension + coordinate];
    }

    /**
     * Columns {@code from .. from + count - 1} of every row minus {@code mean}'s, as a new off-heap [N, count] array.
     */
    org.nd4j.linalg.api.ndarray.INDArray centredColumns(int from, int count, float[] mean) {
        float[] block = new float[samples * count];
        for (int i = 0; i < samples; i++) {
            int src = i * dimension + from;
            int dst = i * count;
            for (int j = 0; j < count; j++) {
                block[dst + j] = rows[src + j] - mean[from + j];
            }
        }
        return org.nd4j.linalg.factory.Nd4j.create(block, new long[] {samples, count}, 'c');
    }
}
