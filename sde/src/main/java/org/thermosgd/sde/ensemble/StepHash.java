package org.thermosgd.sde.ensemble;

/**
 * A counter-based uniform generator: u(seed, i) in [0, 1) from the SplitMix64 finaliser (Stafford variant 13) of
 * seed and i, so any step's draw is computed without replaying earlier ones.
 */
public final class StepHash {
    private static final long GOLDEN = 0x9e3779b97f4a7c15L;

    private StepHash() {
    }

    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    public static long hash(long seed, long i) {
        return mix(mix(seed + GOLDEN) + (i + 1) * GOLDEN);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public static double uniform(long seed, long i) {
        return (hash(seed, i) >>> 11) * 0x1.0p-53;
    }
}
