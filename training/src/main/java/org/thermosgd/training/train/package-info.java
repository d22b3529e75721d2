/**
 * The instrumented, resumable trainer. Each iteration steps with lr times the protocol's factor s and records the
 * mini-batch loss, s and the mean square of the velocity / buffer per parameter; each epoch records train and test
 * loss (mean cross-entropy, nats per sample) and accuracy (a fraction), then writes the CSVs and a checkpoint
 * atomically, so a killed run resumes from its last completed epoch. The data order of epoch e depends only on
 * (seed, e). A configuration is a {@link TrainConfig} built from its named defaults and validated where it is built;
 * {@link RunFiles} is the one place that knows a run's files.
 * Entry points: {@link Trainer}, {@link TrainConfig}, {@link RunFiles}, {@link Checkpoint}.
 */
package org.thermosgd.training.train;
