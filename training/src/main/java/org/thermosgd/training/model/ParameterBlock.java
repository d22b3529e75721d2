package org.thermosgd.training.model;

import java.util.Arrays;

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

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + "@" + offset;
    }
}
