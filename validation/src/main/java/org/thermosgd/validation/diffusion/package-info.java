/**
 * The diffusion analysis of a training checkpoint: per-sample gradients of N random training samples at the
 * checkpoint's parameters (or their per-layer factors for dense networks), then the statistics and conventions
 * (M, S, D = tr(.)/n) of {@code org.thermosgd.fp.diffusion}, and the temperatures the paper's eq. (19) and the
 * leading order predict from D for the run's protocol, form, lr, batch and momentum. Route {@code auto} takes the
 * factored route for dense networks, else the Gram route up to the Gram limit, else the sketched one.
 * One call chooses its samples once ({@code validation.run.SampleChoice}) and computes their gradients once for
 * the analysis, the noise against curvature ({@code validation.curvature.NoiseCurvature}, which this package uses
 * and which never uses it) and the saved file. Results are records ({@link DiffusionResult}).
 * Entry points: {@link DiffusionStudy} ({@code thermosgd diffusion}), {@link CheckpointDiffusion}.
 */
package org.thermosgd.validation.diffusion;
