package org.thermosgd.tensors;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.thermosgd.run.AtomicFiles;

/**
 * Streams one {@code .npy} array (float32 or int64, C order) to a temporary file beside the target; {@link #finish}
 * checks that every element of the declared shape was written and renames it into place, {@link #close} without
 * {@code finish} deletes it. A partial array never appears under the target's name.
 */
public final class NpyWriter implements Closeable {
    private final Path target;
    private final Path temp;
    private final Dtype dtype;
    private final long[] shape;
    private final long elements;
    private final OutputStream out;
    private long written;
    private boolean finished;
    private ByteBuffer buffer = ByteBuffer.allocate(0);

    private NpyWriter(Path target, Dtype dtype, long[] shape) throws IOException {
        if (dtype != Dtype.F32 && dtype != Dtype.I64) {
            throw new IllegalArgumentException("NpyWriter writes F32 or I64, not " + dtype);
        }
        this.target = target;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.elements = TensorFile.product(shape);
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        this.temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        this.out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
        out.write(NpyHeader.encode(dtype, shape));
    }

    public static NpyWriter create(Path target, Dtype dtype, long... shape) throws IOException {
        return new NpyWriter(target, dtype, shape);
    }

    public void put(float[] values, int off, int count) throws IOException {
        require(Dtype.F32, count);
        ByteBuffer b = buffer(count * 4L);
        b.asFloatBuffer().put(values, off, count);
        out.write(b.array(), 0, count * 4);
        written += count;
    }

    public void put(long[] values) throws IOException {
        require(Dtype.I64, values.length);
        ByteBuffer b = buffer(values.length * 8L);
        b.asLongBuffer().put(values);
        out.write(b.array(), 0, values.length * 8);
        written += values.length;
    }

    private void require(Dtype type, long count) {
        if (type != dtype) {
            throw new IllegalStateException(target + " holds " + dtype + ", not " + type);
        }
        if (written + count > elements) {
            throw new IllegalStateException(target + ": more than the " + elements + " elements of shape "
                    + java.util.Arrays.toString(shape));
        }
    }

    private ByteBuffer buffer(long bytes) {
        if (buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocate(Math.toIntExact(bytes));
        }
        buffer.clear();
        return buffer.order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Checks the element count, then renames the array into place. */
    public Path finish() throws IOException {
        if (written != elements) {
            throw new IllegalStateException(target + ": " + written + " of " + elements + " elements written");
        }
        out.close();
        AtomicFiles.publish(temp, target);
        finished = true;
        return target;
    }

    @Override
    public void close() throws IOException {
        if (!finished) {
            out.close();
            Files.deleteIfExists(temp);
        }
    }
}
