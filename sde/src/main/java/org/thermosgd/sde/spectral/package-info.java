/**
 * Spectra of large symmetric operators known only through products {@code v -> A v} (a network's Hessian): the
 * extreme eigenpairs by Lanczos with full reorthogonalisation and explicit residuals |A v - lambda v|
 * ({@link Lanczos}), the trace by Hutchinson and Hutch++ with an interval, per block of
 * coordinates from the same probes ({@link TraceEstimate}), and the spectral density by
 * stochastic Lanczos quadrature: Ritz values as nodes, squared first components of the Ritz vectors as weights
 * ({@link SpectralDensity}). Vectors are double precision; products may be float32 inside.
 */
package org.thermosgd.sde.spectral;
