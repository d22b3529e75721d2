package org.thermosgd.tensors;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A file of named tensors, opened by its extension: {@code .npy}, {@code .npz} or {@code .safetensors}. The
 * structure is checked when the file is opened; values are read on demand, in order, in blocks.
 */
public abstract class TensorFile implements Closeable {
    private final Path path;

    TensorFile(Path path) {
        this.path = path;
    }

    /** Sequential access to one tensor's elements, from the first. */
    public interface Elements extends Closeable {
        /** The next {@code count} elements as little-endian bytes, positioned at 0. */
        ByteBuffer next(int count) throws IOException;
    }

    /** Opens a tensor file, checking its structure; unknown or pickled formats are refused with what to do. */
    public static TensorFile open(Path path) throws IOException {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".pt") || name.endsWith(".pth") || name.endsWith(".ckpt") || name.endsWith(".pkl")) {
            throw new TensorFileException(path, "a pickled PyTorch file, which thermosgd never unpickles (loading"
                    + " one runs arbitrary code); convert it with: python3 -c \"import torch;"
                    + " from safetensors.torch import save_file; save_file({k: v.contiguous() for k, v in"
                    + " torch.load('" + path.getFileName() + "', map_location='cpu', weights_only=True).items()},"
                    + " 'weights.safetensors')\"");
        }
        if (!Files.isRegularFile(path)) {
            throw new TensorFileException(path, whyNotAFile(path));
        }
        if (name.endsWith(".npy")) {
            return ChannelTensorFile.npy(path);
        }
        if (name.endsWith(".npz")) {
            return new NpzFile(path);
        }
        if (name.endsWith(".safetensors")) {
            return ChannelTensorFile.safetensors(path);
        }
        throw new TensorFileException(path, "unknown tensor file type (expected .npy, .npz or .safetensors)");
    }

    /**
     * Why {@code path} is no regular file: absent, a dangling symbolic link (naming its target), or of another kind.
     */
    public static String whyNotAFile(Path path) {
        if (Files.isSymbolicLink(path) && !Files.exists(path)) {
            String target;
            try {
                target = Files.readSymbolicLink(path).toString();
            } catch (IOException | UnsupportedOperationException e) {
                target = "?";
            }
            return "no such file (a dangling symbolic link to '" + target + "')";
        }
        return Files.exists(path) ? "not a regular file" : "no such file";
    }

    public final Path path() {
        return path;
    }

    /** The tensors, in the order of their data in the file. */
    public abstract List<TensorInfo> tensors();

    /** The safetensors {@code __metadata__} (empty for NumPy files). */
    public abstract Map<String, String> metadata();

    /** A sequential reader of the named tensor's elements. */
    public abstract Elements elements(String name) throws IOException;

    public final TensorInfo tensor(String name) throws TensorFileException {
        return tensors().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow(() ->
                new TensorFileException(path, "no tensor named '" + name + "' (it holds "
                        + tensors().stream().map(TensorInfo::name).toList() + ")"));
    }

    /** {@code count} elements converted to float into {@code dst[off..]}. */
    public final void readFloats(Elements from, TensorInfo t, float[] dst, int off, int count) throws IOException {
        t.dtype().toFloats(from.next(count), dst, off, count);
    }

    /** A whole tensor as float (at most 2^31 - 1 elements). */
    public final float[] readFloats(String name) throws IOException {
        TensorInfo t = tensor(name);
        if (t.elements() > Integer.MAX_VALUE - 8) {
            throw new TensorFileException(path, "tensor '" + name + "' of shape " + t.shapeText() + " is too large"
                    + " to read whole (at most 2^31 elements)");
        }
        int n = (int) t.elements();
        float[] out = new float[n];
        try (Elements e = elements(name)) {
            int block = 1 << 20;
            for (int i = 0; i < n; i += block) {
                readFloats(e, t, out, i, Math.min(block, n - i));
            }
        }
        return out;
    }

    /** A whole integer tensor (int64 or int32). */
    public final long[] readLongs(String name) throws IOException {
        TensorInfo t = tensor(name);
        if (t.dtype() != Dtype.I64 && t.dtype() != Dtype.I32) {
            throw new TensorFileException(path, "tensor '" + name + "' has dtype " + t.dtype() + " (expected int64"
                    + " or int32)");
        }
        if (t.elements() > Integer.MAX_VALUE - 8) {
            throw new TensorFileException(path, "tensor '" + name + "' of shape " + t.shapeText() + " is too large"
                    + " to read whole (at most 2^31 elements)");
        }
        int n = (int) t.elements();
        long[] out = new long[n];
        try (Elements e = elements(name)) {
            int block = 1 << 20;
            for (int from = 0; from < n; from += block) {
                int count = Math.min(block, n - from);
                ByteBuffer b = e.next(count);
                for (int i = 0; i < count; i++) {
                    out[from + i] = t.dtype() == Dtype.I64 ? b.getLong(8 * i) : b.getInt(4 * i);
                }
            }
        }
        return out;
    }

    static long product(long[] shape) {
        long e = 1;
        for (long d : shape) {
            e = Math.multiplyExact(e, d);
        }
        return e;
    }
}
