package org.thermosgd.training.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for reader tests. */
final class IdxFiles {
    private IdxFiles() {
    }

    static byte[] idx(int[] dims, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload.length);
        b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(payload);
        return b.array();
    }

    static byte[] images(int n, int h, int w) {
        byte[] p = new byte[n * h * w];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (i * 37 % 256);
        }
        return idx(new int[] {n, h, w}, p);
    }

    static byte[] labels(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (i % 10);
        }
        return idx(new int[] {n}, p);
    }

    static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bos)) {
            out.write(plain);
        }
        return bos.toByteArray();
    }

    static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        return Files.write(dir.resolve(name), bytes);
    }
}
