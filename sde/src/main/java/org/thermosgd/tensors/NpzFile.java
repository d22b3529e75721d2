package org.thermosgd.tensors;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/** NumPy's {@code .npz}: a zip archive of {@code .npy} arrays, stored or deflated, read entry by entry in order. */
final class NpzFile extends TensorFile {
    private final ZipFile zip;
    private final List<TensorInfo> tensors;

    NpzFile(Path path) throws IOException {
        super(path);
        try {
            zip = new ZipFile(path.toFile());
        } catch (ZipException e) {
            throw new TensorFileException(path, "not a NumPy .npz archive (not a readable zip file)");
        }
        List<TensorInfo> list = new ArrayList<>();
        try {
            for (ZipEntry e : Collections.list(zip.entries())) {
                if (e.isDirectory() || !e.getName().endsWith(".npy")) {
                    continue;
                }
                Path where = Path.of(path + ":" + e.getName());
                try (InputStream in = new BufferedInputStream(zip.getInputStream(e), 4096)) {
                    NpyHeader h = NpyHeader.read(in, where);
                    long need = Math.multiplyExact(product(h.shape()), (long) h.dtype().bytes());
                    if (e.getSize() >= 0 && e.getSize() - h.length() != need) {
                        throw new TensorFileException(where, "shape " + java.util.Arrays.toString(h.shape())
                                + " of " + h.dtype().numpy() + " needs " + need + " bytes of data, the entry holds "
                                + (e.getSize() - h.length()));
                    }
                    list.add(new TensorInfo(e.getName().substring(0, e.getName().length() - 4), h.dtype(), h.shape(),
                            h.length()));
                }
            }
        } catch (ArithmeticException e) {
            zip.close();
            throw new TensorFileException(path, "a NumPy shape overflows");
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
        if (list.isEmpty()) {
            zip.close();
            throw new TensorFileException(path, "no .npy arrays in the archive");
        }
        tensors = List.copyOf(list);
    }

    @Override
    public List<TensorInfo> tensors() {
        return tensors;
    }

    @Override
    public Map<String, String> metadata() {
        return Map.of();
    }

    @Override
    public Elements elements(String name) throws IOException {
        TensorInfo t = tensor(name);
        InputStream in = new BufferedInputStream(zip.getInputStream(zip.getEntry(name + ".npy")), 1 << 16);
        in.readNBytes(Math.toIntExact(t.offset()));
        return new Elements() {
            private ByteBuffer buffer;

            @Override
            public ByteBuffer next(int count) throws IOException {
                int bytes = Math.multiplyExact(count, t.dtype().bytes());
                if (buffer == null || buffer.capacity() < bytes) {
                    buffer = ByteBuffer.allocate(bytes);
                }
                int got = in.readNBytes(buffer.array(), 0, bytes);
                if (got < bytes) {
                    throw new TensorFileException(Path.of(path() + ":" + name + ".npy"), "truncated (data ended "
                            + (bytes - got) + " bytes early)");
                }
                buffer.clear().limit(bytes);
                return buffer.order(ByteOrder.LITTLE_ENDIAN);
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
