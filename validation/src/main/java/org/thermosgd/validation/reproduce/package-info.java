/**
 * Reproductions of the paper's figures (fig1..fig6) as sets of training runs: a plan ({@code manifest.json}), one run
 * directory per run under {@code runs/}, then figures and {@code report.md} / {@code report.html} with a verdict per
 * claim. {@code paper} scale uses the paper's settings; {@code quick} shrinks only the epochs and, for convolutional
 * networks, the training images. Accuracies are fractions, differences percentage points, s.d. over seeds. Finished
 * runs are skipped when run again and interrupted ones resume.
 * Entry points: {@link ReproduceRun} ({@code thermosgd reproduce}, its cost estimate and Slurm script),
 * {@link Experiments}; the folder's {@link Manifests}, its {@link Schedule}, which runs are finished
 * ({@link RunStatuses}), statistics over seeds ({@link GroupStatistics}), figures and report
 * ({@link ReproductionReport}), {@link Verdicts}.
 */
package org.thermosgd.validation.reproduce;
