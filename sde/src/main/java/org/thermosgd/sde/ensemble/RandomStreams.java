package org.thermosgd.sde.ensemble;

import org.apache.commons.rng.JumpableUniformRandomProvider;
import org.apache.commons.rng.RestorableUniformRandomProvider;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.core.RandomProviderDefaultState;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Independent, reproducible random streams from one seed: stream i is the XoRoShiRo128++ generator seeded from
 * {@code seed} and jumped i times by 2^64 steps, so stream i is the same whatever the number of threads or streams.
 * Streams are handed out as saved states, so that each worker thread builds its own generator in its own memory
 * (generators allocated side by side would share cache lines and slow every thread down).
 */
public final class RandomStreams {
    public static final RandomSource SOURCE = RandomSource.XO_RO_SHI_RO_128_PP;

    private RandomStreams() {
    }

    /** The saved states of streams 0..count-1. */
    public static RandomProviderDefaultState[] states(long seed, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("stream count " + count + " must be >= 0");
        }
        JumpableUniformRandomProvider base = (JumpableUniformRandomProvider) SOURCE.create(seed);
        RandomProviderDefaultState[] states = new RandomProviderDefaultState[count];
        for (int i = 0; i < count; i++) {
            states[i] = (RandomProviderDefaultState) ((RestorableUniformRandomProvider) base.jump()).saveState();
        }
        return states;
    }

    /** A new generator positioned at the given saved state (allocated by the calling thread). */
    public static UniformRandomProvider restore(RandomProviderDefaultState state) {
        RestorableUniformRandomProvider rng = (RestorableUniformRandomProvider) SOURCE.create(0L);
        rng.restoreState(state);
        return rng;
    }

    public static UniformRandomProvider[] of(long seed, int count) {
        RandomProviderDefaultState[] states = states(seed, count);
        UniformRandomProvider[] streams = new UniformRandomProvider[count];
        for (int i = 0; i < count; i++) {
            streams[i] = restore(states[i]);
        }
        return streams;
    }
}
