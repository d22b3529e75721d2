package org.thermosgd.training.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.thermosgd.tensors.Mutation;

/**
 * Checkpoints with one corruption (a byte flipped or set, the file cut, bytes inserted, the header's parameter count
 * or length field set to a huge or negative value) are either read back exactly (only when nothing changed) or refused
 * with a one-line IOException naming the file: never another exception, never unverified content, and never more
 * allocation than a small multiple of the file.
 */
class CheckpointPropertyTest {
    private static final int PARAMETERS = 300;

    /**
     * The shared byte corruptions ({@code field} 0), the header length set ({@code field} 1), or the header's
     * parameter count set ({@code field} 2) to a huge, negative or off-by-one value.
     */
    record Corruption(Mutation bytes, int field, int value) {
        static final long[] COUNTS = {1L << 31, 1L << 40, -1, 0, PARAMETERS + 1, Long.MAX_VALUE};

        byte[] apply(byte[] b) {
            if (field == 0) {
                return bytes.apply(b);
            }
            if (field == 1) {
                byte[] c = b.clone();
                java.nio.ByteBuffer.wrap(c).putInt(8, new int[] {-1, Integer.MAX_VALUE, 0, 1 << 30}[value % 4]);
                return c;
            }
            int length = java.nio.ByteBuffer.wrap(b).getInt(8);
            String header = new String(b, 12, length, java.nio.charset.StandardCharsets.UTF_8);
            byte[] h = header.replaceFirst("\"parameters\"\\s*:\\s*\\d+", "\"parameters\" : "
                    + COUNTS[value % COUNTS.length]).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            out.write(b, 0, 8);
            out.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(h.length).array());
            out.writeBytes(h);
            out.write(b, 12 + length, b.length - 12 - length);
            return out.toByteArray();
        }
    }

    @Provide
    Arbitrary<Corruption> corruptions() {
        return Combinators.combine(Mutation.any(), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 255)).as(Corruption::new);
    }

    @Property(tries = 300, seed = "20261210")
    void corruptedCheckpointsAreReadExactlyOrRefusedInOneLine(@ForAll("corruptions") Corruption k)
            throws IOException {
        float[] params = new float[PARAMETERS];
        float[] state = new float[PARAMETERS];
        for (int i = 0; i < PARAMETERS; i++) {
            params[i] = (float) Math.sin(i);
            state[i] = (float) Math.cos(i) * 1e-3f;
        }
        Path file = Files.createTempFile("checkpoint", ".bin");
        try {
            new Checkpoint(1, 7L, 3L, List.of(new IterationRow(0, 1, 2.3, 1, 0.005, 1e-6)),
                    List.of(new EpochRow(1, 7, 2.2, 0.3, 2.2, 0.3, 6, 0.2, 15000, 0.3, 380, 410)),
                    params, state).write(file);
            byte[] valid = Files.readAllBytes(file);
            byte[] bytes = k.apply(valid);
            Files.write(file, bytes);
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            try {
                Checkpoint read = Checkpoint.read(file);
                assertTrue(Arrays.equals(valid, bytes), "a changed checkpoint was read: " + k);
                assertArrayEquals(params, read.params());
                assertArrayEquals(state, read.optimizerState());
            } catch (IOException e) {
                assertTrue(e.getMessage() != null && e.getMessage().startsWith(file.toString())
                        && e.getMessage().lines().count() == 1, k + ": " + e.getMessage());
            } catch (RuntimeException | Error e) {
                throw new AssertionError(k + ": " + e, e);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 64L * bytes.length + (8 << 20), k + ": allocated " + allocated + " bytes");
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
