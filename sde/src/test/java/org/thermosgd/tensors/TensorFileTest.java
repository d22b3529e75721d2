package org.thermosgd.tensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorFileTest {
    @TempDir
    Path dir;

    /** Bytes of a .npy as numpy.save writes it (format 1.0, header padded to 64 bytes). */
    static byte[] npy(String descr, String shape, boolean fortran, byte[] data) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': "
                + shape + ", }";
        int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
        byte[] h = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(NpyHeader.MAGIC).put((byte) 1).put((byte) 0).putShort((short) h.length).put(h).put(data);
        return b.array();
    }

    static byte[] doubles(double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            b.putDouble(x);
        }
        return b.array();
    }

    private String error(Path file) {
        return assertThrows(TensorFileException.class, () -> TensorFile.open(file).close()).getMessage();
    }

    @Test
    void readsANumpyFloat64MatrixAsWrittenByNumpy() throws IOException {
        Path f = dir.resolve("g.npy");
        Files.write(f, npy("<f8", "(3, 2)", false, doubles(1, 2, 3, 4, 5, 6.5)));
        try (TensorFile t = TensorFile.open(f)) {
            TensorInfo info = t.tensors().get(0);
            assertEquals("g", info.name());
            assertEquals(Dtype.F64, info.dtype());
            assertArrayEquals(new long[] {3, 2}, info.shape());
            assertEquals(2, info.rowLength());
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6.5f}, t.readFloats("g"));
        }
    }

    @Test
    void npyWriterRoundTripsAndNeverLeavesAPartialFile() throws IOException {
        Path f = dir.resolve("rows.npy");
        try (NpyWriter w = NpyWriter.create(f, Dtype.F32, 2, 3)) {
            w.put(new float[] {1, 2, 3}, 0, 3);
            assertFalse(Files.exists(f), "nothing under the target's name before finish");
            w.put(new float[] {0, 4, 5, 6}, 1, 3);
            w.finish();
        }
        try (TensorFile t = TensorFile.open(f)) {
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, t.readFloats("rows"));
            assertEquals(0, (Files.size(f) - 24) % 64, "header padded to 64 bytes as numpy does");
        }
        Path g = dir.resolve("partial.npy");
        try (NpyWriter w = NpyWriter.create(g, Dtype.F32, 2, 3)) {
            w.put(new float[] {1, 2, 3}, 0, 3);
            assertThrows(IllegalStateException.class, w::finish);
        }
        try (var s = Files.list(dir)) {
            assertEquals(List.of("rows.npy"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void npzWriterInterleavesArraysAndReadsBackInOrder() throws IOException {
        Path f = dir.resolve("grads.npz");
        try (NpzWriter z = NpzWriter.create(f)) {
            NpyWriter a = z.add("fc1.weight", Dtype.F32, 2, 2, 2);
            NpyWriter b = z.add("fc1.bias", Dtype.F32, 2, 2);
            NpyWriter idx = z.add("sample_index", Dtype.I64, 2);
            for (int i = 0; i < 2; i++) {
                a.put(new float[] {i, i + 1, i + 2, i + 3}, 0, 4);
                b.put(new float[] {-i, -2 * i}, 0, 2);
            }
            idx.put(new long[] {17, 4});
            z.finish();
        }
        try (TensorFile t = TensorFile.open(f)) {
            assertEquals(List.of("fc1.weight", "fc1.bias", "sample_index"),
                    t.tensors().stream().map(TensorInfo::name).toList());
            assertArrayEquals(new float[] {0, 1, 2, 3, 1, 2, 3, 4}, t.readFloats("fc1.weight"));
            assertArrayEquals(new long[] {17, 4}, t.readLongs("sample_index"));
            assertTrue(t.tensor("fc1.bias").rowLength() == 2);
        }
    }

    @Test
    void readsADeflatedNpzAsNumpySavezCompressedWrites() throws IOException {
        Path f = dir.resolve("c.npz");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            z.putNextEntry(new ZipEntry("a.npy"));
            z.write(npy("<f8", "(2,)", false, doubles(0.5, -1)));
            z.closeEntry();
        }
        try (TensorFile t = TensorFile.open(f)) {
            assertArrayEquals(new float[] {0.5f, -1}, t.readFloats("a"));
        }
    }

    @Test
    void safetensorsRoundTripWithMetadata() throws IOException {
        Path f = dir.resolve("w.safetensors");
        SafeTensorsWriter.write(f, List.of(new SafeTensorsWriter.Tensor("fc1.weight", new long[] {2, 3},
                        new float[] {1, 2, 3, 4, 5, 6}), new SafeTensorsWriter.Tensor("fc1.bias", new long[] {2},
                        new float[] {7, 8})), Map.of("model", "mlp"));
        byte[] bytes = Files.readAllBytes(f);
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "header padded to 8 bytes");
        try (TensorFile t = TensorFile.open(f)) {
            assertEquals("mlp", t.metadata().get("model"));
            assertEquals(List.of("fc1.weight", "fc1.bias"), t.tensors().stream().map(TensorInfo::name).toList());
            assertArrayEquals(new float[] {7, 8}, t.readFloats("fc1.bias"));
            assertArrayEquals(new long[] {2, 3}, t.tensor("fc1.weight").shape());
        }
    }

    @Test
    void halfPrecisionValuesConvertExactly() {
        assertEquals(1.0f, Dtype.halfToFloat((short) 0x3c00));
        assertEquals(-2.0f, Dtype.halfToFloat((short) 0xc000));
        assertEquals(65504f, Dtype.halfToFloat((short) 0x7bff));
        assertEquals(0x1p-24f, Dtype.halfToFloat((short) 0x0001));
        assertTrue(Float.isInfinite(Dtype.halfToFloat((short) 0x7c00)));
    }

    @Test
    void badNumpyFilesAreOneLineErrorsNamingTheFileAndTheProblem() throws IOException {
        Path truncated = dir.resolve("truncated.npy");
        Files.write(truncated, npy("<f8", "(3, 2)", false, doubles(1, 2, 3)));
        String m = error(truncated);
        assertTrue(m.startsWith(truncated.toString()) && m.contains("needs 48 bytes of data, the file holds 24"), m);

        Path magic = dir.resolve("magic.npy");
        Files.write(magic, "PK-not-numpy-at-all".getBytes(StandardCharsets.US_ASCII));
        assertTrue(error(magic).contains("expected \\x93NUMPY"), error(magic));

        Path fortran = dir.resolve("fortran.npy");
        Files.write(fortran, npy("<f8", "(1, 2)", true, doubles(1, 2)));
        assertTrue(error(fortran).contains("Fortran order"), error(fortran));

        Path dtype = dir.resolve("dtype.npy");
        Files.write(dtype, npy("<c16", "(1,)", false, new byte[16]));
        assertTrue(error(dtype).contains("dtype '<c16' is not supported"), error(dtype));

        Path big = dir.resolve("big.npy");
        Files.write(big, npy(">f4", "(1,)", false, new byte[4]));
        assertTrue(error(big).contains("'>f4'"), error(big));

        Path shortHeader = dir.resolve("short.npy");
        Files.write(shortHeader, java.util.Arrays.copyOf(npy("<f4", "(1,)", false, new byte[4]), 20));
        assertTrue(error(shortHeader).contains("truncated NumPy header"), error(shortHeader));

        Path pt = dir.resolve("model.pth");
        Files.write(pt, new byte[] {(byte) 0x80, 2});
        assertTrue(error(pt).contains("never unpickles") && error(pt).contains("save_file")
                && error(pt).contains("weights_only=True"), error(pt));
        assertTrue(error(dir.resolve("absent.npy")).endsWith("no such file"));
    }

    private Path safetensors(String name, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path f = dir.resolve(name);
        Files.write(f, b.array());
        return f;
    }

    @Test
    void badSafetensorsAreOneLineErrorsNamingTheFileAndTheProblem() throws IOException {
        Path past = dir.resolve("past.safetensors");
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).putLong(0);
        Files.write(past, b.array());
        assertTrue(error(past).contains("header length 1000 runs past the file of 16 bytes"), error(past));

        Path overlap = safetensors("overlap.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],"
                + "\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12);
        assertTrue(error(overlap).contains("offsets overlap ([0, 8) and [4, 12))"), error(overlap));

        Path range = safetensors("range.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],"
                + "\"data_offsets\":[0,16]}}", 8);
        assertTrue(error(range).contains("outside the 8 data bytes"), error(range));

        Path dtype = safetensors("dtype.safetensors", "{\"a\":{\"dtype\":\"C64\",\"shape\":[1],"
                + "\"data_offsets\":[0,8]}}", 8);
        assertTrue(error(dtype).contains("dtype C64 (expected F32"), error(dtype));

        Path size = safetensors("size.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],"
                + "\"data_offsets\":[0,8]}}", 8);
        assertTrue(error(size).contains("needs 12 bytes, its data_offsets span 8"), error(size));

        Path json = safetensors("json.safetensors", "{\"a\": [", 0);
        assertTrue(error(json).endsWith("safetensors header is not valid JSON"), error(json));
    }

    /** A .npy whose header dict is {@code dict} verbatim (format 1.0, padded), followed by {@code data}. */
    static byte[] npyWithDict(String dict, byte[] data) {
        int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
        byte[] h = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(NpyHeader.MAGIC).put((byte) 1).put((byte) 0).putShort((short) h.length).put(h).put(data);
        return b.array();
    }

    @Test
    void npyHeadersAreReadAsStrictlyAsNumpyReadsThem() throws IOException {
        Path repeated = dir.resolve("repeated.npy");
        Files.write(repeated, npyWithDict("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), 'shape': (2,), }",
                doubles(1, 2)));
        assertTrue(error(repeated).contains("repeats the key 'shape'"), error(repeated));

        Path extra = dir.resolve("extra.npy");
        Files.write(extra, npyWithDict("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'note': 'x'}",
                doubles(1, 2)));
        assertTrue(error(extra).contains("has keys [descr, fortran_order, shape, note] (expected exactly"),
                error(extra));

        Path missing = dir.resolve("missing.npy");
        Files.write(missing, npyWithDict("{'descr': '<f8', 'shape': (2,)}", doubles(1, 2)));
        assertTrue(error(missing).contains("has keys [descr, shape]"), error(missing));

        Path notTuple = dir.resolve("int.npy");
        Files.write(notTuple, npyWithDict("{'descr': '<f8', 'fortran_order': False, 'shape': (2)}", doubles(1, 2)));
        assertTrue(error(notTuple).contains("not a tuple"), error(notTuple));

        Path huge = dir.resolve("huge.npy");
        Files.write(huge, npyWithDict("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,)}",
                doubles(1, 2)));
        assertTrue(error(huge).contains("beyond 2^63 - 1"), error(huge));

        Path ok = dir.resolve("ok.npy");
        Files.write(ok, npyWithDict("{\"shape\": (2,), 'fortran_order': False, 'descr': '<f8'}", doubles(1, 2)));
        try (TensorFile t = TensorFile.open(ok)) {
            assertArrayEquals(new float[] {1, 2}, t.readFloats("ok"));
        }
    }

    @Test
    void safetensorsShapesAndOffsetsMustBeExactIntegers() throws IOException {
        Path wrapped = safetensors("wrap.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],"
                + "\"data_offsets\":[18446744073709551616,18446744073709551624]}}", 8);
        assertTrue(error(wrapped).contains("has data_offsets [18446744073709551616,18446744073709551624] (expected"
                + " two non-negative integers below 2^63)"), error(wrapped));

        Path fraction = safetensors("fraction.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2.7],"
                + "\"data_offsets\":[0,8]}}", 8);
        assertTrue(error(fraction).contains("has shape [2.7] (expected non-negative integers"), error(fraction));

        Path big = safetensors("big.safetensors", "{\"a\":{\"dtype\":\"F64\",\"shape\":[4294967296,4294967296],"
                + "\"data_offsets\":[0,8]}}", 8);
        assertTrue(error(big).contains("overflows"), error(big));

        Path twice = safetensors("twice.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],"
                + "\"data_offsets\":[0,8]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8);
        assertTrue(error(twice).contains("Duplicate field 'a'"), error(twice));
    }

    @Test
    void anNpzMemberIsNeverInflatedBeyondWhatItsHeaderDeclares() throws IOException {
        byte[] member = npy("<f8", "(2,)", false, doubles(0.5, -1));
        Path f = dir.resolve("bomb.npz");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            z.putNextEntry(new ZipEntry("a.npy"));
            z.write(member);
            z.write(new byte[10 << 20]);
            z.closeEntry();
        }
        byte[] zip = Files.readAllBytes(f);
        assertTrue(zip.length < 100_000, "10 MB of zeros deflate to " + zip.length + " bytes");
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        for (int p = zip.length - 22; p >= 0; p--) {
            if (b.getInt(p) == 0x02014b50) {
                b.putInt(p + 24, member.length);
                break;
            }
        }
        Files.write(f, zip);
        try (TensorFile t = TensorFile.open(f)) {
            String m = assertThrows(TensorFileException.class, () -> t.readFloats("a")).getMessage();
            assertEquals(f + ":a.npy: the data runs past the declared " + member.length + " bytes", m);
        }
    }

    @Test
    void aDanglingLinkIsNamedAsOne() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("gone.npy"), dir.resolve("nowhere.npy"));
        assertTrue(error(link).endsWith("gone.npy: no such file (a dangling symbolic link to '"
                + dir.resolve("nowhere.npy") + "')"), error(link));
    }
}
