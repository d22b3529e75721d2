/**
 * Independent simulation paths on reproducible random streams. Path i runs on stream i: the XoRoShiRo128++ generator
 * seeded from the run seed and jumped i times by 2^64 steps. Results come back in path order and do not depend on
 * the number of threads.
 * Entry points: {@link Ensemble} (M paths on a fixed number of threads) and {@link RandomStreams}.
 */
package org.thermosgd.sde.ensemble;
