package org.thermosgd.training.model;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One named parameter tensor inside the flat parameter vector: elements {@code [offset, offset + size)}, row-major
 * with the given shape (PyTorch's layout: Linear weight [out, in], Conv2d weight [out, in, kh, kw]).
 */
public record ParameterBlock(String name, long offset, long[] shape) {
    public long size() {
        long s = 1;
        for (long d : shape) {
            s *= d;
        }
        return s;
    }

    /** This block of the flat vector {@code flat}, as a view with the block's shape (no copy). */
    public INDArray view(INDArray flat) {
        INDArray v = flat.get(NDArrayIndex.interval(offset, offset + size()));
        return shape.length == 1 ? v : v.reshape('c', shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + "@" + offset;
    }
}
