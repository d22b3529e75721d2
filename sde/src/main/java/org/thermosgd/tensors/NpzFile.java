package org.thermosgd.tensors;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** NumPy's {@code .npz}: a zip archive of {@code .npy} arrays, stored or deflated, read entry by entry in order. */
final class NpzFile extends TensorFile {
    private final ZipFile zip;
    private final List<TensorInfo> tensors;
    /** Per member: the bytes its npy header declares (header and data); no member is inflated beyond them. */
    private final Map<String, Long> declared;

    NpzFile(Path path) throws IOException {
        super(path);
        try {
            zip = new ZipFile(path.toFile());
        } catch (IOException e) {
            throw new TensorFileException(path, "not a NumPy .npz archive (not a readable zip file: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
        List<TensorInfo> list = new ArrayList<>();
        Map<String, Long> declared = new HashMap<>();
        try {
            for (ZipEntry e : Collections.list(zip.entries())) {
                if (e.isDirectory() || !e.getName().endsWith(".npy")) {
                    continue;
                }
                String where = path + ":" + e.getName();
                String name = e.getName().substring(0, e.getName().length() - 4);
                if (declared.containsKey(name)) {
                    throw new TensorFileException(where, "a second member of this name in the archive");
                }
                try (InputStream in = new BufferedInputStream(zip.getInputStream(e), 4096)) {
                    NpyHeader h = NpyHeader.read(in, where);
                    long need = Math.multiplyExact(product(h.shape()), (long) h.dtype().bytes());
                    if (e.getSize() < 0 || e.getSize() - h.length() != need) {
                        throw new TensorFileException(where, "shape " + java.util.Arrays.toString(h.shape())
                                + " of " + h.dtype().numpy() + " needs " + need + " bytes of data, the entry"
                                + (e.getSize() < 0 ? " does not declare its size"
                                : " declares " + (e.getSize() - h.length())));
                    }
                    declared.put(name, h.length() + need);
                    list.add(new TensorInfo(name, h.dtype(), h.shape(), h.length()));
                }
            }
        } catch (ArithmeticException e) {
            zip.close();
            throw new TensorFileException(path, "a NumPy shape overflows");
        } catch (IOException | RuntimeException e) {
            zip.close();
            if (e instanceof TensorFileException) {
                throw e;
            }
            throw corrupt(path.toString(), e instanceof IOException io ? io : new IOException(e.getMessage()));
        }
        if (list.isEmpty()) {
            zip.close();
            throw new TensorFileException(path, "no .npy arrays in the archive");
        }
        this.declared = Map.copyOf(declared);
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
        String where = path() + ":" + name + ".npy";
        ZipEntry entry = zip.getEntry(name + ".npy");
        if (entry == null) {
            throw new TensorFileException(where, "member not found");
        }
        BoundedInputStream bounded;
        InputStream in;
        try {
            bounded = new BoundedInputStream(zip.getInputStream(entry), declared.get(name), where);
            in = new BufferedInputStream(bounded, 1 << 16);
            in.skipNBytes(t.offset());
        } catch (TensorFileException e) {
            throw e;
        } catch (IOException e) {
            throw corrupt(where, e);
        }
        return new Elements() {
            private ByteBuffer buffer;
            private long left = t.bytes();

            @Override
            public ByteBuffer next(int count) throws IOException {
                long bytes = (long) count * t.dtype().bytes();
                if (bytes > left) {
                    throw new TensorFileException(where, "read past the end of the array");
                }
                if (buffer == null || buffer.capacity() < bytes) {
                    buffer = ByteBuffer.allocate(Math.toIntExact(bytes));
                }
                try {
                    int got = in.readNBytes(buffer.array(), 0, (int) bytes);
                    if (got < bytes) {
                        throw new TensorFileException(where, "truncated (data ended " + (bytes - got)
                                + " bytes early)");
                    }
                    left -= bytes;
                    if (left == 0) {
                        bounded.checkEnd();
                    }
                } catch (TensorFileException e) {
                    throw e;
                } catch (IOException e) {
                    throw corrupt(where, e);
                }
                buffer.clear().limit((int) bytes);
                return buffer.order(ByteOrder.LITTLE_ENDIAN);
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    private static TensorFileException corrupt(String where, IOException e) {
        return new TensorFileException(where, "corrupt archive member (" + e.getClass().getSimpleName() + ": "
                + e.getMessage() + ")");
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
