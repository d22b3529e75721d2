/**
 * {@code thermosgd hessian}: the curvature of a training run's loss at a checkpoint (top and bottom eigenpairs with
 * residuals, trace and per-layer traces with intervals, spectral density) and the linear-stability ratio of the run's
 * optimiser, written beside the run. Entry point: {@link org.thermosgd.validation.curvature.HessianStudy}.
 */
package org.thermosgd.validation.curvature;
