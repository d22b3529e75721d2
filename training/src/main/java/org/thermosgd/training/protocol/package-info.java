/**
 * Learning-rate protocols: the step factor s that multiplies lr at each iteration. {@code constant}: s = 1;
 * {@code random}: s ~ U[0, 2], so lr is the mean rate; {@code random-max}: s ~ U[0, 1], the paper's eq. (1) read
 * literally (lr is the maximum); {@code cyclic:P}: s = 1 + cos(pi tau / P), tau the completed epochs (eq. 20), or
 * the fractional epoch for {@code cyclic-iter:P}. s is a pure function of (seed, iteration, epoch position); random
 * draws are a seeded hash, not a stateful stream, so resume and replay give the same sequence. Each protocol gives
 * its step-factor law ({@code law}), from which every prediction about a run it drove takes E[s] and E[s^2].
 * Entry point: {@link LearningRateProtocol} (its random factors are {@link StepHash} draws).
 */
package org.thermosgd.training.protocol;

import org.thermosgd.sde.ensemble.StepHash;
