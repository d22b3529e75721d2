package org.thermosgd.tensors;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.thermosgd.run.AtomicFiles;

/**
 * Writes a {@code .npz} (uncompressed, as {@code numpy.savez}) whose arrays may be filled in any interleaving: each
 * array streams to its own temporary {@code .npy}; {@link #finish} zips them in the order they were added and renames
 * the archive into place; {@link #close} without {@code finish} deletes everything.
 */
public final class NpzWriter implements Closeable {
    private final Path target;
    private final Map<String, NpyWriter> arrays = new LinkedHashMap<>();
    private final Map<String, Path> parts = new LinkedHashMap<>();
    private boolean finished;

    private NpzWriter(Path target) {
        this.target = target;
    }

    public static NpzWriter create(Path target) {
        return new NpzWriter(target);
    }

    /** A new array {@code name} (stored as {@code name.npy}) of the given type and shape, to be filled. */
    public NpyWriter add(String name, Dtype dtype, long... shape) throws IOException {
        if (arrays.containsKey(name)) {
            throw new IllegalArgumentException("array '" + name + "' added twice to " + target);
        }
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path part = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        NpyWriter w = NpyWriter.create(part, dtype, shape);
        arrays.put(name, w);
        parts.put(name, part);
        return w;
    }

    /** Completes every array, then writes the archive atomically. */
    public Path finish() throws IOException {
        for (NpyWriter w : arrays.values()) {
            w.finish();
        }
        AtomicFiles.write(target, raw -> {
            ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(raw, 1 << 16));
            byte[] buf = new byte[1 << 16];
            for (Map.Entry<String, Path> e : parts.entrySet()) {
                CRC32 crc = new CRC32();
                try (InputStream in = Files.newInputStream(e.getValue())) {
                    for (int r; (r = in.read(buf)) > 0; ) {
                        crc.update(buf, 0, r);
                    }
                }
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(Files.size(e.getValue()));
                entry.setCompressedSize(Files.size(e.getValue()));
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                Files.copy(e.getValue(), zip);
                zip.closeEntry();
            }
            zip.finish();
            zip.flush();
        });
        finished = true;
        close();
        return target;
    }

    @Override
    public void close() throws IOException {
        List<IOException> failures = new ArrayList<>();
        for (Map.Entry<String, NpyWriter> e : arrays.entrySet()) {
            try {
                e.getValue().close();
                Files.deleteIfExists(parts.get(e.getKey()));
            } catch (IOException x) {
                failures.add(x);
            }
        }
        if (!failures.isEmpty() && !finished) {
            throw failures.get(0);
        }
    }
}
