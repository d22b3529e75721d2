package org.thermosgd.training.train;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.thermosgd.run.AtomicFiles;
import org.thermosgd.run.Json;
import org.thermosgd.run.PlainName;

/**
 * The state at the end of an epoch: counters, metrics so far, parameters and optimiser state. One file, written
 * atomically: magic {@code TSGDCKP2} (the format version), a JSON header (length-prefixed), the parameters and the
 * optimiser state as big-endian float32, then the SHA-256 of all of that, which {@link #read} verifies. The header
 * holds the counters, the parameter count and the metric rows so far, each row an object keyed by its CSV column
 * ({@link IterationRow#toJson}, {@link EpochRow#toJson}).
 */
public record Checkpoint(int epochsCompleted, long iteration, long seed, List<IterationRow> iterations,
                         List<EpochRow> epochs, float[] params, float[] optimizerState) {
    /** Format 2: as format 1, followed by the SHA-256 of every byte before it. */
    private static final byte[] MAGIC = "TSGDCKP2".getBytes(StandardCharsets.US_ASCII);
    /** Format 1 (before 2026-12-04): no checksum, so never read (its content cannot be verified). */
    private static final byte[] MAGIC_V1 = "TSGDCKP1".getBytes(StandardCharsets.US_ASCII);
    private static final int DIGEST_BYTES = 32;

    public void write(Path target) throws IOException {
        byte[] header = Json.mapper().writeValueAsBytes(Map.of("epochsCompleted", epochsCompleted, "iteration",
                iteration, "seed", seed, "iterations", iterations.stream().map(IterationRow::toJson).toList(), "epochs",
                epochs.stream().map(EpochRow::toJson).toList(), "parameters", params.length));
        AtomicFiles.write(target, out -> {
            BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
            MessageDigest sha = sha256();
            DataOutputStream d = new DataOutputStream(new DigestOutputStream(buffered, sha));
            d.write(MAGIC);
            d.writeInt(header.length);
            d.write(header);
            writeFloats(d, params);
            writeFloats(d, optimizerState);
            d.flush();
            buffered.write(sha.digest());
            buffered.flush();
        });
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void writeFloats(DataOutputStream d, float[] v) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(v.length * 4);
        DataOutputStream b = new DataOutputStream(bytes);
        for (float f : v) {
            b.writeFloat(f);
        }
        d.write(bytes.toByteArray());
    }

    /**
     * Reads a checkpoint, verifying its SHA-256 (format 2); a damaged or truncated file is an IOException naming it.
     */
    public static Checkpoint read(Path source) throws IOException {
        MessageDigest sha = sha256();
        long size = Files.size(source);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(source), 1 << 16)) {
            DataInputStream d = new DataInputStream(new DigestInputStream(in, sha));
            byte[] magic = new byte[MAGIC.length];
            d.readFully(magic);
            if (Arrays.equals(magic, MAGIC_V1)) {
                throw new IOException(source + ": checkpoint format 1 (TSGDCKP1, before 2026-12-04) carries no"
                        + " checksum, so its content cannot be verified; it is not read: train the run again");
            }
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IOException(source + ": not a thermosgd checkpoint (magic "
                        + PlainName.quoted(new String(magic, StandardCharsets.ISO_8859_1))
                                + ", expected TSGDCKP2)");
            }
            int length = d.readInt();
            long fixed = MAGIC.length + 4L + DIGEST_BYTES;
            if (length < 0 || fixed + length > size) {
                throw new IOException(source + ": damaged checkpoint (header length " + length + " in a file of "
                        + size + " bytes)");
            }
            byte[] header = new byte[length];
            d.readFully(header);
            Map<String, Object> h;
            try {
                h = Json.mapper().readValue(header, new TypeReference<Map<String, Object>>() { });
            } catch (IOException e) {
                throw new IOException(source + ": damaged checkpoint (its header is not valid JSON)");
            }
            long n = ((Number) h.get("parameters")).longValue();
            if (n < 0 || n > Integer.MAX_VALUE || fixed + length + 8 * n != size) {
                throw new IOException(source + ": damaged checkpoint (" + n + " parameters declared, which needs "
                        + (fixed + length) + " + 8 x " + n + " bytes; the file has " + size + ")");
            }
            float[] params = readFloats(d, (int) n);
            float[] state = readFloats(d, (int) n);
            byte[] expected = sha.digest();
            byte[] stored = new byte[DIGEST_BYTES];
            new DataInputStream(in).readFully(stored);
            if (!MessageDigest.isEqual(expected, stored) || in.read() != -1) {
                throw new IOException(source + ": damaged checkpoint (SHA-256 of its content does not match the"
                        + " one it stores)");
            }
            List<IterationRow> its = ((List<?>) h.get("iterations")).stream()
                    .map(r -> IterationRow.fromJson((Map<?, ?>) r)).toList();
            List<EpochRow> eps = ((List<?>) h.get("epochs")).stream().map(r -> EpochRow.fromJson((Map<?, ?>) r))
                    .toList();
            return new Checkpoint(((Number) h.get("epochsCompleted")).intValue(),
                    ((Number) h.get("iteration")).longValue(), ((Number) h.get("seed")).longValue(), its, eps, params,
                    state);
        } catch (EOFException e) {
            throw new IOException(source + ": truncated checkpoint");
        } catch (RuntimeException e) {
            throw new IOException(source + ": damaged checkpoint (" + e.getClass().getSimpleName() + ")");
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
