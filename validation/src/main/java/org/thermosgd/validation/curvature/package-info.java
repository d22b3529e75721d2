/**
 * {@code thermosgd hessian}: the curvature of a training run's loss at a checkpoint (top and bottom eigenpairs with
 * residuals, trace and per-layer traces with intervals, spectral density) and the linear-stability ratio of the run's
 * optimiser, written beside the run; the gradient noise against that curvature ({@link NoiseCurvature}). It does not
 * depend on {@code validation.diffusion}. Entry points: {@link HessianStudy}, {@link NoiseCurvature}.
 */
package org.thermosgd.validation.curvature;
