/**
 * Numerical Fokker-Planck solutions: conservative finite volumes with Scharfetter-Gummel fluxes and banded LU, with
 * reflecting walls or a periodic axis. Overdamped (1-D, 2-D): dX = -grad f dt + sqrt(2T) dW. Kinetic (Kramers, 1-D,
 * phase space (x, v)): dX = V dt, dV = -gamma V dt - k f'(X) dt + sqrt(2 gamma T) dW. Densities are cell averages;
 * currents are probability per unit time, positive towards +x; KL is in nats.
 * Entry points: {@link FokkerPlanck} (the generator), {@link FokkerPlanckSolver}, {@link Grid}, and
 * {@link PeriodicSmoluchowski} (the exact overdamped steady state on a circle, Stratonovich's formula).
 */
package org.thermosgd.fp.solver;
