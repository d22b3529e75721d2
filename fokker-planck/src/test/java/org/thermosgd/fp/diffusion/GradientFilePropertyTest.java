package org.thermosgd.fp.diffusion;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.thermosgd.tensors.Dtype;
import org.thermosgd.tensors.NpyWriter;
import org.thermosgd.tensors.NpzWriter;
import org.thermosgd.tensors.TensorFileException;

/**
 * Gradient files (an .npz of blocks with a sample index, or a single .npy), corrupted byte by byte and analysed: the
 * open, the load and the analysis end in a report or a one-line refusal ({@link TensorFileException}, directly or
 * inside the {@link UncheckedIOException} of a streamed read, or the analysis's {@link IllegalArgumentException} for
 * degenerate gradients), never another exception.
 */
class GradientFilePropertyTest {
    record Corruption(int kind, double where, int value) {
        byte[] apply(byte[] b) {
            int at = Math.min(b.length - 1, (int) (where * b.length));
            byte[] c = b.clone();
            switch (kind) {
                case 0 -> c[at] ^= (byte) (1 << (value & 7));
                case 1 -> c[at] = (byte) value;
                case 2 -> c = Arrays.copyOf(b, at);
                default -> {
                }
            }
            return c;
        }
    }

    @Provide
    Arbitrary<Corruption> corruptions() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(0, 255)).as(Corruption::new);
    }

    @Provide
    Arbitrary<Integer> samples() {
        return Arbitraries.integers().between(0, 12);
    }

    private static byte[] valid(Path dir, boolean npz, int samples, long seed) throws IOException {
        java.util.Random r = new java.util.Random(seed);
        float[] a = new float[samples * 3];
        float[] b = new float[samples * 2];
        long[] idx = new long[samples];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < samples; i++) {
            idx[i] = i;
        }
        Path f = dir.resolve(npz ? "v.npz" : "v.npy");
        if (npz) {
            try (NpzWriter z = NpzWriter.create(f)) {
                z.add("a", Dtype.F32, samples, 3).put(a, 0, a.length);
                z.add("b", Dtype.F32, samples, 2).put(b, 0, b.length);
                z.add(GradientFile.SAMPLE_INDEX, Dtype.I64, samples).put(idx);
                z.finish();
            }
        } else {
            try (NpyWriter w = NpyWriter.create(f, Dtype.F32, samples, 3)) {
                w.put(a, 0, a.length);
                w.finish();
            }
        }
        byte[] bytes = Files.readAllBytes(f);
        Files.delete(f);
        return bytes;
    }

    @Property(tries = 150, seed = "20261206")
    void corruptedGradientFilesAreAnalysedOrRefusedInOneLine(@ForAll boolean npz, @ForAll("samples") int samples,
                                                             @ForAll("corruptions") Corruption c,
                                                             @ForAll long seed) throws IOException {
        Path dir = Files.createTempDirectory("grad");
        Path f = dir.resolve(npz ? "g.npz" : "g.npy");
        try {
            Files.write(f, c.apply(valid(dir, npz, samples, seed)));
            long before = allocated();
            String refused = null;
            try (GradientFile g = GradientFile.open(f)) {
                DiffusionAnalysis.analyse(g.load(), new DiffusionAnalysis.Options(2, 0, 2, 1L), GramMatrix.java());
            } catch (TensorFileException e) {
                refused = e.getMessage();
            } catch (UncheckedIOException e) {
                assertTrue(e.getCause() instanceof TensorFileException, e.toString());
                refused = e.getCause().getMessage();
            } catch (IllegalArgumentException e) {
                refused = e.getMessage();
                assertTrue(refused.startsWith("the gradients "), refused);
            }
            assertTrue(refused == null || refused.lines().count() == 1, "one line: " + refused);
            long used = allocated() - before;
            assertTrue(used < 64L << 20, used + " bytes allocated");
        } finally {
            try (var all = Files.list(dir)) {
                for (Path p : all.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
