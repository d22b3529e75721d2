/**
 * Stationary covariances of linear dynamics from the Lyapunov equation, solved as one dense linear system in vec(S)
 * (d^2 unknowns; intended for d up to about 60). Continuous: F S + S F^T + Q = 0 for dZ = F Z dt + B dW,
 * Q = B B^T; discrete: S = A S A^T + Q for Z' = A Z + eta, Cov eta = Q. Unstable or marginally stable dynamics
 * raise {@link NoStationaryLawException}.
 * Entry points: {@link Lyapunov} and {@link LinearStationary} (a linear SDE exactly, or as sampled by
 * Euler-Maruyama at step dt).
 */
package org.thermosgd.sde.lyapunov;
