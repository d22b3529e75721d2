package org.thermosgd.validation.run;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * The training samples an analysis of a run draws: the one home of the choice, shared by the diffusion analysis,
 * the noise-against-curvature comparison and the saved gradients, so that the same seed picks the same samples.
 */
public final class SampleChoice {
    private SampleChoice() {
    }

    /**
     * k distinct indices of 0..population-1, a seeded partial Fisher-Yates shuffle (the samples every analysis of a run
     * draws).
     */
    public static int[] choose(int population, int k, long seed) {
        if (k > population) {
            throw new IllegalArgumentException("--samples " + k + " exceeds the " + population + " training images");
        }
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        int[] idx = new int[population];
        for (int i = 0; i < population; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(population - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return Arrays.copyOf(idx, k);
    }
}
