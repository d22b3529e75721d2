/**
 * Langevin simulations next to their equilibrium: {@code thermosgd sde simulate} runs an underdamped-Langevin ensemble
 * (unit mass, dX = V dt, dV = -gamma V dt - k grad f dt + sqrt(S) dW, thermostat temperature S / (2 gamma), energy
 * units) through the sde module's one path driver, and compares the samples with the Boltzmann law by the
 * fokker-planck module's equilibrium estimators (kinetic and configurational temperatures, maximum-likelihood
 * temperature with its interval, KS and KL).
 * Entry point: {@link LangevinSimulation}.
 */
package org.thermosgd.validation.simulate;
