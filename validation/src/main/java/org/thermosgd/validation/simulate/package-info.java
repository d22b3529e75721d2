/**
 * Langevin simulations next to their equilibrium: {@code thermosgd sde simulate} runs an underdamped-Langevin ensemble
 * (unit mass, dX = V dt, dV = -gamma V dt - k grad f dt + sqrt(S) dW, thermostat temperature S / (2 gamma), energy
 * units) through the sde module's one path driver, with kinetic and configurational temperatures from the sde
 * module's estimators, and compares the samples with the Boltzmann law by the fokker-planck module's equilibrium
 * estimators (maximum-likelihood temperature with its interval, KS, KL, histogram and kernel density).
 * Entry point: {@link LangevinSimulation}.
 */
package org.thermosgd.validation.simulate;
