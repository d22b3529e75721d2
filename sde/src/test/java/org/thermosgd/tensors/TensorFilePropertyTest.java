package org.thermosgd.tensors;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Every tensor reader, fed random bytes and corrupted valid files (bytes flipped, cut, inserted; header numbers set
 * to 2^40, 2^63 - 1, 2^64, -1 or 50.7), either reads the file or refuses it with a one-line
 * {@link TensorFileException}: never another exception, and never more memory than a small multiple of the file.
 */
class TensorFilePropertyTest {
    /** Bytes one open-and-read-everything may allocate beyond 16 x the file's length. */
    static final long SLACK = 16L << 20;

    /** A valid file's parts: its header text (npy dict or safetensors JSON) and its data bytes. */
    record Valid(String format, String header, byte[] data) {
    }

    @Provide
    Arbitrary<Valid> valid() {
        Arbitrary<Dtype> dtype = Arbitraries.of(Dtype.F32, Dtype.F64, Dtype.F16, Dtype.I32, Dtype.I64);
        Arbitrary<long[]> shape = Arbitraries.longs().between(0, 5).array(long[].class).ofMaxSize(3);
        return Combinators.combine(Arbitraries.of("npy", "npz", "safetensors"), dtype, shape,
                Arbitraries.randomValue(r -> r.nextLong())).as((format, t, s, seed) -> {
                    long n = TensorFile.product(s);
                    byte[] data = new byte[(int) n * t.bytes()];
                    new java.util.Random(seed).nextBytes(data);
                    String header = format.equals("safetensors")
                            ? "{\"__metadata__\":{\"k\":\"v\"},\"t\":{\"dtype\":\"" + t.safetensors() + "\",\"shape\":"
                            + java.util.Arrays.toString(s).replace(" ", "") + ",\"data_offsets\":[0," + data.length
                            + "]}}"
                            : "{'descr': '" + t.numpy() + "', 'fortran_order': False, 'shape': " + tuple(s) + ", }";
                    return new Valid(format, header, data);
                });
    }

    static String tuple(long[] s) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < s.length; i++) {
            b.append(s[i]).append(s.length == 1 || i < s.length - 1 ? "," : "");
        }
        return b.append(")").toString();
    }

    /** The file's bytes with its length fields computed from {@code header}. */
    static byte[] assemble(String format, String header, byte[] data) throws IOException {
        if (format.equals("safetensors")) {
            byte[] h = header.getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length)
                    .put(h).put(data).array();
        }
        byte[] npy = TensorFileTest.npyWithDict(header, data);
        if (format.equals("npy")) {
            return npy;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("t.npy"));
            z.write(npy);
            z.closeEntry();
        }
        return out.toByteArray();
    }

    @Property(tries = 400, seed = "20261206")
    void corruptedValidFilesAreReadOrRefusedInOneLine(@ForAll("valid") Valid v,
                                                      @ForAll("mutations") Mutation m) throws IOException {
        String refused = readOrRefuse(v.format(), m.apply(assemble(v.format(), m.edit(v.header()), v.data())));
        if (m.kind() == Mutation.Kind.NONE) {
            assertNull(refused, "an unchanged valid file was refused");
        }
    }

    @Property(tries = 300, seed = "20261207")
    void randomBytesAreRefusedInOneLine(@ForAll("formats") String format, @ForAll @Size(max = 400) byte[] bytes)
            throws IOException {
        readOrRefuse(format, bytes);
    }

    @Property(tries = 100, seed = "20261208")
    void aHeaderDeclaringTwoToThe40ElementsIsRefusedBySizeChecks(@ForAll("formats") String format,
                                                                @ForAll("dtypes") Dtype t) throws IOException {
        String header = format.equals("safetensors")
                ? "{\"t\":{\"dtype\":\"" + t.safetensors() + "\",\"shape\":[1048576,1048576],\"data_offsets\":[0,"
                + (t.bytes() << 40) + "]}}"
                : "{'descr': '" + t.numpy() + "', 'fortran_order': False, 'shape': (1048576, 1048576), }";
        String m = readOrRefuse(format, assemble(format, header, new byte[64]));
        assertNotNull(m, "a header of 2^40 elements over 64 bytes of data was accepted");
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Mutation.any();
    }

    @Provide
    Arbitrary<String> formats() {
        return Arbitraries.of("npy", "npz", "safetensors");
    }

    @Provide
    Arbitrary<Dtype> dtypes() {
        return Arbitraries.of(Dtype.F32, Dtype.F64, Dtype.F16, Dtype.I32, Dtype.I64);
    }

    /**
     * Opens {@code bytes} as a file of {@code format} and reads every tensor: null when that succeeds, the message
     * when it is refused; any other outcome, or an allocation beyond 16 x the file plus 16 MB, fails.
     */
    static String readOrRefuse(String format, byte[] bytes) throws IOException {
        Path f = Files.createTempFile("prop", "." + format);
        try {
            Files.write(f, bytes);
            long before = allocated();
            String refused = null;
            try (TensorFile t = TensorFile.open(f)) {
                for (TensorInfo info : t.tensors()) {
                    if (info.dtype().floating()) {
                        t.readFloats(info.name());
                    } else {
                        t.readLongs(info.name());
                    }
                }
            } catch (TensorFileException e) {
                refused = e.getMessage();
                assertTrue(refused != null && !refused.isBlank() && refused.lines().count() == 1,
                        "one line: " + refused);
                assertTrue(refused.startsWith(f.toString()), refused);
            }
            long used = allocated() - before;
            assertTrue(used < SLACK + 16L * bytes.length, used + " bytes allocated for a file of " + bytes.length);
            return refused;
        } finally {
            Files.delete(f);
        }
    }

    /** Bytes this thread has allocated so far (HotSpot's per-thread count). */
    static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
