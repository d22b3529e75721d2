package org.thermosgd.tensors;

import java.util.Arrays;

/**
 * One tensor in a file: its name (the {@code .npz} entry without {@code .npy}, the safetensors key, or the file
 * name's stem for {@code .npy}), element type, shape (row-major, C order), and where its data lies.
 *
 * @param offset byte offset of the data in the file (in the zip entry for {@code .npz})
 */
public record TensorInfo(String name, Dtype dtype, long[] shape, long offset) {
    public long elements() {
        return TensorFile.product(shape);
    }

    public long bytes() {
        return elements() * dtype.bytes();
    }

    /** Elements per index of the first axis (1 for a vector or scalar). */
    public long rowLength() {
        return shape.length == 0 ? 1 : elements() / Math.max(1, shape[0]);
    }

    public String shapeText() {
        return Arrays.toString(shape);
    }
}
