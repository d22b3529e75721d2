package org.thermosgd.training.train;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.thermosgd.run.AtomicFiles;
import org.thermosgd.run.Json;

/**
 * The state at the end of an epoch: counters, metrics so far, parameters and optimiser state. One file, written
 * atomically: magic {@code TSGDCKP1}, a JSON header (length-prefixed), then the parameters and the optimiser state
 * as big-endian float32.
 */
public record Checkpoint(int epochsCompleted, long iteration, long seed, List<Map<String, Object>> iterations,
                         List<Map<String, Object>> epochs, float[] params, float[] optimizerState) {
    private static final byte[] MAGIC = "TSGDCKP1".getBytes(StandardCharsets.US_ASCII);

    public void write(Path target) throws IOException {
        byte[] header = Json.mapper().writeValueAsBytes(Map.of("epochsCompleted", epochsCompleted, "iteration",
                iteration, "seed", seed, "iterations", iterations, "epochs", epochs, "parameters", params.length));
        AtomicFiles.write(target, out -> {
            DataOutputStream d = new DataOutputStream(new java.io.BufferedOutputStream(out, 1 << 16));
            d.write(MAGIC);
            d.writeInt(header.length);
            d.write(header);
            writeFloats(d, params);
            writeFloats(d, optimizerState);
            d.flush();
        });
    }

    private static void writeFloats(DataOutputStream d, float[] v) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(v.length * 4);
        DataOutputStream b = new DataOutputStream(bytes);
        for (float f : v) {
            b.writeFloat(f);
        }
        d.write(bytes.toByteArray());
    }

    public static Checkpoint read(Path source) throws IOException {
        try (InputStream in = Files.newInputStream(source);
             DataInputStream d = new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16))) {
            byte[] magic = new byte[MAGIC.length];
            d.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IOException(source + ": not a thermosgd checkpoint (magic "
                        + new String(magic, StandardCharsets.US_ASCII) + ", expected TSGDCKP1)");
            }
            byte[] header = new byte[d.readInt()];
            d.readFully(header);
            Map<String, Object> h = Json.mapper().readValue(header, new TypeReference<Map<String, Object>>() { });
            int n = ((Number) h.get("parameters")).intValue();
            float[] params = readFloats(d, n);
            float[] state = readFloats(d, n);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> its = (List<Map<String, Object>>) h.get("iterations");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> eps = (List<Map<String, Object>>) h.get("epochs");
            return new Checkpoint(((Number) h.get("epochsCompleted")).intValue(),
                    ((Number) h.get("iteration")).longValue(), ((Number) h.get("seed")).longValue(), its, eps, params,
                    state);
        } catch (java.io.EOFException e) {
            throw new IOException(source + ": truncated checkpoint");
        }
    }

    private static float[] readFloats(DataInputStream d, int n) throws IOException {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = d.readFloat();
        }
        return v;
    }
}
