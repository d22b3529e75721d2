package org.thermosgd.sde.ensemble;

import org.apache.commons.rng.JumpableUniformRandomProvider;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Independent, reproducible random streams from one seed: stream i is the XoRoShiRo128++ generator seeded from
 * {@code seed} and jumped i times by 2^64 steps, so stream i is the same whatever the number of threads or streams.
 */
public final class RandomStreams {
    public static final RandomSource SOURCE = RandomSource.XO_RO_SHI_RO_128_PP;

    private RandomStreams() {
    }

    public static UniformRandomProvider[] of(long seed, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("stream count " + count + " must be >= 0");
        }
        JumpableUniformRandomProvider base = (JumpableUniformRandomProvider) SOURCE.create(seed);
        UniformRandomProvider[] streams = new UniformRandomProvider[count];
        for (int i = 0; i < count; i++) {
            streams[i] = base.jump();
        }
        return streams;
    }
}
