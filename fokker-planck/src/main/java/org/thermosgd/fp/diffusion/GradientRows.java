package org.thermosgd.fp.diffusion;

import java.util.List;

/**
 * N per-sample gradients of dimension n, visited in order in blocks of consecutive rows: in memory
 * ({@link GradientSet}) or streamed from a file larger than the heap ({@link GradientFile}). The sketched route needs
 * nothing else.
 */
public interface GradientRows {
    int samples();

    int dimension();

    /** Named contiguous coordinate ranges tiling 0..n (layers or tensors). */
    List<GradientSet.Block> blocks();

    /** Visits every row once, in order; a read failure of a file is an {@link java.io.UncheckedIOException}. */
    void forEachBlock(BlockVisitor visitor);

    /** A block: {@code rows} holds exactly {@code count} rows (row-major), rows {@code first .. first + count - 1}. */
    @FunctionalInterface
    interface BlockVisitor {
        void visit(float[] rows, int first, int count);
    }
}
