package org.thermosgd.tensors;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The header of a NumPy {@code .npy} array (format 1.0, 2.0 or 3.0): magic {@code \x93NUMPY}, version, header
 * length (2 bytes in 1.0, 4 after), then a Python dict literal with {@code descr}, {@code fortran_order} and
 * {@code shape}, padded with spaces to a multiple of 64 bytes and ended by a newline.
 *
 * @param length bytes before the data (magic, version, length field and dict)
 */
record NpyHeader(Dtype dtype, long[] shape, int length) {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** Reads and checks a header; {@code file} names the file (or {@code file:entry}) in errors. */
    static NpyHeader read(InputStream in, Path file) throws IOException {
        return read(in, file.toString());
    }

    /** Reads and checks a header; {@code where} names the file (or {@code file:entry}) in errors. */
    static NpyHeader read(InputStream in, String where) throws IOException {
        DataInputStream d = new DataInputStream(in);
        try {
            byte[] magic = new byte[MAGIC.length];
            d.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new TensorFileException(where, "not a NumPy .npy array (magic " + printable(magic)
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
                throw new TensorFileException(where, "NumPy format version " + major + " is not supported (expected"
                        + " 1, 2 or 3)");
            }
            if (len > 1 << 20) {
                throw new TensorFileException(where, "NumPy header of " + len + " bytes (expected at most 1 MiB)");
            }
            byte[] dict = new byte[(int) len];
            d.readFully(dict);
            String text = new String(dict, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Map<String, Object> keys = new DictParser(text, where).dict();
            if (!keys.keySet().equals(KEYS)) {
                throw new TensorFileException(where, "NumPy header has keys " + keys.keySet() + " (expected exactly"
                        + " 'descr', 'fortran_order' and 'shape', as numpy requires)");
            }
            if (!(keys.get("descr") instanceof String descr)) {
                throw new TensorFileException(where, "NumPy header's 'descr' is " + DictParser.show(keys.get("descr"))
                        + " (expected a dtype string such as '<f4'; structured dtypes are not supported)");
            }
            if (!(keys.get("fortran_order") instanceof Boolean fortran)) {
                throw new TensorFileException(where, "NumPy header's 'fortran_order' is "
                        + DictParser.show(keys.get("fortran_order")) + " (expected True or False)");
            }
            if (!(keys.get("shape") instanceof long[] shape)) {
                throw new TensorFileException(where, "NumPy header's 'shape' is " + DictParser.show(keys.get("shape"))
                        + " (expected a tuple of non-negative integers)");
            }
            if (fortran) {
                throw new TensorFileException(where, "array is in Fortran order (expected C order; write it with"
                        + " numpy.ascontiguousarray)");
            }
            Dtype dtype = Dtype.ofNumpy(descr).orElseThrow(() -> new TensorFileException(where,
                    "dtype '" + descr + "' is not supported (expected little-endian float32 '<f4', float64"
                            + " '<f8', float16 '<f2', int64 '<i8' or int32 '<i4')"));
            return new NpyHeader(dtype, shape, (int) (fixed + len));
        } catch (EOFException e) {
            throw new TensorFileException(where, "truncated NumPy header");
        }
    }

    private static final java.util.Set<String> KEYS = java.util.Set.of("descr", "fortran_order", "shape");

    /**
     * The Python dict literal of a header, as numpy's {@code ast.literal_eval} reads it, restricted to what a header
     * holds: string keys; string, {@code True}/{@code False} or integer-tuple values. A repeated key is refused
     * (numpy would silently keep the last). Trailing spaces and the newline may follow the closing brace.
     */
    private static final class DictParser {
        private final String s;
        private final String where;
        private int i;

        DictParser(String s, String where) {
            this.s = s;
            this.where = where;
        }

        Map<String, Object> dict() throws TensorFileException {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            expect('{');
            while (!peek('}')) {
                String key = string();
                expect(':');
                Object value = value();
                if (out.put(key, value) != null) {
                    throw fail("repeats the key '" + key + "' (expected each key once)");
                }
                if (!peek(',')) {
                    break;
                }
                i++;
            }
            expect('}');
            skipSpace();
            if (i < s.length()) {
                throw fail("has text after the dict");
            }
            return out;
        }

        private Object value() throws TensorFileException {
            skipSpace();
            if (s.startsWith("True", i) || s.startsWith("False", i)) {
                boolean b = s.startsWith("True", i);
                i += b ? 4 : 5;
                return b;
            }
            if (peek('(')) {
                return tuple();
            }
            if (peek('\'') || peek('"')) {
                return string();
            }
            throw fail("has a value that is not a string, True, False or a tuple of integers");
        }

        private long[] tuple() throws TensorFileException {
            expect('(');
            List<Long> dims = new ArrayList<>();
            boolean comma = false;
            while (!peek(')')) {
                int from = i;
                while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
                    i++;
                }
                if (from == i) {
                    throw fail("has a shape that is not a tuple of non-negative integers");
                }
                if (i < s.length() && s.charAt(i) == 'L') {
                    i++;
                }
                try {
                    dims.add(Long.parseLong(s.substring(from, s.charAt(i - 1) == 'L' ? i - 1 : i)));
                } catch (NumberFormatException e) {
                    throw fail("has a shape dimension " + s.substring(from, i) + " beyond 2^63 - 1");
                }
                comma = peek(',');
                if (!comma) {
                    break;
                }
                i++;
            }
            expect(')');
            if (dims.size() == 1 && !comma) {
                throw fail("has a shape (" + dims.get(0) + ") that is not a tuple (expected (" + dims.get(0) + ",))");
            }
            return dims.stream().mapToLong(Long::longValue).toArray();
        }

        private String string() throws TensorFileException {
            skipSpace();
            if (i >= s.length() || (s.charAt(i) != '\'' && s.charAt(i) != '"')) {
                throw fail("has a key that is not a quoted string");
            }
            char q = s.charAt(i++);
            int end = s.indexOf(q, i);
            if (end < 0 || s.lastIndexOf('\\', end) >= i) {
                throw fail("has an unterminated or escaped string");
            }
            String out = s.substring(i, end);
            i = end + 1;
            return out;
        }

        private boolean peek(char c) {
            skipSpace();
            return i < s.length() && s.charAt(i) == c;
        }

        private void expect(char c) throws TensorFileException {
            if (!peek(c)) {
                throw fail("lacks '" + c + "' at character " + i);
            }
            i++;
        }

        private void skipSpace() {
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\n' || s.charAt(i) == '\t'
                    || s.charAt(i) == '\r')) {
                i++;
            }
        }

        private TensorFileException fail(String problem) {
            String shown = s.strip();
            return new TensorFileException(where, "NumPy header " + problem + " (expected a dict like {'descr':"
                    + " '<f4', 'fortran_order': False, 'shape': (3, 2), }; found "
                    + (shown.length() > 200 ? shown.substring(0, 200) + "..." : shown) + ")");
        }

        static String show(Object v) {
            return v instanceof long[] l ? java.util.Arrays.toString(l) : v instanceof String t ? "'" + t + "'"
                    : String.valueOf(v);
        }
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
