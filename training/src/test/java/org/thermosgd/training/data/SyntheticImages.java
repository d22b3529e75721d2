package org.thermosgd.training.data;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A small generated image set shaped like MNIST (1x28x28 bytes, 10 classes), for trainer tests that must not fetch
 * data. Image i has label {@code i % 10} (balanced classes; chance accuracy 0.1). Every pixel is uniform byte noise
 * in 0..{@link #NOISE}-1 (scaled: [0, 0.25), mean 0.12, close to MNIST's pixel mean 0.13), and class k
 * draws a bright 6x6 patch, pixels uniform in {@link #BRIGHT}..255, at {@link #patchRow}(k), {@link #patchColumn}(k).
 * The ten patches do not overlap, so the classes are linearly separable, and Model 1 learns them in an epoch or two.
 * The same (counts, seed) always give the same bytes.
 */
public final class SyntheticImages {
    public static final int SIZE = 28;
    public static final int PATCH = 6;
    /** Background pixels are uniform in 0..NOISE-1. */
    public static final int NOISE = 64;
    /** Patch pixels are uniform in BRIGHT..255. */
    public static final int BRIGHT = 192;

    private SyntheticImages() {
    }

    /** Top row of class k's patch: the classes sit on a 3 x 4 grid (rows 1, 10, 19; columns 1, 8, 15, 22). */
    public static int patchRow(int k) {
        return 1 + 9 * (k / 4);
    }

    /** Left column of class k's patch. */
    public static int patchColumn(int k) {
        return 1 + 7 * (k % 4);
    }

    /**
     * A data set named "synthetic" with {@code train} training and {@code test} test images, generated from
     * {@code seed} (train and test from two independent streams split off it), and no source files.
     */
    public static Dataset dataset(int train, int test, long seed) {
        if (train < 1 || test < 1) {
            throw new IllegalArgumentException("image counts " + train + ", " + test + " must be >= 1");
        }
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom trainRng = root.split();
        SplittableRandom testRng = root.split();
        return new Dataset("synthetic", images("synthetic-train", train, trainRng),
                images("synthetic-test", test, testRng), List.of());
    }

    private static ImageSet images(String name, int n, SplittableRandom rng) {
        int per = SIZE * SIZE;
        byte[] pixels = new byte[n * per];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int k = i % ImageSet.CLASSES;
            labels[i] = (byte) k;
            int base = i * per;
            for (int j = 0; j < per; j++) {
                pixels[base + j] = (byte) rng.nextInt(NOISE);
            }
            int r0 = patchRow(k);
            int c0 = patchColumn(k);
            for (int r = r0; r < r0 + PATCH; r++) {
                for (int c = c0; c < c0 + PATCH; c++) {
                    pixels[base + r * SIZE + c] = (byte) rng.nextInt(BRIGHT, 256);
                }
            }
        }
        return ImageSet.of(name, 1, SIZE, SIZE, pixels, labels);
    }
}
