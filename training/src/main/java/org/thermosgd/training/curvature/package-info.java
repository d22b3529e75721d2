/**
 * Curvature of a network's training loss: Hessian-vector products of the mean cross-entropy over a set of training
 * images (plus the weight-decay term when the run had one), exact for Model 1 by the R-operator
 * ({@link MlpCurvature}) and by central differences of exact gradients for every
 * network ({@link FiniteDifferenceHessian}, with the step chosen and its error
 * estimated), both as {@link SymmetricOperator}s for the spectral methods.
 * Entry point: {@link HessianOperator#of}.
 */
package org.thermosgd.training.curvature;

import org.thermosgd.sde.spectral.SymmetricOperator;
