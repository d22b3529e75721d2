package org.thermosgd.training.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.thermosgd.tensors.Mutation;

/**
 * IDX and CIFAR-10 readers fed random bytes and corrupted valid files (plain or gzipped: bytes flipped, set, cut or
 * inserted, a size field set to 2^31 - 1, 2^24 or 0) either read them or refuse them with a one-line
 * {@link DataFormatException} naming the file: never another exception, and never allocating more than a small
 * multiple of what the file holds.
 */
class DataFilePropertyTest {
    /** A corruption: the shared byte corruptions, or ({@code sizeField}) one 32-bit IDX size field set. */
    record Corruption(Mutation bytes, boolean sizeField, int value, boolean gzip) {
        static final int[] SIZES = {Integer.MAX_VALUE, 1 << 24, 0, -1, 65536};

        byte[] apply(byte[] b) {
            if (!sizeField) {
                return bytes.apply(b);
            }
            byte[] c = b.clone();
            int dims = Math.min(b[3] & 0xff, (b.length - 4) / 4);
            if (dims > 0) {
                int field = 4 + 4 * Math.min(dims - 1, (int) (bytes.where() * dims));
                java.nio.ByteBuffer.wrap(c).putInt(field, SIZES[value % SIZES.length]);
            }
            return c;
        }
    }

    @Provide
    Arbitrary<Corruption> mutations() {
        return Combinators.combine(Mutation.any(), Arbitraries.of(false, false, true),
                Arbitraries.integers().between(0, 255), Arbitraries.of(true, false)).as(Corruption::new);
    }

    @Provide
    Arbitrary<byte[]> idxFiles() {
        return Combinators.combine(Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 6),
                Arbitraries.integers().between(1, 6), Arbitraries.of(1, 3))
                .as((n, h, w, dims) -> dims == 1 ? IdxFiles.labels(n) : IdxFiles.images(n, h, w));
    }

    @Property(tries = 300, seed = "20261206")
    void corruptedIdxFilesAreReadOrRefusedInOneLine(@ForAll("idxFiles") byte[] valid, @ForAll("mutations") Corruption m)
            throws IOException {
        byte[] bytes = m.apply(valid);
        readOrRefuse(m.gzip() ? IdxFiles.gzip(bytes) : bytes, valid[3], m.gzip());
    }

    @Property(tries = 200, seed = "20261207")
    void randomBytesAreRefusedInOneLineAsIdx(@ForAll @Size(max = 300) byte[] bytes) throws IOException {
        readOrRefuse(bytes, 3, false);
        readOrRefuse(IdxFiles.gzip(bytes), 1, true);
    }

    @Property(tries = 60, seed = "20261208")
    void corruptedCifarBatchesAreReadOrRefusedInOneLine(@ForAll("mutations") Corruption m,
                                                        @ForAll("records") int records) throws IOException {
        Path dir = Files.createTempDirectory("cifar");
        try {
            byte[] batch = new byte[records * Cifar10.RECORD];
            for (int r = 0; r < records; r++) {
                batch[r * Cifar10.RECORD] = (byte) (r % 10);
            }
            for (String f : Cifar10.allFiles()) {
                Files.write(dir.resolve(f), batch);
            }
            byte[] bad = m.apply(batch);
            Files.write(dir.resolve(Cifar10.TEST_FILE), m.gzip() ? IdxFiles.gzip(bad) : bad);
            long before = allocated();
            try {
                Cifar10.load(dir, null);
            } catch (DataFormatException e) {
                oneLine(e, dir);
            }
            long used = allocated() - before;
            assertTrue(used < (32L << 20) + 64L * batch.length, used + " bytes allocated");
        } finally {
            Mnist.deleteRecursively(dir);
        }
    }

    @Provide
    Arbitrary<Integer> records() {
        return Arbitraries.integers().between(1, 3);
    }

    private static void readOrRefuse(byte[] bytes, int dims, boolean gzip) throws IOException {
        Path f = Files.createTempFile("idx", gzip ? ".gz" : "");
        try {
            Files.write(f, bytes);
            long before = allocated();
            try {
                IdxReader.read(f, dims);
            } catch (DataFormatException e) {
                oneLine(e, f);
            }
            long used = allocated() - before;
            assertTrue(used < (16L << 20) + 64L * Math.max(bytes.length, 1024), used + " bytes allocated for "
                    + bytes.length);
        } finally {
            Files.delete(f);
        }
    }

    private static void oneLine(DataFormatException e, Path where) {
        String m = e.getMessage();
        assertTrue(m != null && m.lines().count() == 1 && m.startsWith(where.toString()), "one line: " + m);
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
