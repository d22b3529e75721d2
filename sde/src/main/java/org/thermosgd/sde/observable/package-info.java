/**
 * Estimators over simulated paths. Langevin states are y = (x, v) with unit mass; the kinetic temperature is
 * (1/n) sum_i E[v_i^2], the configurational one (1/n) E[x . grad f(x)] (with k f when the force is scaled by k).
 * Standard errors are across independent paths (sd / sqrt(M)); autocorrelation times are in steps; covariances use
 * the population normalisation 1/N; log-log slopes give convergence orders.
 * Entry points: {@link LangevinObservables}, {@link AcrossPaths}, {@link CovarianceAccumulator},
 * {@link AutocorrelationTime}.
 */
package org.thermosgd.sde.observable;
