package org.thermosgd.tensors;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/** Element types read from tensor files, with their NumPy ({@code descr}) and safetensors spellings. */
public enum Dtype {
    F64("<f8", "F64", 8),
    F32("<f4", "F32", 4),
    F16("<f2", "F16", 2),
    BF16(null, "BF16", 2),
    I64("<i8", "I64", 8),
    I32("<i4", "I32", 4);

    private final String numpy;
    private final String safetensors;
    private final int bytes;

    Dtype(String numpy, String safetensors, int bytes) {
        this.numpy = numpy;
        this.safetensors = safetensors;
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    public String numpy() {
        return numpy;
    }

    public String safetensors() {
        return safetensors;
    }

    public boolean floating() {
        return this != I64 && this != I32;
    }

    /** NumPy's descr; {@code |}-prefixed single-byte types and {@code =} are accepted as little-endian here. */
    public static Optional<Dtype> ofNumpy(String descr) {
        String d = descr.startsWith("=") ? "<" + descr.substring(1) : descr;
        return Arrays.stream(values()).filter(t -> d.equals(t.numpy)).findFirst();
    }

    public static Optional<Dtype> ofSafetensors(String name) {
        return Arrays.stream(values()).filter(t -> name.equals(t.safetensors)).findFirst();
    }

    /** Reads {@code count} elements from a little-endian buffer as float (integers and halves converted). */
    void toFloats(ByteBuffer le, float[] dst, int off, int count) {
        switch (this) {
            case F32 -> le.asFloatBuffer().get(dst, off, count);
            case F64 -> {
                java.nio.DoubleBuffer d = le.asDoubleBuffer();
                for (int i = 0; i < count; i++) {
                    dst[off + i] = (float) d.get(i);
                }
            }
            case F16 -> {
                java.nio.ShortBuffer s = le.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    dst[off + i] = halfToFloat(s.get(i));
                }
            }
            case BF16 -> {
                java.nio.ShortBuffer s = le.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    dst[off + i] = Float.intBitsToFloat((s.get(i) & 0xffff) << 16);
                }
            }
            case I64 -> {
                java.nio.LongBuffer l = le.asLongBuffer();
                for (int i = 0; i < count; i++) {
                    dst[off + i] = l.get(i);
                }
            }
            case I32 -> {
                java.nio.IntBuffer l = le.asIntBuffer();
                for (int i = 0; i < count; i++) {
                    dst[off + i] = l.get(i);
                }
            }
            default -> throw new IllegalStateException(name());
        }
    }

    /** IEEE 754 binary16 to float, subnormals, infinities and NaN included. */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
