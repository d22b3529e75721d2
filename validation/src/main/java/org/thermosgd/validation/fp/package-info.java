/**
 * {@code thermosgd fp solve}: a numerical Fokker-Planck solution (Smoluchowski in x or Kramers in (x, v), reflecting
 * or periodic boundaries) written to a run directory: stationary density against Boltzmann (or the washboard's exact
 * steady state), L1 and KL distances, mean probability current (probability/time) and relaxation rate (1/time).
 * Entry point: {@link FokkerPlanckSolve}.
 */
package org.thermosgd.validation.fp;
