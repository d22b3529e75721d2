package org.thermosgd.tensors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code .npy} and {@code .safetensors}: tensors at fixed byte offsets of one file, read by positioned reads. */
final class ChannelTensorFile extends TensorFile {
    /** Largest safetensors header accepted (the format's own limit is 100 MB). */
    private static final long MAX_HEADER = 100_000_000L;

    private final FileChannel channel;
    private final List<TensorInfo> tensors;
    private final Map<String, String> metadata;

    private ChannelTensorFile(Path path, FileChannel channel, List<TensorInfo> tensors, Map<String, String> meta) {
        super(path);
        this.channel = channel;
        this.tensors = List.copyOf(tensors);
        this.metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(meta));
    }

    static ChannelTensorFile npy(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            InputStream in = Channels.newInputStream(ch.position(0));
            NpyHeader h = NpyHeader.read(new java.io.BufferedInputStream(in, 4096), path);
            long need = Math.multiplyExact(product(h.shape()), (long) h.dtype().bytes());
            long found = ch.size() - h.length();
            if (found != need) {
                throw new TensorFileException(path, "shape " + java.util.Arrays.toString(h.shape()) + " of "
                        + h.dtype().numpy() + " needs " + need + " bytes of data, the file holds " + found
                        + (found < need ? " (truncated?)" : ""));
            }
            String stem = path.getFileName().toString().replaceFirst("(?i)\\.npy$", "");
            return new ChannelTensorFile(path, ch, List.of(new TensorInfo(stem, h.dtype(), h.shape(), h.length())),
                    Map.of());
        } catch (ArithmeticException e) {
            ch.close();
            throw new TensorFileException(path, "NumPy shape overflows");
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    static ChannelTensorFile safetensors(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            long size = ch.size();
            if (size < 8) {
                throw new TensorFileException(path, "truncated safetensors file (" + size + " bytes, expected an"
                        + " 8-byte header length first)");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0, path);
            long headerLength = lenBuf.getLong(0);
            if (headerLength < 2 || headerLength > MAX_HEADER || 8 + headerLength > size) {
                throw new TensorFileException(path, "safetensors header length " + headerLength + " runs past the"
                        + " file of " + size + " bytes (expected 2.." + Math.min(MAX_HEADER, size - 8) + ")");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLength);
            readFully(ch, hb, 8, path);
            JsonNode header;
            try {
                header = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                        .readTree(new String(hb.array(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                String why = e.getMessage() != null && e.getMessage().startsWith("Duplicate field")
                        ? " (" + e.getMessage().lines().findFirst().orElse("") + ")" : "";
                throw new TensorFileException(path, "safetensors header is not valid JSON" + why);
            }
            if (header == null || !header.isObject()) {
                throw new TensorFileException(path, "safetensors header is not a JSON object");
            }
            long dataStart = 8 + headerLength;
            long dataLength = size - dataStart;
            List<TensorInfo> list = new ArrayList<>();
            Map<String, String> meta = new LinkedHashMap<>();
            List<long[]> ranges = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__metadata__")) {
                    e.getValue().fields().forEachRemaining(m -> meta.put(m.getKey(), m.getValue().asText()));
                    continue;
                }
                list.add(entry(path, e.getKey(), e.getValue(), dataStart, dataLength, ranges));
            }
            list.sort(Comparator.comparingLong(TensorInfo::offset));
            ranges.sort(Comparator.comparingLong(r -> r[0]));
            for (int i = 1; i < ranges.size(); i++) {
                if (ranges.get(i)[0] < ranges.get(i - 1)[1]) {
                    throw new TensorFileException(path, "safetensors data offsets overlap ([" + ranges.get(i - 1)[0]
                            + ", " + ranges.get(i - 1)[1] + ") and [" + ranges.get(i)[0] + ", " + ranges.get(i)[1]
                            + "))");
                }
            }
            return new ChannelTensorFile(path, ch, list, meta);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static TensorInfo entry(Path path, String name, JsonNode v, long dataStart, long dataLength,
                                    List<long[]> ranges) throws TensorFileException {
        JsonNode dt = v.get("dtype");
        JsonNode sh = v.get("shape");
        JsonNode off = v.get("data_offsets");
        if (dt == null || sh == null || off == null || !sh.isArray() || !off.isArray() || off.size() != 2) {
            throw new TensorFileException(path, "safetensors entry '" + name + "' needs dtype, shape and"
                    + " data_offsets [begin, end] (found " + v + ")");
        }
        if (!dt.isTextual()) {
            throw new TensorFileException(path, "safetensors entry '" + name + "' has dtype " + dt + " (expected a"
                    + " string such as \"F32\")");
        }
        Dtype dtype = Dtype.ofSafetensors(dt.asText()).orElseThrow(() -> new TensorFileException(path,
                "tensor '" + name + "' has dtype " + dt.asText() + " (expected F32, F64, F16, BF16, I64 or I32)"));
        long[] shape = new long[sh.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = exactLong(sh.get(i));
            if (shape[i] < 0) {
                throw new TensorFileException(path, "tensor '" + name + "' has shape " + sh + " (expected"
                        + " non-negative integers below 2^63)");
            }
        }
        long begin = exactLong(off.get(0));
        long end = exactLong(off.get(1));
        if (begin < 0 || end < 0) {
            throw new TensorFileException(path, "tensor '" + name + "' has data_offsets " + off + " (expected two"
                    + " non-negative integers below 2^63)");
        }
        if (end < begin || end > dataLength) {
            throw new TensorFileException(path, "tensor '" + name + "' has data_offsets [" + off.get(0) + ", "
                    + off.get(1) + "] outside the " + dataLength + " data bytes");
        }
        long need;
        try {
            need = Math.multiplyExact(product(shape), (long) dtype.bytes());
        } catch (ArithmeticException e) {
            throw new TensorFileException(path, "tensor '" + name + "' has shape " + sh + " that overflows");
        }
        if (end - begin != need) {
            throw new TensorFileException(path, "tensor '" + name + "' of shape " + sh + " " + dtype.safetensors()
                    + " needs " + need + " bytes, its data_offsets span " + (end - begin));
        }
        ranges.add(new long[] {begin, end});
        return new TensorInfo(name, dtype, shape, dataStart + begin);
    }

    /** The value of an integral JSON number that fits a long, else -1 (fractions, exponents, strings, 2^64...). */
    private static long exactLong(JsonNode n) {
        return n.isIntegralNumber() && n.canConvertToLong() ? n.longValue() : -1;
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long position, Path path) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            int r = ch.read(b, p);
            if (r < 0) {
                throw new TensorFileException(path, "truncated (ended at byte " + p + ")");
            }
            p += r;
        }
        b.flip();
    }

    @Override
    public List<TensorInfo> tensors() {
        return tensors;
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public Elements elements(String name) throws IOException {
        TensorInfo t = tensor(name);
        return new Elements() {
            private long position = t.offset();
            private final long end = t.offset() + t.bytes();
            private ByteBuffer buffer;

            @Override
            public ByteBuffer next(int count) throws IOException {
                long bytes = (long) count * t.dtype().bytes();
                if (position + bytes > end) {
                    throw new TensorFileException(path(), "read past the end of tensor '" + name + "'");
                }
                if (buffer == null || buffer.capacity() < bytes) {
                    buffer = ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
                }
                buffer.clear().limit((int) bytes);
                readFully(channel, buffer, position, path());
                position += bytes;
                return buffer.order(ByteOrder.LITTLE_ENDIAN);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
