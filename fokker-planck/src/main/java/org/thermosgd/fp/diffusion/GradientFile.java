package org.thermosgd.fp.diffusion;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.thermosgd.tensors.TensorFile;
import org.thermosgd.tensors.TensorFileException;
import org.thermosgd.tensors.TensorInfo;

/**
 * Per-sample gradients written by any framework, rows are samples: a {@code .npy} of shape [N, n] (or [N, ...],
 * flattened per row), or a {@code .npz} / {@code .safetensors} with one array [N, ...] per parameter block, whose
 * names become the per-layer report (in the file's order). Float32, float64 or float16; an integer array
 * {@code sample_index} [N], if present, is kept as the samples' indices. Read in blocks of at most 64 MB (and a
 * sixteenth of the heap), so N x n may exceed the heap.
 */
public final class GradientFile implements GradientRows, Closeable {
    /** The name of the optional integer array of sample indices. */
    public static final String SAMPLE_INDEX = "sample_index";

    private final TensorFile file;
    private final List<TensorInfo> parts;
    private final List<GradientSet.Block> blocks;
    private final int samples;
    private final int dimension;
    private final long[] sampleIndex;

    private GradientFile(TensorFile file, List<TensorInfo> parts, List<GradientSet.Block> blocks, int samples,
                         int dimension, long[] sampleIndex) {
        this.file = file;
        this.parts = parts;
        this.blocks = blocks;
        this.samples = samples;
        this.dimension = dimension;
        this.sampleIndex = sampleIndex;
    }

    /** Opens and checks a gradient file: errors name the file, the array, what was expected and found. */
    public static GradientFile open(Path path) throws IOException {
        TensorFile f = TensorFile.open(path);
        try {
            List<TensorInfo> parts = new ArrayList<>();
            TensorInfo index = null;
            for (TensorInfo t : f.tensors()) {
                if (t.name().equals(SAMPLE_INDEX)) {
                    if (t.dtype().floating()) {
                        throw new TensorFileException(path, "array '" + SAMPLE_INDEX + "' has dtype " + t.dtype()
                                + " (expected int64 or int32 sample indices, as torch.arange(N) gives without"
                                + " .float(); it is never analysed as gradients)");
                    }
                    index = t;
                } else if (!t.dtype().floating()) {
                    throw new TensorFileException(path, "array '" + t.name() + "' has integer dtype " + t.dtype()
                            + " (gradients must be float32, float64 or float16; only '" + SAMPLE_INDEX
                            + "' may hold integers)");
                } else {
                    parts.add(t);
                }
            }
            if (parts.isEmpty()) {
                throw new TensorFileException(path, "holds no floating-point array of gradients");
            }
            boolean single = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".npy");
            long n0 = parts.get(0).shape().length == 0 ? -1 : parts.get(0).shape()[0];
            List<GradientSet.Block> blocks = new ArrayList<>();
            long offset = 0;
            for (TensorInfo t : parts) {
                if (t.shape().length < (single ? 2 : 1) || t.shape()[0] != n0) {
                    throw new TensorFileException(path, "array '" + t.name() + "' has shape " + t.shapeText()
                            + " (expected rows as samples: [N, ...] with the same N = "
                            + (n0 < 0 ? "?" : Long.toString(n0)) + " in every array" + (single ? ", at least 2-D"
                            : "") + ")");
                }
            }
            if (n0 < 2 || n0 > Integer.MAX_VALUE) {
                throw new TensorFileException(path, "holds " + n0 + " samples (rows of array '" + parts.get(0).name()
                        + "', shape " + parts.get(0).shapeText() + "); the analysis needs at least 2"
                        + (n0 > Integer.MAX_VALUE ? " and at most 2^31 - 1" : ""));
            }
            for (TensorInfo t : parts) {
                long len = t.rowLength();
                if (len < 1) {
                    throw new TensorFileException(path, "array '" + t.name() + "' has shape " + t.shapeText()
                            + " (no coordinates per sample)");
                }
                blocks.add(new GradientSet.Block(t.name(), (int) Math.min(offset, Integer.MAX_VALUE),
                        (int) Math.min(len, Integer.MAX_VALUE)));
                offset += len;
            }
            if (offset > Integer.MAX_VALUE - 8) {
                throw new TensorFileException(path, offset + " coordinates per sample (at most 2^31 supported)");
            }
            long[] idx = null;
            if (index != null) {
                if (index.shape().length != 1 || index.shape()[0] != n0) {
                    throw new TensorFileException(path, "'" + SAMPLE_INDEX + "' has shape " + index.shapeText()
                            + " (expected [" + n0 + "])");
                }
                idx = f.readLongs(SAMPLE_INDEX);
            }
            return new GradientFile(f, List.copyOf(parts), List.copyOf(blocks), (int) n0, (int) offset, idx);
        } catch (IOException | RuntimeException e) {
            f.close();
            throw e;
        }
    }

    @Override
    public int samples() {
        return samples;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public List<GradientSet.Block> blocks() {
        return blocks;
    }

    /** The samples' indices (the {@code sample_index} array), or null. */
    public long[] sampleIndex() {
        return sampleIndex == null ? null : sampleIndex.clone();
    }

    public Path path() {
        return file.path();
    }

    /** Bytes the gradients take as float32 in memory. */
    public long floatBytes() {
        return 4L * samples * dimension;
    }

    @Override
    public void forEachBlock(BlockVisitor visitor) {
        long blockFloats = Math.min(16L << 20, Runtime.getRuntime().maxMemory() / 16 / 4);
        int rowsPerBlock = (int) Math.max(1, Math.min(samples, blockFloats / dimension));
        List<TensorFile.Elements> readers = new ArrayList<>();
        try {
            for (TensorInfo t : parts) {
                readers.add(file.elements(t.name()));
            }
            float[] part = null;
            for (int first = 0; first < samples; first += rowsPerBlock) {
                int count = Math.min(rowsPerBlock, samples - first);
                float[] rows = new float[count * dimension];
                for (int p = 0; p < parts.size(); p++) {
                    TensorInfo t = parts.get(p);
                    int len = blocks.get(p).size();
                    int offset = blocks.get(p).offset();
                    if (parts.size() == 1) {
                        file.readFloats(readers.get(p), t, rows, 0, count * len);
                        requireFinite(rows, count, len, first, t);
                        continue;
                    }
                    if (part == null || part.length < count * len) {
                        part = new float[Math.max(count * len, part == null ? 0 : part.length)];
                    }
                    file.readFloats(readers.get(p), t, part, 0, count * len);
                    requireFinite(part, count, len, first, t);
                    for (int i = 0; i < count; i++) {
                        System.arraycopy(part, i * len, rows, i * dimension + offset, len);
                    }
                }
                visitor.visit(rows, first, count);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (TensorFile.Elements r : readers) {
                try {
                    r.close();
                } catch (IOException ignored) {
                    // reading is over; a failure to close a read-only stream loses nothing
                }
            }
        }
    }

    /** Refuses a NaN or infinity among {@code count} rows of {@code len} values, naming the row and the array. */
    private void requireFinite(float[] values, int count, int len, int first, TensorInfo t)
            throws TensorFileException {
        for (int k = 0; k < count * len; k++) {
            if (!Float.isFinite(values[k])) {
                int row = first + k / len;
                throw new TensorFileException(path(), "row " + row + (sampleIndex == null ? ""
                        : " (sample_index " + sampleIndex[row] + ")") + " of array '" + t.name() + "' holds "
                        + values[k] + " at coordinate " + k % len + " (expected finite gradients)");
            }
        }
    }

    /** All gradients in memory (at most 2^31 - 1 floats). */
    public GradientSet load() {
        long total = (long) samples * dimension;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(path() + ": " + total + " values do not fit one array; use the"
                    + " streamed route");
        }
        float[] all = new float[(int) total];
        forEachBlock((rows, first, count) -> System.arraycopy(rows, 0, all, first * dimension, count * dimension));
        return new GradientSet(all, samples, dimension, blocks);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
