/**
 * SDE problems: Ito equations dY = f(t, Y) dt + G(t, Y) dW that only describe their terms (integrators live in
 * {@code org.thermosgd.sde.integrator}). Noise covariances are per unit time. Underdamped Langevin has state
 * y = (x, v) of length 2n, unit mass, friction gamma and force scale k; exp(-(|v|^2/2 + k f) / T) is stationary when
 * the noise covariance is 2 gamma T I. Overdamped: dX = -grad f dt + sqrt(2T) dW. The paper's eqs. (9)-(10)
 * ({@code UnderdampedLangevin.paper}): gamma = (1 - mu) / lr, noise D / (3C), time such that dt = lr per SGD step.
 * Entry points: {@link SdeProblem}, {@link UnderdampedLangevin}, {@link OverdampedLangevin}, {@link LinearSde}.
 */
package org.thermosgd.sde.problem;
