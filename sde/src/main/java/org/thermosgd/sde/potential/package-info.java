/**
 * Potentials (losses) f: R^n -> R with their gradients: the quadratic (1/2) (x - m)^T H (x - m), a separable double
 * well with minima at +-a, and the tilted washboard A (1 - cos(2 pi x / L)) - F x. Implementations read only
 * x[0..n) and write only out[0..n), so a phase-space state (x, v) can be passed as it is, and do not allocate.
 * Entry points: {@link Potential}, {@link QuadraticPotential}, {@link DoubleWellPotential},
 * {@link WashboardPotential}.
 */
package org.thermosgd.sde.potential;
