/**
 * The stationary law of momentum SGD on a quadratic f(x) = (1/2) x^T H x: exact, at leading order in lr, as the
 * paper's eq. (19) ({@code PaperPrediction}) and by simulation; derivations in docs/theory.md. x is measured from the
 * minimiser; v is the velocity in the paper forms and PyTorch's momentum buffer b in the torch forms; lr is the
 * configured learning rate, multiplied each step by the step factor s; mu is the momentum, C the batch size;
 * D = Sigma_ii (or tr(Sigma) / n) with Sigma the per-sample gradient covariance at the minimiser; the paper's
 * T = lr D / (6 C (1 - mu)) (sign slip corrected) is read as E[x_i^2] = T / h_i.
 * Entry points: {@link SgdProblem}, {@link ExactStationary}, {@link LeadingOrder}, {@link SgdSimulation}.
 */
package org.thermosgd.sde.sgd;
