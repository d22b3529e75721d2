package org.thermosgd.training.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads unsigned-byte IDX files (the MNIST format): magic {@code 0x00 0x00 0x08 ndims}, then {@code ndims}
 * big-endian 32-bit sizes, then the bytes. Plain or gzip-compressed. Checks type, dimension count and that the
 * declared sizes match the file length exactly.
 */
public final class IdxReader {
    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {
    }

    /** An IDX array: its sizes and its payload in row-major order. */
    public record IdxArray(RawFile source, int[] dims, byte[] data) {
        public int count() {
            return dims[0];
        }
    }

    public static IdxArray read(Path path, int expectedDims) throws IOException {
        return parse(RawFile.read(path, head -> declaredBytes(path, head, expectedDims)), expectedDims);
    }

    /**
     * The length the header declares (header and payload), from the file's first bytes; a header that is not valid
     * IDX of {@code expectedDims} dimensions is refused here, naming what is wrong, before more is read.
     */
    static long declaredBytes(Path path, byte[] head, int expectedDims) throws DataFormatException {
        int[] dims = header(path, head, expectedDims);
        long bytes = 1;
        for (int d : dims) {
            bytes = payload(path, bytes, d, head);
        }
        return 4 + 4L * dims.length + bytes;
    }

    /** The sizes of a valid IDX header of {@code expectedDims} dimensions at the start of {@code b}. */
    private static int[] header(Path path, byte[] b, int expectedDims) throws DataFormatException {
        if (b.length == 0) {
            throw new DataFormatException(path, "empty file, expected an IDX file with magic 0x0000080"
                    + expectedDims);
        }
        if (b.length < 4) {
            throw new DataFormatException(path, "truncated header: " + b.length + " bytes, expected at least 4");
        }
        int magic = readInt(b, 0);
        if (b[0] != 0 || b[1] != 0) {
            throw new DataFormatException(path, String.format(
                    "wrong magic number 0x%08x, expected 0x0000080%d (IDX, unsigned byte, %d dimensions)",
                    magic, expectedDims, expectedDims));
        }
        if ((b[2] & 0xff) != UNSIGNED_BYTE) {
            throw new DataFormatException(path, String.format(
                    "data type 0x%02x, expected 0x08 (unsigned byte)", b[2] & 0xff));
        }
        int ndims = b[3] & 0xff;
        if (ndims != expectedDims) {
            throw new DataFormatException(path, "has " + ndims + " dimensions, expected " + expectedDims
                    + (expectedDims == 1 ? " (labels)" : " (images)"));
        }
        int header = 4 + 4 * ndims;
        if (b.length < header) {
            throw new DataFormatException(path, "truncated header: " + b.length + " bytes, expected " + header);
        }
        int[] dims = new int[ndims];
        for (int i = 0; i < ndims; i++) {
            dims[i] = readInt(b, 4 + 4 * i);
            if (dims[i] <= 0) {
                throw new DataFormatException(path, "declares size " + dims[i] + " in dimension " + i
                        + ", expected a positive size");
            }
        }
        return dims;
    }

    private static long payload(Path path, long bytes, int d, byte[] b) throws DataFormatException {
        try {
            return Math.multiplyExact(bytes, d);
        } catch (ArithmeticException e) {
            int ndims = b[3] & 0xff;
            int[] dims = new int[ndims];
            for (int i = 0; i < ndims; i++) {
                dims[i] = readInt(b, 4 + 4 * i);
            }
            throw new DataFormatException(path, "declares sizes " + Arrays.toString(dims) + " whose product"
                    + " exceeds 2^63 bytes");
        }
    }

    static IdxArray parse(RawFile raw, int expectedDims) throws IOException {
        Path path = raw.path();
        byte[] b = raw.content();
        int[] dims = header(path, b, expectedDims);
        int header = 4 + 4 * dims.length;
        long payload = 1;
        for (int d : dims) {
            payload = payload(path, payload, d, b);
        }
        long expected = header + payload;
        if (b.length != expected) {
            throw new DataFormatException(path, "declares " + Arrays.toString(dims) + " = " + expected
                    + " bytes with header, but holds " + b.length + " bytes"
                    + (b.length < expected ? " (truncated)" : " (trailing data)"));
        }
        return new IdxArray(raw, dims, Arrays.copyOfRange(b, header, b.length));
    }

    private static int readInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }
}
