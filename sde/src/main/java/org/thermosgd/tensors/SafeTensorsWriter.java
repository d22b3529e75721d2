package org.thermosgd.tensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.thermosgd.run.AtomicFiles;

/**
 * Writes float32 tensors as {@code .safetensors}: an 8-byte little-endian header length, a JSON header (tensors in
 * the given order, then {@code __metadata__}) padded with spaces to a multiple of 8 bytes, then the data in order,
 * without gaps. Atomic: the file appears complete or not at all.
 */
public final class SafeTensorsWriter {
    private SafeTensorsWriter() {
    }

    /** A float32 tensor, row-major. */
    public record Tensor(String name, long[] shape, float[] data) {
        public Tensor {
            if (TensorFile.product(shape) != data.length) {
                throw new IllegalArgumentException("tensor '" + name + "' of shape " + java.util.Arrays.toString(shape)
                        + " needs " + TensorFile.product(shape) + " values, got " + data.length);
            }
        }
    }

    public static void write(Path target, List<Tensor> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        long offset = 0;
        for (Tensor t : tensors) {
            long bytes = 4L * t.data().length;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", "F32");
            entry.put("shape", t.shape());
            entry.put("data_offsets", new long[] {offset, offset + bytes});
            header.put(t.name(), entry);
            offset += bytes;
        }
        if (!metadata.isEmpty()) {
            header.put("__metadata__", metadata);
        }
        String json = new ObjectMapper().writeValueAsString(header);
        int pad = (8 - json.getBytes(StandardCharsets.UTF_8).length % 8) % 8;
        byte[] h = (json + " ".repeat(pad)).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(target, raw -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
            out.writeLong(Long.reverseBytes(h.length));
            out.write(h);
            ByteBuffer b = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor t : tensors) {
                float[] d = t.data();
                for (int i = 0; i < d.length; i += 1 << 18) {
                    int n = Math.min(1 << 18, d.length - i);
                    b.clear();
                    b.asFloatBuffer().put(d, i, n);
                    out.write(b.array(), 0, 4 * n);
                }
            }
            out.flush();
        });
    }
}
