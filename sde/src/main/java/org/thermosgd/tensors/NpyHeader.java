package org.thermosgd.tensors;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a NumPy {@code .npy} array (format 1.0, 2.0 or 3.0): magic {@code \x93NUMPY}, version, header
 * length (2 bytes in 1.0, 4 after), then a Python dict literal with {@code descr}, {@code fortran_order} and
 * {@code shape}, padded with spaces to a multiple of 64 bytes and ended by a newline.
 *
 * @param length bytes before the data (magic, version, length field and dict)
 */
record NpyHeader(Dtype dtype, long[] shape, int length) {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Reads and checks a header; {@code file} names the file (or {@code file:entry}) in errors. */
    static NpyHeader read(InputStream in, Path file) throws IOException {
        DataInputStream d = new DataInputStream(in);
        try {
            byte[] magic = new byte[MAGIC.length];
            d.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new TensorFileException(file, "not a NumPy .npy array (magic " + printable(magic)
                        + ", expected \\x93NUMPY)");
            }
            int major = d.readUnsignedByte();
            d.readUnsignedByte();
            long len;
            int fixed;
            if (major == 1) {
                len = d.readUnsignedByte() | (d.readUnsignedByte() << 8);
                fixed = 10;
            } else if (major == 2 || major == 3) {
                len = Integer.toUnsignedLong(Integer.reverseBytes(d.readInt()));
                fixed = 12;
            } else {
                throw new TensorFileException(file, "NumPy format version " + major + " is not supported (expected"
                        + " 1, 2 or 3)");
            }
            if (len > 1 << 20) {
                throw new TensorFileException(file, "NumPy header of " + len + " bytes (expected at most 1 MiB)");
            }
            byte[] dict = new byte[(int) len];
            d.readFully(dict);
            String text = new String(dict, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Matcher descr = DESCR.matcher(text);
            Matcher fortran = FORTRAN.matcher(text);
            Matcher shape = SHAPE.matcher(text);
            if (!descr.find() || !fortran.find() || !shape.find()) {
                throw new TensorFileException(file, "NumPy header is not a dict with 'descr', 'fortran_order' and"
                        + " 'shape' (found " + text.strip() + ")");
            }
            if (fortran.group(1).equals("True")) {
                throw new TensorFileException(file, "array is in Fortran order (expected C order; write it with"
                        + " numpy.ascontiguousarray)");
            }
            Dtype dtype = Dtype.ofNumpy(descr.group(1)).orElseThrow(() -> new TensorFileException(file,
                    "dtype '" + descr.group(1) + "' is not supported (expected little-endian float32 '<f4', float64"
                            + " '<f8', float16 '<f2', int64 '<i8' or int32 '<i4')"));
            return new NpyHeader(dtype, parseShape(shape.group(1), file), (int) (fixed + len));
        } catch (EOFException e) {
            throw new TensorFileException(file, "truncated NumPy header");
        }
    }

    private static long[] parseShape(String tuple, Path file) throws TensorFileException {
        String t = tuple.strip();
        if (t.isEmpty()) {
            return new long[0];
        }
        String[] parts = t.split(",");
        int n = parts[parts.length - 1].isBlank() ? parts.length - 1 : parts.length;
        long[] shape = new long[n];
        for (int i = 0; i < n; i++) {
            try {
                shape[i] = Long.parseLong(parts[i].strip().replace("L", ""));
            } catch (NumberFormatException e) {
                throw new TensorFileException(file, "NumPy shape (" + tuple + ") is not a tuple of integers");
            }
            if (shape[i] < 0) {
                throw new TensorFileException(file, "NumPy shape (" + tuple + ") has a negative dimension");
            }
        }
        return shape;
    }

    /** A version 1.0 header (2.0 when the dict needs more than 65,535 bytes), padded to a multiple of 64. */
    static byte[] encode(Dtype dtype, long[] shape) {
        StringBuilder s = new StringBuilder("{'descr': '").append(dtype.numpy())
                .append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            s.append(shape[i]).append(shape.length == 1 ? "," : i < shape.length - 1 ? ", " : "");
        }
        s.append("), }");
        int fixed = 10;
        int total = fixed + s.length() + 1;
        int pad = (64 - total % 64) % 64;
        if (s.length() + 1 + pad > 65535) {
            fixed = 12;
            total = fixed + s.length() + 1;
            pad = (64 - total % 64) % 64;
        }
        s.append(" ".repeat(pad)).append('\n');
        byte[] dict = s.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[fixed + dict.length];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[6] = (byte) (fixed == 10 ? 1 : 2);
        out[7] = 0;
        if (fixed == 10) {
            out[8] = (byte) dict.length;
            out[9] = (byte) (dict.length >>> 8);
        } else {
            for (int i = 0; i < 4; i++) {
                out[8 + i] = (byte) (dict.length >>> (8 * i));
            }
        }
        System.arraycopy(dict, 0, out, fixed, dict.length);
        return out;
    }

    private static String printable(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(x >= 32 && x < 127 ? String.valueOf((char) x) : String.format("\\x%02x", x & 0xff));
        }
        return s.toString();
    }
}
