/**
 * Equilibrium estimates from samples, for comparison with Boltzmann laws exp(-f/T) (unit mass, T in units of f):
 * maximum-likelihood temperature with a profile-likelihood interval, kinetic (1/n) sum_i E[v_i^2] and configurational
 * (1/n) E[x . grad f] temperatures, density histograms, Gaussian KDE, Kolmogorov-Smirnov and histogram KL (nats).
 * Intervals are 95%; standard errors treat samples as independent, so pass thinned or path-averaged samples.
 * Entry points: {@link BoltzmannFit}, {@link TemperatureEstimates}, {@link GoodnessOfFit}, {@link Histogram}.
 */
package org.thermosgd.fp.equilibrium;
