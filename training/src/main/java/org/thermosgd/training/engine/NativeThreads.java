package org.thermosgd.training.engine;

import org.nd4j.linalg.factory.Nd4j;

/**
 * The process's native thread counts: ND4J's OpenMP pool and its BLAS. Set where a process or a run is configured
 * (the command line's start, a training run's configuration, a benchmark's thread count), never by the code that
 * trains or analyses. The pools' sizes at library load come from the launcher ({@code OMP_NUM_THREADS},
 * {@code OPENBLAS_NUM_THREADS}); this lowers or raises what they use.
 */
public final class NativeThreads {
    private NativeThreads() {
    }

    /** Uses {@code threads} native threads from now on in this process. */
    public static void use(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("native threads " + threads + ": expected at least 1");
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
